"""The Korean help of the command line: every description and option help of the parser,
keyed by its English text (as gettext keys a message by its source text), and ``localize``,
which puts them on a parser built in English.

A key is the English text with its white space folded, so that rewrapping a paragraph does
not lose its translation; ``tests/cases/test_korean_screens.py`` checks that every help the
parser shows has its Korean text here.
"""

from __future__ import annotations

import argparse

_KO: dict[str, str] = {
    # argparse's own words
    "positional arguments": "위치 인자",
    "options": "옵션",
    "show this help message and exit": "이 도움말을 보이고 끝냅니다",
    "common options": "공통 옵션",
    "act as this user (else MEDIATION_USER, else the OS login)":
        "이 사용자로 실행 (없으면 MEDIATION_USER, 그다음 OS 로그인 계정)",
    "output language (default ko, or MEDIATION_LANG)": "출력 언어 (기본 ko, 또는 MEDIATION_LANG)",
    "print only JSON on stdout": "표준출력에 JSON만 출력",
    "show tracebacks of unexpected errors": "예기치 못한 오류의 추적 정보(traceback) 표시",
    # the commands
    "create or upgrade the database": "데이터베이스 생성 또는 업그레이드",
    "verify the audit trail": "감사 기록 검증",
    "manage users (mediators, supervisors, admins)": "사용자 관리 (갈등조정관, 갈등조정담당관, 관리자)",
    "open, read and advance cases": "사건 접수·조회·진행",
    "parties of a case": "사건의 당사자",
    "inspect and validate workflow definitions": "업무흐름 정의 조회·검사",
    "official letters, notices, agreements and reports": "공문, 통지서, 협의결과문, 보고서",
    "staff-editable document templates": "직원이 고칠 수 있는 문서 서식",
    "walk a fictional case through the workflow": "가상 사례로 업무흐름 전체 둘러보기",
    "deadlines of cases: list, explain, extend, complete": "사건의 기한: 목록, 계산 설명, 연장, 이행",
    "public holidays and office days off": "공휴일과 기관 휴무일",
    "reminder and escalation e-mails": "기한 알림·독촉 메일",
    "the reminder daemon": "알림 발송 데몬",
    "issues in dispute (쟁점)": "쟁점",
    "the agreement (협의결과문/합의서)": "협의결과문(합의서)",
    "commitments of signed agreements (이행 항목)": "서명된 합의의 이행 항목",
    "meetings of a case (sessions, hearings)": "사건의 회의 (협의회 회의, 공청회)",
    # init, audit
    "Create the database schema or upgrade it to the newest revision; safe to run again. With no "
    "users yet, creates the first admin: the OS login, mapped to it. An office's database runs "
    "on the system clock and each person acts as their OS login (an admin may act for another "
    "user with --as). With --simulation (a new database only: the demo, tests, training) "
    "MEDIATION_NOW sets the clock and --as or MEDIATION_USER acts as any user; the first admin "
    "is then named after --as/MEDIATION_USER or the OS login.":
        "데이터베이스 스키마를 만들거나 최신 버전으로 올립니다. 여러 번 실행해도 안전합니다. "
        "사용자가 없으면 첫 관리자를 OS 로그인 계정으로 만들고 그 계정에 연결합니다. 업무용 "
        "데이터베이스는 시스템 시계로 동작하고 각자 자신의 OS 로그인 계정으로 실행합니다(관리자는 "
        "--as로 다른 사용자를 대신할 수 있습니다). --simulation(새 데이터베이스만: 데모, 시험, "
        "교육)을 주면 MEDIATION_NOW가 시계를 정하고 --as나 MEDIATION_USER로 누구로든 실행하며, "
        "첫 관리자의 이름은 --as/MEDIATION_USER 또는 OS 로그인 계정을 따릅니다.",
    "e-mail address of the first admin (escalations reach admins)":
        "첫 관리자의 전자우편 주소 (독촉 메일이 관리자에게도 갑니다)",
    "make a new database a simulation (demo, tests, training); an office's database never "
    "becomes one":
        "새 데이터베이스를 모의 데이터베이스로 만듦 (데모, 시험, 교육); 업무용 데이터베이스는 "
        "모의 데이터베이스가 될 수 없습니다",
    "recompute hash chains": "해시 체인 다시 계산",
    "print the database's anchor line": "데이터베이스의 기준점(anchor) 한 줄 출력",
    "Recompute every case's SHA-256 event chain (or one case's) and name the first broken event. "
    "Exits 4 if any chain is broken.":
        "모든 사건(또는 한 사건)의 SHA-256 기록 체인을 다시 계산하고 처음 손상된 기록을 알려 "
        "줍니다. 손상된 체인이 있으면 종료 코드 4로 끝납니다.",
    "case number, e.g. 2026-0001 (default: all)": "사건번호, 예: 2026-0001 (기본: 전체)",
    "also check that the database still passes through the heads an anchor recorded (a file "
    "written by 'audit anchor --out', or the line itself, e.g. from the supervisors' daily "
    "e-mail)":
        "데이터베이스가 기준점에 기록된 체인 끝을 여전히 지나는지도 확인 ('audit anchor --out'으로 "
        "쓴 파일이나 그 한 줄, 예: 담당관 일일 현황 메일에 실린 줄)",
    "Print one line that pins every case's and the users' audit chain as they stand now. Keep it "
    "outside the database (a file on another machine, a printed register); 'audit verify "
    "--anchor' later shows a case deleted or a chain rewritten before that moment.":
        "지금 시점의 모든 사건과 사용자 감사 체인을 고정하는 한 줄을 출력합니다. 데이터베이스 "
        "밖(다른 컴퓨터의 파일, 인쇄한 대장)에 보관하세요. 나중에 'audit verify --anchor'가 그 "
        "이전에 삭제된 사건이나 다시 쓰인 체인을 찾아냅니다.",
    "append the line to FILE as well": "그 줄을 FILE에도 덧붙임",
    # users
    "add a user (admins only)": "사용자 추가 (관리자만)",
    "list users": "사용자 목록",
    "set a user's password for the web console": "웹 콘솔 로그인 비밀번호 설정",
    "Set the password a user signs in to the web console with (`mediation web`): asked twice, not "
    "shown. Admins set anyone's, a user their own. Only its argon2id hash is stored. Example: "
    "mediation user password park":
        "사용자가 웹 콘솔(`mediation web`)에 로그인할 비밀번호를 설정합니다. 화면에 보이지 않게 두 번 "
        "묻습니다. 관리자는 누구의 것이든, 사용자는 자기 것을 설정합니다. argon2id 해시만 저장합니다. "
        "예: mediation user password park",
    "read the password from the first line of standard input (for scripts)":
        "표준입력의 첫 줄에서 비밀번호를 읽음 (스크립트용)",
    "a one-time password: the user must change it when first signing in":
        "일회용 비밀번호: 사용자가 처음 로그인할 때 바꿔야 함",
    "serve the web console": "웹 콘솔 실행",
    "Serve the web console (the supervisor's desk: dashboard, cases, approval of letters) on "
    "http://HOST:PORT/. Users sign in with the password set by `mediation user password`, or "
    "through the office's single sign-on proxy (MEDIATION_WEB_TRUSTED_HEADER, "
    "MEDIATION_WEB_TRUSTED_PROXIES). Put it behind an HTTPS proxy for use beyond this computer. "
    "Example: mediation web --port 8000":
        "웹 콘솔(담당관의 업무 화면: 대시보드, 사건, 공문 결재)을 http://HOST:PORT/ 에서 엽니다. "
        "사용자는 `mediation user password`로 설정한 비밀번호로, 또는 기관의 통합 로그인 프록시"
        "(MEDIATION_WEB_TRUSTED_HEADER, MEDIATION_WEB_TRUSTED_PROXIES)를 거쳐 로그인합니다. 이 "
        "컴퓨터 밖에서 쓰려면 HTTPS 프록시 뒤에 두세요. 예: mediation web --port 8000",
    "address to listen on (default 127.0.0.1: this computer only)":
        "대기할 주소 (기본 127.0.0.1: 이 컴퓨터에서만)",
    "port to listen on (default 8000)": "대기할 포트 (기본 8000)",
    "change a user's name or e-mail": "사용자 이름·전자우편 변경",
    "deactivate a user (admins only)": "사용자 비활성화 (관리자만)",
    "activate a user (admins only)": "사용자 활성화 (관리자만)",
    "Add a user. Roles: mediator (갈등조정관), supervisor (갈등조정담당관, receives reminders), "
    "admin.":
        "사용자를 추가합니다. 역할: mediator(갈등조정관), supervisor(갈등조정담당관, 알림을 받음), "
        "admin(관리자).",
    "full name, e.g. 김조정": "성명, 예: 김조정",
    "mediator (갈등조정관), supervisor (갈등조정담당관) or admin (관리자)":
        "갈등조정관(mediator), 갈등조정담당관(supervisor) 또는 관리자(admin)",
    "the person's OS account, where it differs from USERNAME (in an office database the program "
    "acts as the user mapped to the OS login running it)":
        "USERNAME과 다를 때 그 사람의 OS 계정 (업무용 데이터베이스에서는 실행한 OS 로그인 "
        "계정에 연결된 사용자로 동작합니다)",
    "Change a user's name or e-mail address (where reminders and escalations go), or map them to "
    "an OS account (--login, admins only). Admins change anyone; a user changes themselves. "
    "Example: mediation user update admin --email admin@seoul.go.kr":
        "사용자의 이름이나 전자우편 주소(알림·독촉 메일을 받는 곳)를 바꾸거나 OS 계정에 연결합니다"
        "(--login, 관리자만). 관리자는 누구든, 사용자는 자신을 바꿀 수 있습니다. "
        "예시: mediation user update admin --email admin@seoul.go.kr",
    "full name": "성명",
    "e-mail address for reminders": "알림을 받을 전자우편 주소",
    "map the user to this OS account (admins only)": "사용자를 이 OS 계정에 연결 (관리자만)",
    # cases
    "open a case (prints its number)": "사건 접수 (사건번호 출력)",
    "list cases": "사건 목록",
    "a case with its triggers, parties and events": "사건의 가능한 트리거, 당사자, 기록",
    "change case fields": "사건 항목 수정",
    "reassign mediator or supervisor": "갈등조정관·갈등조정담당관 변경",
    "fire a workflow trigger": "업무흐름 트리거 실행",
    "the case's full audit trail": "사건의 전체 감사 기록",
    "stop the clock of a case's deadlines": "사건의 기한 진행 정지",
    "restart the clock of a case's deadlines": "사건의 기한 진행 재개",
    "Open a case at its workflow's initial state.": "업무흐름의 첫 상태로 사건을 접수합니다.",
    "case fields": "사건 항목",
    "public_conflict or neighbor_dispute": "public_conflict(공공갈등) 또는 neighbor_dispute(이웃분쟁)",
    "case name (사건명)": "사건명",
    "username of the case officer": "담당 갈등조정관의 사용자명",
    "username of the division head": "갈등조정담당관의 사용자명",
    "short description": "개요",
    "conflict type, repeatable or comma-separated: interest, value, siting, policy, fact, "
    "structural, relationship":
        "갈등유형, 반복하거나 쉼표로 구분: 이익, 가치, 입지, 정책, 사실관계, 구조, 관계 "
        "(또는 interest, value, siting, policy, fact, structural, relationship)",
    "regional_development, housing, transport, environment, welfare, culture, education, "
    "economy, administration, neighbourhood":
        "분야: 지역개발, 주택·재개발, 교통, 환경, 복지시설, 문화, 교육, 경제, 행정, 생활(이웃) "
        "(또는 영문 값 welfare 등)",
    "자치구 written exactly as listed, e.g. 마포구 (the list: `mediation case districts`)":
        "목록에 있는 그대로 쓴 자치구, 예: 마포구 (목록: `mediation case districts`)",
    "the districts a case may name": "사건에 쓸 수 있는 자치구 목록",
    "The districts (자치구) `case open` and `case update --district` accept, written exactly: "
    "Seoul's 25 unless the office's MEDIATION_DISTRICTS_FILE lists its own, one a line.":
        "`case open`과 `case update --district`가 받는 자치구(목록에 있는 그대로). 사무소의\n"
        "MEDIATION_DISTRICTS_FILE이 한 줄에 하나씩 따로 정하지 않으면 서울의 25개 자치구입니다.",
    "site address or description": "위치 (주소나 설명)",
    "project-owner department (실·국)": "사업부서 (실·국)",
    "department_referral, complaint, early_warning, committee, media, phone, visit, other":
        "접수경로: 부서 의뢰, 민원, 조기경보, 위원회, 언론 보도, 전화 접수, 방문 접수, 기타",
    "plan, budget, design, construction, operation": "사업단계: 계획, 예산, 설계, 시공, 운영",
    "diagnosis grade A, B or C": "진단등급 A(심각), B(주의) 또는 C(관심)",
    "none, pre (예비경보) or alert (경보)": "경보단계: 없음, 예비경보 또는 경보 (none, pre, alert)",
    "an early-warning indicator that applies (repeatable)": "해당하는 경보지표 (반복 가능)",
    "number of people involved": "관련 인원 수",
    "project cost in won": "사업비 (원)",
    "neutral chair (협의회 의장)": "협의회 의장",
    "state name, e.g. diagnosis (`workflow show` lists them)":
        "상태 이름, 예: diagnosis(갈등진단) (`workflow show`에 나옴)",
    "rows per page (default 50)": "한 쪽에 보일 건수 (기본 50)",
    "rows to skip: the next page starts at --offset 50": "건너뛸 건수: 다음 쪽은 --offset 50부터",
    "only open cases": "진행 중인 사건만",
    "only closed cases": "종결된 사건만",
    "List cases, newest first.": "사건 목록을 최근 접수 순으로 보입니다.",
    "opened on or after DATE (2026-11-24)": "DATE 이후 접수 (2026-11-24)",
    "opened on or before DATE": "DATE 이전 접수",
    "how many recent events (default 10)": "보일 최근 기록 수 (기본 10)",
    "Change case fields; the change is recorded in the audit trail.":
        "사건 항목을 수정합니다. 변경 내용은 감사 기록에 남습니다.",
    "case name": "사건명",
    "why (kept in the audit trail)": "사유 (감사 기록에 남음)",
    "Fire TRIGGER on the case. `case show` lists the triggers available now and whether their "
    "conditions hold.":
        "사건에 TRIGGER를 실행합니다. 지금 가능한 트리거와 조건 충족 여부는 `case show`에 "
        "나옵니다.",
    "reason; required by some triggers (withdraw, refer, ...)":
        "사유; 일부 트리거(withdraw, refer 등)에 필요",
    "Freeze every open deadline with the working time it has left; pending reminders are held.":
        "진행 중인 모든 기한을 남은 근무시간과 함께 멈춥니다. 대기 중인 알림도 보류됩니다.",
    "Each paused deadline gets back the working time it had left; its reminders move with it.":
        "멈춘 기한마다 남아 있던 근무시간을 되돌려 줍니다. 알림도 함께 옮겨집니다.",
    # parties
    "add a party (prints its id)": "당사자 추가 (번호 출력)",
    "list a case's parties": "사건의 당사자 목록",
    "record consent to mediation": "조정 동의 기록",
    "record consent to open meetings": "회의 공개 동의 기록",
    "Add a party to a case; its id is printed on stdout. Roles: applicant, respondent, agency, "
    "department, resident_group, stakeholder, group, expert, observer. A party's letters are "
    "written in its language (--lang, default ko) and e-mailed when it has an address, else "
    "listed for the post. The new party has not agreed to open meetings, so the case's "
    "scheduled public council meetings become closed (decree art. 22; public hearings stay "
    "public): stderr says which, the audit trail records a meetings_closed event. examples: "
    "mediation party add 2026-0001 --name \"가상동 주민대책위원회\" --role resident_group \\ "
    "--email residents@example.org --address \"서울특별시 가상구 가상로 1\" mediation party add "
    "2026-0001 --name \"Jane Doe\" --role expert --lang en":
        "사건에 당사자를 추가하고 그 번호를 표준출력에 보입니다. 역할: 신청인, 피신청인, 기관,\n"
        "사업부서, 주민단체, 이해관계인, 관련단체, 전문가, 참관인 (또는 applicant 등 영문 값).\n"
        "당사자에게 가는 문서는 그 당사자의 언어(--lang, 기본 ko)로 쓰고, 전자우편 주소가 있으면\n"
        "메일로 보내며 없으면 우편 발송 목록에 올립니다.\n\n"
        "새 당사자는 회의 공개에 동의하지 않았으므로 예정된 공개 협의회 회의는 비공개가 됩니다\n"
        "(시행령 제22조; 공청회는 공개 유지). 어떤 회의인지 표준오류에 알리고, 감사 기록에\n"
        "회의 비공개 전환(meetings_closed)으로 남깁니다.\n\n"
        "예시:\n"
        "  mediation party add 2026-0001 --name \"가상동 주민대책위원회\" --role 주민단체 \\\n"
        "      --email residents@example.org --address \"서울특별시 가상구 가상로 1\"\n"
        "  mediation party add 2026-0001 --name \"Jane Doe\" --role expert --lang en\n",
    "case number, e.g. 2026-0001": "사건번호, 예: 2026-0001",
    "a representative party (대표당사자, decree art. 17)": "대표당사자 (시행령 제17조)",
    "postal address for letters": "문서를 받을 우편 주소",
    "language of this party's letters (default ko)": "이 당사자에게 보낼 문서의 언어 (기본 ko)",
    "A case's parties: id, name, role, contact, consent to mediation and to open meetings. "
    "examples: mediation party list 2026-0001 mediation party list 2026-0001 --json":
        "사건의 당사자: 번호, 이름, 역할, 연락처, 조정 동의와 회의 공개 동의.\n\n"
        "예시:\n  mediation party list 2026-0001\n  mediation party list 2026-0001 --json",
    "Record that a party consents to mediation (or, with --declined, declines). Workflows check "
    "it before mediation starts (e.g. the all_parties_consented guard). examples: mediation "
    "party consent 2026-0001 2 mediation party consent 2026-0001 3 --declined":
        "당사자가 조정에 동의했음을 기록합니다(--declined이면 거부). 업무흐름은 조정을 시작하기\n"
        "전에 이를 확인합니다(예: 모든 당사자 동의 조건).\n\n"
        "예시:\n  mediation party consent 2026-0001 2\n"
        "  mediation party consent 2026-0001 3 --declined\n",
    "the party's id (party list)": "당사자 번호 (party list)",
    "the party declines mediation": "당사자가 조정을 거부함",
    "Record that a party agrees that the case's council meetings be open to the public (or, with "
    "--withdraw, withdraws that). Council meetings are closed unless every party agrees (공공기관의 "
    "갈등 예방과 해결에 관한 규정 제22조): `meeting schedule --public` is refused until every "
    "party has, and a withdrawal makes the case's scheduled public council meetings closed "
    "(recorded as a meetings_closed event). Public hearings need no consent. examples: "
    "mediation party open-consent 2026-0001 2 mediation party open-consent 2026-0001 2 "
    "--withdraw":
        "당사자가 협의회 회의 공개에 동의했음을 기록합니다(--withdraw이면 동의 철회). 협의회\n"
        "회의는 모든 당사자가 동의해야 공개합니다(공공기관의 갈등 예방과 해결에 관한 규정\n"
        "제22조). 모든 당사자가 동의하기 전에는 `meeting schedule --public`을 거부하고, 동의를\n"
        "철회하면 예정된 공개 협의회 회의가 비공개로 바뀝니다(회의 비공개 전환으로 기록).\n"
        "공청회는 동의가 필요 없습니다.\n\n"
        "예시:\n  mediation party open-consent 2026-0001 2\n"
        "  mediation party open-consent 2026-0001 2 --withdraw\n",
    "withdraw the consent given": "한 동의를 철회",
    # workflows
    "the installed workflows": "설치된 업무흐름",
    "states and transitions of a workflow": "업무흐름의 상태와 전이",
    "check a workflow file": "업무흐름 파일 검사",
    "Mermaid state diagram of a workflow": "업무흐름의 Mermaid 상태도",
    "Load FILE with every check (strict keys, known guards and roles, reachable states, every "
    "state can end). Exit 2 with the file and key path of the first problem.":
        "FILE을 모든 검사와 함께 읽습니다(알 수 없는 키, 등록된 조건과 역할, 도달 가능한 상태, "
        "모든 상태에서 종결 가능). 문제가 있으면 첫 문제의 파일과 키 경로를 알리고 종료 코드 "
        "2로 끝납니다.",
    # letters
    "write and register documents": "문서 작성 및 등록",
    "the documents of a case": "사건의 문서 목록",
    "one register entry": "문서 대장의 한 건",
    "check a document's file against its hash": "문서 파일을 등록된 해시와 대조",
    "the same issued document again": "발행된 문서를 그대로 다시 출력",
    "Correct a party's details (a mistyped e-mail address, a wrong role). The case's history reco"
    'rds each change (old → new); for the e-mail address, phone and postal address it records onl'
    'y that they changed. Letters already issued keep what they said; new letters use the correct'
    'ed details. examples: mediation party update 2026-0001 2 --email hong@example.org mediation '
    'party update 2026-0001 3 --role respondent --organization "가상구청 도시계획과"':
        '당사자 정보를 고칩니다 (잘못 적은 전자우편 주소, 잘못 고른 역할 등). 사건 이력에\n'
        '바뀐 항목마다 이전 값 → 새 값을 남기고, 전자우편·전화·주소는 바뀌었다는 사실만 남깁니다.\n'
        '이미 발행한 문서는 그대로이고, 이후 문서는 고친 정보로 작성합니다.\n\n'
        '예시:\n'
        '  mediation party update 2026-0001 2 --email hong@example.org\n'
        '  mediation party update 2026-0001 3 --role respondent --organization "가상구청 도시계획과"\n',
    'Remove a party added by mistake (a duplicate, the wrong household). It is marked removed wit'
    'h the reason, never deleted: it stays in the history and in the letters already issued to it'
    ", and leaves the workflow's conditions (consent of every party, signatures), letters to ever"
    'y party and the absence rule. `party list` still shows it, marked. examples: mediation party'
    ' remove 2026-0001 4 --reason "같은 당사자를 두 번 등록함"':
        '잘못 등록한 당사자(중복 등록, 다른 세대 등)를 제외합니다. 삭제하지 않고 사유와 함께\n'
        "'제외됨'으로 표시하므로 이력과 이미 발행한 문서에는 남고, 업무흐름의 조건(모든 당사자의\n"
        '동의, 서명), 모든 당사자에게 가는 문서, 불출석 규정에서는 빠집니다. `party list`에는\n'
        '표시와 함께 계속 보입니다.\n\n'
        '예시:\n'
        '  mediation party remove 2026-0001 4 --reason "같은 당사자를 두 번 등록함"\n',
    "correct a party's details":
        '당사자 정보 고치기',
    'remove a party added by mistake':
        '잘못 등록한 당사자 제외',
    "organisation ('' clears it)":
        "소속 ('' 이면 지움)",
    'no longer a representative party':
        '대표당사자 지정 해제',
    "e-mail address ('' clears it: letters go by post)":
        "전자우편 주소 ('' 이면 지움: 문서는 우편으로)",
    "phone number ('' clears it)":
        "전화번호 ('' 이면 지움)",
    "postal address for letters ('' clears it)":
        "문서를 받을 우편 주소 ('' 이면 지움)",
    "language of this party's letters":
        '이 당사자에게 가는 문서의 언어',
    "correct an issue's wording": "쟁점 문구 고치기",
    "Correct the wording of an issue in dispute. The history keeps the old and the new text; "
    "the agreement lists its issues, so signatures given so far become void.":
        "쟁점의 문구를 고칩니다. 이력에 이전 문구와 새 문구가 남고, 합의서에 쟁점이 실리므로 "
        "지금까지 받은 서명은 무효가 됩니다.",
    "the corrected wording": "고친 문구",
    "remove an issue recorded by mistake": "잘못 기록한 쟁점 삭제",
    "Remove an issue recorded by mistake (twice, on the wrong case). The history keeps its "
    "text and the reason; signatures given so far become void.":
        "잘못 기록한 쟁점(중복, 다른 사건)을 삭제합니다. 이력에 그 문구와 사유가 남고, "
        "지금까지 받은 서명은 무효가 됩니다.",
    "replace the record of a meeting already recorded (with --reason)":
        "이미 기록한 회의의 기록을 고쳐 씀 (--reason 과 함께)",
    "why the record is corrected (kept in the audit trail)": "기록을 고치는 사유 (감사 기록에 남음)",
    "letters awaiting approval (결재)": "결재를 기다리는 문서",
    "The drafts awaiting approval in the cases you may read, oldest first: what a supervisor "
    "approves with `letter approve` or returns with `letter return`. Read a draft with `letter "
    "print DOC`.":
        "볼 수 있는 사건의 결재 대기 문서를 오래된 것부터 보입니다. 담당관이 `letter approve`로 "
        "결재하거나 `letter return`으로 반려합니다. 초안은 `letter print DOC`로 읽습니다.",
    "approve a draft (결재); it can be sent": "초안 결재 (결재 후 발송 가능)",
    "Approve a draft letter (결재): it is written again with the same number, dated today, with "
    "your name and the date in its 결재란, and can then be sent. The case's supervisor or an "
    "admin approves; the draft's file is kept beside it.":
        "초안을 결재합니다. 같은 번호로 오늘 날짜의 문서를 다시 쓰고 결재란에 결재자 이름과 날짜를 "
        "넣으며, 그 뒤에 발송할 수 있습니다. 사건의 담당관 또는 관리자가 결재하며, 초안 파일은 "
        "그대로 보존합니다.",
    "a comment kept with the approval": "결재 의견 (기록에 남음)",
    "return a draft (반려) with a comment": "초안 반려 (의견과 함께)",
    "Return a draft to its mediator (반려) with your comment; it is not sent. The mediator "
    "writes a corrected version with `letter render … --replaces DOC`.":
        "초안을 의견과 함께 기안자에게 반려합니다. 반려된 문서는 발송하지 않으며, 기안자가 "
        "`letter render … --replaces DOC`로 정정본을 작성합니다.",
    "what to correct": "고칠 내용",
    "take back the last transition (supervisor)": "마지막 상태 변경 되돌리기 (담당관)",
    "Reverse the case's last transition when nothing irreversible followed it (no letter "
    "sent, no signature collected, no meeting held, no reminder delivered): the state it left "
    "comes back, the deadlines it opened are cancelled and those it closed run again, the "
    "documents it produced are voided. The trail keeps both the transition and its undoing. "
    "A supervisor of the case or an admin does it.":
        "마지막 상태 변경 뒤에 되돌릴 수 없는 일(문서 발송, 서명, 회의 개최, 알림 메일 발송)이 "
        "없으면 그 상태 변경을 되돌립니다. 이전 상태로 돌아가고, 그 변경으로 시작된 기한은 "
        "취소되며 끝난 기한은 다시 진행하고, 그 변경으로 작성된 문서는 무효 처리됩니다. 감사 "
        "기록에는 상태 변경과 되돌림이 모두 남습니다. 사건의 담당관 또는 관리자가 합니다.",
    "reopen a case closed by mistake (supervisor)": "잘못 종결된 사건 다시 열기 (담당관)",
    "example: mediation case undo 2026-0001 --reason \"진단등급 입력 전에 잘못 넘김\"":
        "예시: mediation case undo 2026-0001 --reason \"진단등급 입력 전에 잘못 넘김\"",
    "example: mediation case reopen 2026-0001 --reason \"당사자 요청으로 재개\"":
        "예시: mediation case reopen 2026-0001 --reason \"당사자 요청으로 재개\"",
    "Return a closed case — closed by a person, by the dormancy close or by the absence rule "
    "— to the state it was closed from; its deadlines start again from now. The closing stays "
    "in the trail. A supervisor of the case or an admin does it.":
        "사람이, 장기 미진행 종결이, 또는 불출석 규정이 종결한 사건을 종결 직전 상태로 "
        "되돌립니다. 기한은 지금부터 다시 시작합니다. 종결 기록은 감사 기록에 그대로 남습니다. "
        "사건의 담당관 또는 관리자가 합니다.",
    "Copy the file of an issued document as it was registered — same number, date and bytes "
    "— after checking it against its SHA-256. A voided or replaced document is refused (its "
    "correction is named).":
        "발행된 문서의 파일을 등록된 그대로(같은 번호·날짜·내용) SHA-256을 대조한 뒤 복사합니다. "
        "무효 처리되었거나 정정된 문서는 거절하고 정정본 번호를 알려 줍니다.",
    "where to write it (default: the file name in the current folder; - for standard output)":
        "저장할 곳 (기본: 현재 폴더에 같은 파일 이름, - 는 표준출력)",
    "void a document issued by mistake": "잘못 발행한 문서를 무효 처리",
    "Mark an issued document void, with the reason, on the record: the number is never "
    "reused, the file is kept, the case's history shows who voided it and why. A document "
    "already sent stays sent; tell its recipient.":
        "발행된 문서를 사유와 함께 무효로 기록합니다. 번호는 다시 쓰지 않고 파일은 보존하며, "
        "사건 이력에 누가 언제 왜 무효 처리했는지 남습니다. 이미 발송한 문서는 발송 기록이 "
        "그대로 남으니 수신인에게 알리세요.",
    "why the document is void": "무효 사유",
    "issue a corrected version of DOC (same kind and recipient); DOC is marked replaced":
        "DOC의 정정본 발행 (같은 종류·수신인). DOC는 '정정됨'으로 표시",
    "e-mail documents to their parties": "문서를 당사자에게 전자우편으로 발송",
    "the document kinds": "문서 종류",
    "Write KIND for case NUMBER: one document per recipient, each registered with a number "
    "(<prefix>-<year>-<sequence>), the SHA-256 of its file and the context it was rendered from. "
    "Letters to parties need --party ID or --all-parties (one letter each, never a shared list); "
    "the agreement and the internal reports are one document. A party's letters are in the "
    "party's language unless --lang is given. Kinds: see `mediation letter kinds`.":
        "사건 NUMBER의 KIND 문서를 작성합니다. 수신자마다 한 건씩, 문서번호\n"
        "(<접두어>-<연도>-<일련번호>), 파일의 SHA-256, 작성에 쓴 내용과 함께 등록합니다.\n"
        "당사자에게 보내는 문서는 --party ID나 --all-parties가 필요합니다(당사자마다 한 건, 공동\n"
        "수신 목록 없음). 협의결과문과 내부 보고서는 한 건입니다. --lang을 주지 않으면 당사자의\n"
        "언어로 씁니다. 문서 종류: `mediation letter kinds`.",
    "what a letter states besides the case": "사건 외에 문서에 적을 내용",
    "document kind (mediation letter kinds)": "문서 종류 (mediation letter kinds)",
    "the one party to write to": "문서를 받을 당사자 한 명",
    "one letter to every party": "모든 당사자에게 한 건씩",
    "output format (default MEDIATION_DOCUMENT_FORMAT or pdf)":
        "출력 형식 (기본 MEDIATION_DOCUMENT_FORMAT 또는 pdf)",
    "language of the documents (default: each party's own)": "문서 언어 (기본: 각 당사자의 언어)",
    "folder for the files (default MEDIATION_DOCUMENTS_DIR/NUMBER)":
        "파일을 쓸 폴더 (기본 MEDIATION_DOCUMENTS_DIR/NUMBER)",
    "render in N processes (for many letters)": "N개 프로세스로 작성 (문서가 많을 때)",
    "reasons (extension, closure, result); closure defaults to the note of the closing step":
        "사유 (연장, 종결, 결과 통지); 종결 통지는 기본으로 종결 단계의 사유를 씀",
    "reply deadline of an invitation": "조정 참여 요청의 회신 기한",
    "new date of an extension notice": "연장 통지의 새 기한",
    "expected completion (progress)": "처리 예정일 (진행상황 통지)",
    "meeting start, 2026-12-08T14:30+09:00": "회의 시작 시각, 2026-12-08T14:30+09:00",
    "meeting end (default: 2 hours later)": "회의 종료 시각 (기본: 2시간 뒤)",
    "meeting place": "회의 장소",
    "meeting name (default: 갈등조정협의회 회의)": "회의 이름 (기본: 갈등조정협의회 회의)",
    "purpose of the meeting": "회의 목적",
    "agenda item (repeatable)": "안건 (반복 가능)",
    "the meeting is public (every party agreed; decree art. 22)":
        "공개 회의 (모든 당사자 동의; 시행령 제22조)",
    "send a meeting notice less than 7 days before the meeting": "회의 7일 전이 지나서 통지서 발송",
    "document number, e.g. 갈등조정담당관-2026-0001": "문서번호, 예: 갈등조정담당관-2026-0001",
    "also print the context JSON": "작성에 쓴 내용(JSON)도 출력",
    "Recompute the SHA-256 of the document's files; exit 4 if a file changed or is missing.":
        "문서 파일의 SHA-256을 다시 계산합니다. 파일이 바뀌었거나 없으면 종료 코드 4로 "
        "끝납니다.",
    "E-mail each document (with its calendar file) to its party, through the same SMTP server or "
    "outbox folder as reminders; lists the documents whose recipient has no e-mail address for "
    "postal delivery. A file that no longer matches the register is not sent.":
        "각 문서를 (일정 파일과 함께) 당사자에게 알림과 같은 SMTP 서버나 보낸 메일함 폴더로 "
        "보냅니다. 전자우편 주소가 없는 수신자의 문서는 우편 발송 목록에 올립니다. 대장과 "
        "맞지 않는 파일은 보내지 않습니다.",
    "render every template with sample data": "모든 서식을 예시 자료로 작성해 보기",
    "Compile every template (override folder and shipped) and render every document kind in "
    "Korean and English with a fictional sample case; report problems with file and line. Exit 2 "
    "if any template fails.":
        "모든 서식(기관 폴더와 기본 제공)을 읽고 모든 문서 종류를 가상 사례로 한국어와 영어로 "
        "작성해 봅니다. 문제는 파일과 줄 번호로 알립니다. 실패한 서식이 있으면 종료 코드 2로 "
        "끝납니다.",
    "Create a fresh SQLite database in DIR (default ./mediation-demo), fictional users and a "
    "fictional Seoul public-conflict case, and walk it through the workflow with time moving "
    "forward. Start time: MEDIATION_NOW, else now.":
        "DIR(기본 ./mediation-demo)에 새 SQLite 데이터베이스와 가상 사용자, 서울의 가상 "
        "공공갈등 사례를 만들고 시간을 앞으로 옮겨 가며 업무흐름 전체를 진행합니다. 시작 "
        "시각: MEDIATION_NOW, 없으면 지금.",
    "folder of the demo database (recreated if it holds an earlier demo)":
        "데모 데이터베이스 폴더 (이전 데모가 있으면 다시 만듦)",
    # deadlines, calendar
    "open deadlines, soonest first": "진행 중인 기한, 가까운 순",
    "how a due time was computed": "기한 계산 설명",
    "extend a deadline (민원 시행령 제21조)": "기한 연장 (민원 시행령 제21조)",
    "record a deadline as met": "기한 이행 기록",
    "Open and paused deadlines (of one case, or of every case).":
        "진행 중이거나 정지된 기한 (한 사건 또는 전체 사건).",
    "case number (default: every case)": "사건번호 (기본: 전체 사건)",
    "only deadlines already past due": "이미 지난 기한만",
    "only those due within SPAN: 12h, 7d, 2w": "SPAN 안에 돌아오는 기한만: 12h, 7d, 2w",
    "include met and cancelled deadlines": "이행했거나 취소된 기한도 포함",
    "The start, the counting rule, every weekend and holiday skipped (by name), pauses, "
    "extensions and the result.":
        "시작 시각, 계산 규칙, 제외한 주말과 공휴일(이름과 함께), 정지, 연장, 결과를 보입니다.",
    "deadline id (default: every deadline)": "기한 번호 (기본: 모든 기한)",
    "The first extension must be made before the due time and add at most the original period; "
    "a second needs the applicant's consent (--with-consent). The original due time stays "
    "recorded.":
        "첫 연장은 기한 안에, 원래 기간 이내로만 할 수 있습니다. 두 번째 연장은 신청인의 동의가 "
        "필요합니다(--with-consent). 원래 기한은 기록에 남습니다.",
    "new due date (ends with office hours)": "새 기한 날짜 (근무시간 종료까지)",
    "3h working hours, 5d days (art. 19 counting), 10cd calendar days, 2m months":
        "3h 근무시간, 5d 일(제19조 계산), 10cd 역일, 2m 개월",
    "reason, for the extension notice": "연장 통지에 적을 사유",
    "the applicant consented": "신청인이 동의함",
    "Record that the step was done (e.g. the progress letter was sent); a repeating deadline's "
    "next occurrence starts from its due time.":
        "해당 절차를 이행했음을 기록합니다(예: 진행상황 통지서 발송). 반복 기한은 이번 기한부터 "
        "다음 기한을 셉니다.",
    "make a day a holiday for this office": "기관 휴무일 지정",
    "make a day a working day": "근무일로 지정",
    "the year's holidays and office changes": "그해의 공휴일과 기관 지정일",
    "Add a day off (an election day, a temporary holiday). Open deadlines whose run covers the "
    "day are recomputed and the change is recorded on each case.":
        "휴무일(선거일, 임시공휴일)을 추가합니다. 그날이 걸친 진행 중인 기한을 다시 계산하고 "
        "각 사건에 변경을 기록합니다.",
    "2026-06-03": "날짜, 예: 2026-06-03",
    "name shown in explanations, e.g. 임시공휴일": "기한 설명에 보일 이름, 예: 임시공휴일",
    "Withdraw an office holiday, or declare one of the public holidays of the `holidays` package "
    "a working day for this office (whether 노동절 closes offices changes over the years). "
    "Affected open deadlines are recomputed.":
        "기관 휴무일을 취소하거나 `holidays` 패키지의 공휴일을 이 기관의 근무일로 지정합니다"
        "(노동절 휴무 여부는 해마다 다릅니다). 영향을 받는 진행 중인 기한을 다시 계산합니다.",
    "default: this year": "기본: 올해",
    # reminders, scheduler
    "reminders not yet sent (or --all)": "아직 보내지 않은 알림 (또는 --all)",
    "send what is due now, once (for cron)": "지금 보낼 것을 한 번 발송 (cron용)",
    "queue a failed reminder again": "실패한 알림을 다시 대기열에",
    "Reminders pending, being sent or failed; --due: the ones that may be sent now; --failed: "
    "given up after retries; --all.":
        "대기, 발송 중, 실패한 알림; --due: 지금 보낼 수 있는 것; --failed: 재시도 끝에 포기한 "
        "것; --all: 전부.",
    "only this case's reminders": "이 사건의 알림만",
    "Once: start repeating deadlines that came round, notice and close dormant cases, queue the "
    "09:00 digest and the monthly review, send every due reminder and escalation; then exit. "
    "Safe to run from several machines at once.":
        "한 번 실행: 돌아온 반복 기한을 시작하고, 장기 미진행 사건에 안내하거나 종결하고, 09:00 "
        "일일 현황과 월간 점검을 예약하고, 보낼 때가 된 알림과 독촉을 모두 보낸 뒤 끝납니다. "
        "여러 컴퓨터에서 동시에 실행해도 안전합니다.",
    "send reminders as they fall due": "알림을 때맞춰 발송",
    "Run until stopped (SIGTERM, Ctrl-C): a sweep every MEDIATION_SWEEP_SECONDS (default 30) "
    "sends due reminders and escalations; 09:00 on working days, a digest to each supervisor; "
    "the first working day of each month, the review reminder; hourly, the dormancy check. At "
    "start, everything that fell due while no scheduler ran is done once (late reminders are "
    "marked late). Several schedulers may run at once: each reminder is claimed before it is "
    "sent.":
        "멈출 때까지(SIGTERM, Ctrl-C) 실행합니다. MEDIATION_SWEEP_SECONDS(기본 30)마다 때가 된 "
        "알림과 독촉을 보내고, 근무일 09:00에 담당관마다 일일 현황을, 매달 첫 근무일에 월간 "
        "점검 알림을, 매시간 장기 미진행 점검을 합니다. 시작할 때 스케줄러가 멈춰 있던 동안 "
        "밀린 일을 한 번 처리합니다(늦은 알림은 지연으로 표시). 여러 스케줄러가 동시에 돌아도 "
        "알림마다 먼저 선점한 뒤 보냅니다.",
    "override MEDIATION_SWEEP_SECONDS": "MEDIATION_SWEEP_SECONDS 대신 쓸 값",
    "stop after this many wake-ups (tests)": "이만큼 깨어난 뒤 멈춤 (시험용)",
    "print only errors": "오류만 출력",
    # issues, agreement, commitments
    "record an issue in dispute (prints its id)": "쟁점 기록 (번호 출력)",
    "list a case's issues": "사건의 쟁점 목록",
    "settle an issue as agreed or unresolved": "쟁점을 합의 또는 미합의로 정리",
    "items of the agreement": "합의 항목",
    "items, issues, signatures": "합의 항목, 쟁점, 서명",
    "record a party's signature": "당사자 서명 기록",
    "record the mediating body's confirmation": "조정기관의 확인 기록",
    "add an item (prints its id)": "항목 추가 (번호 출력)",
    "change an item (voids the signatures given so far)": "항목 수정 (지금까지의 서명은 무효)",
    "remove an item (voids the signatures given so far)": "항목 삭제 (지금까지의 서명은 무효)",
    "the party that implements the item": "항목을 이행할 당사자",
    "due date, e.g. 2027-03-31": "이행기한, 예: 2027-03-31",
    "how completion is checked": "이행 확인 방법",
    "who bears the cost": "비용 분담",
    "commitments of one case or of all": "한 사건 또는 전체의 이행 항목",
    "record a commitment as done": "이행 완료 기록",
    "waive a commitment": "이행 면제",
    "record a breach (consider `reopen`)": "불이행 기록 (`reopen` 검토)",
    "The items of signed agreements with owner, due date and status: of every open case, or of "
    "one case (closed ones too). Overdue: past the due time of the item's deadline (the end of "
    "office hours on its date).":
        "서명된 합의의 항목과 이행 주체, 기한, 상태: 진행 중인 모든 사건 또는 한 사건(종결된 "
        "사건 포함). 기한 경과: 항목 기한(그날 근무시간 종료)이 지난 것.",
    "case number (default: every open case)": "사건번호 (기본: 진행 중인 모든 사건)",
    "only those past their due time": "기한이 지난 것만",
    "Record a commitment as done: closes the item's deadline and stays on the case's record. "
    "`complete` needs every commitment done or waived; a breach is e-mailed to the supervisor. "
    "Example: mediation commitment done 2026-0001 3 --note '준공 검사 완료(현장 확인)'":
        "이행 완료를 기록합니다. 항목의 기한을 닫고 사건 기록에 남깁니다. `complete`는 모든 "
        "항목이 완료 또는 면제여야 하며, 불이행은 담당관에게 메일로 알립니다. "
        "예시: mediation commitment done 2026-0001 3 --note '준공 검사 완료(현장 확인)'",
    "case number": "사건번호",
    "the item's id (commitment list)": "항목 번호 (commitment list)",
    "what was checked, and how": "무엇을 어떻게 확인했는지",
    "Waive a commitment: closes the item's deadline and stays on the case's record. `complete` "
    "needs every commitment done or waived; a breach is e-mailed to the supervisor. Example: "
    "mediation commitment waive 2026-0001 3 --reason '공사 계획 취소로 불필요'":
        "이행을 면제합니다. 항목의 기한을 닫고 사건 기록에 남깁니다. `complete`는 모든 항목이 "
        "완료 또는 면제여야 하며, 불이행은 담당관에게 메일로 알립니다. "
        "예시: mediation commitment waive 2026-0001 3 --reason '공사 계획 취소로 불필요'",
    "why the parties let it go": "당사자들이 면제한 이유",
    "Record a breach (consider `reopen`): closes the item's deadline and stays on the case's "
    "record. `complete` needs every commitment done or waived; a breach is e-mailed to the "
    "supervisor. Example: mediation commitment breach 2026-0001 3 --note '기한 경과 후에도 미이행'":
        "불이행을 기록합니다(`reopen` 검토). 항목의 기한을 닫고 사건 기록에 남깁니다. "
        "`complete`는 모든 항목이 완료 또는 면제여야 하며, 불이행은 담당관에게 메일로 "
        "알립니다. 예시: mediation commitment breach 2026-0001 3 --note '기한 경과 후에도 미이행'",
    "what was not done": "이행되지 않은 내용",
    # meetings
    "schedule a meeting and notify the parties (prints its id)": "회의 소집 및 당사자 통지 (번호 출력)",
    "move a meeting and send notices of change": "회의 일정 변경 및 변경 통지",
    "cancel a meeting and send notices of cancellation": "회의 취소 및 취소 통지",
    "record attendance (and minutes) of a meeting": "회의 출석(과 회의록) 기록",
    "a case's meetings": "사건의 회의 목록",
    "a meeting with attendance and minutes": "회의 한 건과 출석, 회의록",
    "Schedule a meeting and notify every party. A notice shorter than 7 days (14 for a public "
    "hearing, 행정절차법 제38조) is refused unless --force --reason records why; a council meeting or "
    "separate visit without notices (--no-notice) has no notice period. A start on a day off of "
    "the office calendar or "
    "outside office hours is refused before anything is written or sent, unless --force --reason "
    "records why (then it is scheduled with a one-line warning). Each party gets a meeting notice"
    " (회의 개최 통지) in the party's language, registered in the document register in the same "
    "transaction as the meeting; parties with an e-mail address get it by e-mail with a calendar "
    "file (.ics), the others are listed for the post (their letter names no calendar file). If "
    "the mail server fails, the meeting and its notices stay registered, a one-line warning names"
    " the `mediation letter send NUMBER DOC...` command that sends them again, and the exit "
    "status is still 0 (running schedule again would schedule the meeting twice; --json lists the"
    " documents under notice_report.unsent). The meeting id alone is printed on stdout; the "
    "notice report goes to stderr. A council meeting is closed unless every party agreed to open "
    "it (decree art. 22): --public needs every party's consent (`mediation party open-consent`). "
    "A public hearing (--kind hearing, 공청회) is public by nature and needs no consent; its notice "
    "(공청회 개최 안내) also names the speakers, how and by when to apply to speak, and how to comment "
    "online — give them with --speaker, --apply-by, --apply-how and --comments, or the notice "
    "says that the speakers will be announced, that applications go to the officer by the day "
    "before, and that comments may be e-mailed to the officer. A meeting counts for the absence "
    "rule (`meeting record`) only if it was properly summoned: notices written (not --no-notice) "
    "and the legal period kept (not --force).":
        "회의를 소집하고 모든 당사자에게 알립니다. 7일(공청회는 14일, 행정절차법 제38조)보다 짧은\n"
        "통지는 --force --reason으로 이유를 남기지 않으면 거부합니다. 통지하지 않는 협의회\n"
        "회의나 개별면담(--no-notice)에는 통지 기간이 없습니다. 기관 달력의 휴무일이나\n"
        "근무시간 밖에 시작하는 회의는 아무것도 쓰거나 보내기 전에 거부하며, --force\n"
        "--reason으로 이유를 남기면 한 줄 경고와 함께 잡습니다.\n\n"
        "당사자마다 그 언어로 된 회의 개최 통지를 회의와 같은 트랜잭션에서 문서 대장에\n"
        "등록합니다. 전자우편 주소가 있는 당사자에게는 일정 파일(.ics)과 함께 메일로 보내고,\n"
        "나머지는 우편 발송 목록에 올립니다(그 통지서에는 일정 파일이 없습니다). 메일 서버가\n"
        "실패해도 회의와 통지서는 등록된 채로 남고, 다시 보낼\n"
        "`mediation letter send NUMBER DOC...` 명령을 한 줄 경고로 알리며 종료 코드는 0입니다\n"
        "(다시 schedule을 실행하면 회의가 두 번 잡힙니다; --json은 notice_report.unsent에 문서를\n"
        "보입니다). 표준출력에는 회의 번호만 보이고, 통지 결과는 표준오류로 갑니다.\n\n"
        "협의회 회의는 모든 당사자가 공개에 동의해야 공개합니다(시행령 제22조): --public은 모든\n"
        "당사자의 동의가 필요합니다(`mediation party open-consent`). 공청회(--kind hearing)는\n"
        "원래 공개이므로 동의가 필요 없습니다. 공청회 개최 안내에는 발표자, 발표 신청 방법과\n"
        "기한, 온라인 의견 제출 방법도 적습니다. --speaker, --apply-by, --apply-how, --comments로\n"
        "주지 않으면 발표자는 추후 안내, 신청은 전날까지 담당자에게, 의견은 담당자 메일로 받는다고\n"
        "적습니다.\n\n"
        "회의는 제대로 소집된 경우에만 불출석 규정(`meeting record`)에 셉니다: 통지서를 썼고\n"
        "(--no-notice 아님) 법정 기간을 지킨 경우(--force 아님).",
    "examples: mediation meeting schedule 2026-0001 --at 2026-12-08T14:30 --place \"구청 3층 "
    "소회의실\" \\ --agenda \"임시 주차 대책\" mediation meeting schedule 2026-0001 --at "
    "2026-12-01T10:00 --place 주민센터 \\ --kind separate --no-notice mediation meeting schedule "
    "2026-0001 --at 2026-11-28T14:00 --place 구청 \\ --force --reason \"당사자 전원 요청\" "
    "mediation meeting schedule 2026-0001 --kind hearing --at 2026-12-15T14:00 \\ --place "
    "\"시민청 태평홀\" --agenda \"시설 배치안 설명\" --speaker \"가상대학교 김교수\" \\ --apply-by "
    "2026-12-11 --apply-how \"전자우편 hearing@example.org (성명, 연락처, 요지)\" \\ --comments "
    "\"https://example.org/hearing 에 12월 15일까지 의견 등록\"":
        "예시:\n"
        "  mediation meeting schedule 2026-0001 --at 2026-12-08T14:30 --place \"구청 3층 소회의실\" \\\n"
        "      --agenda \"임시 주차 대책\"\n"
        "  mediation meeting schedule 2026-0001 --at 2026-12-01T10:00 --place 주민센터 \\\n"
        "      --kind 개별면담 --no-notice\n"
        "  mediation meeting schedule 2026-0001 --at 2026-11-28T14:00 --place 구청 \\\n"
        "      --force --reason \"당사자 전원 요청\"\n"
        "  mediation meeting schedule 2026-0001 --kind 공청회 --at 2026-12-15T14:00 \\\n"
        "      --place \"시민청 태평홀\" --agenda \"시설 배치안 설명\" --speaker \"가상대학교 김교수\" \\\n"
        "      --apply-by 2026-12-11 --apply-how \"전자우편 hearing@example.org (성명, 연락처, 요지)\" \\\n"
        "      --comments \"https://example.org/hearing 에 12월 15일까지 의견 등록\"\n",
    "public hearing (--kind hearing; 행정절차법 제38조)": "공청회 (--kind hearing; 행정절차법 제38조)",
    "e.g. 2026-12-08T14:30+09:00 (Seoul time without an offset)":
        "예: 2026-12-08T14:30+09:00 (오프셋이 없으면 서울 시각)",
    "joint (합동회의, default), separate (개별면담) or hearing (공청회)":
        "합동회의(joint, 기본), 개별면담(separate) 또는 공청회(hearing)",
    "agenda (a hearing's main content); one item per line": "안건 (공청회는 주요 내용); 한 줄에 하나",
    "open to the public (every party must have agreed; a hearing always is)":
        "공개 (모든 당사자가 동의해야 함; 공청회는 항상 공개)",
    "accept a short notice, a day off or a time outside office hours (needs --reason)":
        "짧은 통지 기간, 휴무일 또는 근무시간 밖의 시각 허용 (--reason 필요)",
    "why the notice is shorter than the legal period, or why the meeting is on a day off or "
    "outside office hours":
        "통지 기간이 법정 기간보다 짧은 이유, 또는 휴무일이나 근무시간 밖에 여는 이유",
    "write and send no notices (an internal or separate session); the meeting then does not "
    "count for the absence rule":
        "통지서를 쓰거나 보내지 않음 (내부 회의나 개별면담); 이 회의는 불출석 규정에 세지 않음",
    "a speaker (발표자), e.g. \"가상대학교 김교수(주제 발표)\"; repeatable":
        "발표자, 예: \"가상대학교 김교수(주제 발표)\"; 반복 가능",
    "last day to apply to speak, e.g. 2026-12-11 (default wording: the day before the hearing)":
        "발표 신청 마감일, 예: 2026-12-11 (기본 문구: 공청회 전날)",
    "how to apply to speak (default: to the officer by phone or e-mail)":
        "발표 신청 방법 (기본: 담당자에게 전화나 전자우편)",
    "how to comment online, e.g. a web address (default: by e-mail to the officer)":
        "온라인 의견 제출 방법, 예: 웹 주소 (기본: 담당자 전자우편)",
    "Move a scheduled meeting to a new time (and place). The notice period is counted again from "
    "now: 7 days; a public hearing moved to a later date needs 7 (행정절차법 제38조 단서), moved "
    "earlier the full 14 (none with --no-notice). A shorter notice, or a start on a day off or "
    "outside office hours, needs --force --reason. A public council meeting is "
    "checked again against every party's consent (decree art. 22). The meeting's calendar "
    "SEQUENCE goes up by one and, if its parties were notified, each gets a notice of change "
    "whose calendar file updates the event (same UID). A hearing's speakers and application "
    "details can change at the same time (the others are kept). examples: mediation meeting "
    "reschedule 2026-0001 3 --at 2026-12-10T14:30 --place \"시민청 회의실\" mediation meeting "
    "reschedule 2026-0001 4 --at 2026-12-22T14:00 --apply-by 2026-12-18":
        "예정된 회의를 새 시각(과 장소)으로 옮깁니다. 통지 기간은 지금부터 다시 셉니다: 7일;\n"
        "공청회를 늦추면 7일(행정절차법 제38조 단서), 앞당기면 14일 전부가 필요합니다(--no-notice면\n"
        "통지 기간 없음). 더 짧은 통지나 휴무일·근무시간 밖의 시작은 --force --reason이\n"
        "필요합니다. 공개 협의회 회의는 모든 당사자의 동의를 다시\n"
        "확인합니다(시행령 제22조). 회의 일정 파일의 SEQUENCE가 하나 올라가고, 당사자에게 통지했던\n"
        "회의면 일정을 고치는 일정 파일(같은 UID)과 함께 변경 통지를 보냅니다. 공청회의 발표자와\n"
        "신청 안내도 함께 바꿀 수 있습니다(주지 않은 것은 그대로).\n\n"
        "예시:\n"
        "  mediation meeting reschedule 2026-0001 3 --at 2026-12-10T14:30 --place \"시민청 회의실\"\n"
        "  mediation meeting reschedule 2026-0001 4 --at 2026-12-22T14:00 --apply-by 2026-12-18\n",
    "the meeting's id (meeting list)": "회의 번호 (meeting list)",
    "the new start": "새 시작 시각",
    "the new place (default: unchanged)": "새 장소 (기본: 그대로)",
    "send no notice of change (the parties were told otherwise); the meeting then no longer "
    "counts for the absence rule":
        "변경 통지를 보내지 않음 (당사자에게 따로 알림); 이 회의는 더 이상 불출석 규정에 세지 않음",
    "Cancel a scheduled meeting, also one of a closed case (it will not be held). If its parties "
    "were notified, each gets a notice of cancellation whose calendar file (METHOD:CANCEL, same "
    "UID) removes the event. examples: mediation meeting cancel 2026-0001 3 --reason \"태풍 "
    "경보\" mediation meeting cancel 2026-0001 5 --reason \"사건 종결(철회)\" --no-notice":
        "예정된 회의를 취소합니다. 종결된 사건의 회의도 취소할 수 있습니다(열리지 않음).\n"
        "당사자에게 통지했던 회의면 일정을 지우는 일정 파일(METHOD:CANCEL, 같은 UID)과 함께 취소\n"
        "통지를 보냅니다.\n\n"
        "예시:\n"
        "  mediation meeting cancel 2026-0001 3 --reason \"태풍 경보\"\n"
        "  mediation meeting cancel 2026-0001 5 --reason \"사건 종결(철회)\" --no-notice\n",
    "why (in the notices and the trail)": "사유 (통지서와 기록에 남음)",
    "do not notify the parties": "당사자에게 알리지 않음",
    "Record who attended a meeting that took place, and optionally its minutes: a UTF-8 text "
    "file of at most 1 MB, stored with its SHA-256 (the same as `sha256sum FILE`). Unexcused "
    "absences (--absent; --excused do not count) of a party with role applicant are counted "
    "over the case's held meetings that were properly summoned (notices written, no --force, no "
    "change left unnoticed), until the agreement is signed. At the workflow's limit "
    "(meetings.absences, see `mediation workflow show`) the rule acts in the same transaction: "
    "`notify` queues an e-mail to the mediator and the supervisor, `withdraw` has the system "
    "close the case as withdrawn and e-mails them that it did. A record made by mistake (the "
    "wrong party marked absent) is corrected with --correct --reason: the new record replaces "
    "the old one, the history keeps both, and the absence rule is evaluated again on it. If "
    "the case was closed by the rule's deemed withdrawal and the corrected record no longer "
    "bears it, the output says so: a supervisor reopens the case (`mediation case reopen`). "
    "examples: mediation meeting record 2026-0001 3 --attended 1 2 --absent 3 --minutes "
    "회의록.txt mediation meeting record 2026-0001 3 --attended 1 2 3 --correct --reason \"3번 "
    "출석을 잘못 기록\"":
        "열린 회의의 출석과, 원하면 회의록을 기록합니다. 회의록은 1 MB 이하의 UTF-8 텍스트\n"
        "파일로 SHA-256(`sha256sum FILE`과 같음)과 함께 보관합니다.\n\n"
        "신청인 역할 당사자의 정당한 사유 없는 불출석(--absent; --excused는 세지 않음)은 제대로\n"
        "소집된(통지서 작성, --force 없음, 알리지 않은 변경 없음) 열린 회의에 대해 합의서 서명\n"
        "전까지 셉니다. 업무흐름의 한도(meetings.absences, `mediation workflow show` 참고)에\n"
        "이르면 같은 트랜잭션에서 규정을 적용합니다: `notify`는 갈등조정관과 담당관에게 메일을\n"
        "예약하고, `withdraw`는 시스템이 사건을 철회로 종결하고 그 사실을 메일로 알립니다.\n\n"
        "잘못 기록한 경우(출석한 당사자를 불출석으로 기록 등) --correct --reason 으로 고칩니다.\n"
        "새 기록이 이전 기록을 대신하고 이력에는 둘 다 남으며, 불출석 규정을 다시 적용합니다.\n"
        "규정의 철회 간주로 종결된 사건인데 고친 기록으로는 성립하지 않으면 그렇다고 알려 주며,\n"
        "담당관이 사건을 다시 엽니다(`mediation case reopen`).\n\n"
        "예시:\n"
        "  mediation meeting record 2026-0001 3 --attended 1 2 --absent 3 --minutes 회의록.txt\n"
        "  mediation meeting record 2026-0001 3 --attended 1 2 3 --correct "
        "--reason \"3번 출석을 잘못 기록\"\n",
    "absent without a valid excuse": "정당한 사유 없는 불출석",
    "absent with a valid excuse (not counted by the absence rule)":
        "정당한 사유 있는 불출석 (불출석 규정에 세지 않음)",
    "minutes, a UTF-8 text file": "회의록, UTF-8 텍스트 파일",
    "A case's meetings in time order: id, status (예정/개최/취소), time, kind, place and whether it "
    "is public. A meeting still scheduled on a closed case is marked: it will not be held, so "
    "cancel it with `meeting cancel`. examples: mediation meeting list 2026-0001 mediation "
    "meeting list 2026-0001 --json --lang en":
        "사건의 회의를 시간 순으로 보입니다: 번호, 상태(예정/개최/취소), 시각, 종류, 장소, 공개\n"
        "여부. 종결된 사건에 아직 예정으로 남은 회의는 표시합니다: 열리지 않으므로\n"
        "`meeting cancel`로 취소하세요.\n\n"
        "예시:\n  mediation meeting list 2026-0001\n"
        "  mediation meeting list 2026-0001 --json --lang en\n",
    "One meeting: time, place, agenda, notices, who attended, was absent or excused (by name), "
    "the minutes, and for a public hearing its speakers and how to take part. example: "
    "mediation meeting show 2026-0001 3":
        "회의 한 건: 시각, 장소, 안건, 통지서, 출석·불출석·사유 있는 불출석(이름), 회의록, 그리고\n"
        "공청회면 발표자와 참여 방법.\n\n"
        "예시:\n  mediation meeting show 2026-0001 3\n",
    # privacy (접속기록)
    "personal data: access records, retention, destruction, data subjects' requests":
        "개인정보: 접속기록, 보존 기간, 파기, 정보주체의 요구",
    "list the access records": "접속기록 목록",
    "List the access records (접속기록) of private persons' data, oldest first: the account, the "
    "date and time to the second, where from (terminal or client address), whose data (party "
    "ids, with the case) and what was done (조회/입력/변경/삭제/출력/다운로드). A read outside the "
    "user's own cases is marked. For admins and supervisors. examples: mediation privacy log "
    "--since 2026-11-01 --until 2026-11-30 mediation privacy log --user kim --json":
        "개인(정보주체)의 개인정보에 대한 접속기록을 오래된 순으로 보입니다: 계정, 접속 일시(초\n"
        "단위), 접속지(단말기 또는 접속 주소), 정보주체(당사자 번호와 사건), 수행 업무\n"
        "(조회/입력/변경/삭제/출력/다운로드). 자기 담당이 아닌 사건의 열람은 표시합니다.\n"
        "관리자와 갈등조정담당관만 볼 수 있습니다.\n\n"
        "예시:\n  mediation privacy log --since 2026-11-01 --until 2026-11-30\n"
        "  mediation privacy log --user kim --json\n",
    "only this user's records": "이 사용자의 기록만",
    "only records of this party (its id, as in party list)":
        "이 당사자의 기록만 (party list에 나오는 번호)",
    "from this day (2026-11-01), Seoul time": "이 날부터 (2026-11-01), 서울 시각",
    "to this day, included": "이 날까지 (그날 포함)",
    "verify the access records' hash chain": "접속기록의 해시 체인 검증",
    "closed cases past the retention period": "보존 기간이 지난 종결 사건",
    "List the closed cases whose personal data is past the retention period "
    "(MEDIATION_RETENTION_YEARS from closure, default 10): case, workflow, closed, due since, "
    "and how many private persons' data it holds. Nothing is destroyed. For admins and "
    "supervisors. example: mediation privacy due --json":
        "개인정보의 보존 기간(종결일부터 MEDIATION_RETENTION_YEARS년, 기본 10년)이 지난 종결\n"
        "사건을 보입니다: 사건, 업무흐름, 종결일, 만료일, 담고 있는 개인 당사자 수. 아무것도\n"
        "파기하지 않습니다. 관리자와 갈등조정담당관만 실행할 수 있습니다.\n\n"
        "예시:\n  mediation privacy due --json\n",
    "Recompute the SHA-256 chain of the access records and name the first record changed, "
    "inserted or deleted. Exits 4 if the chain is broken. For admins and supervisors.":
        "접속기록의 SHA-256 체인을 다시 계산하여 변경·삽입·삭제된 첫 기록을 알려 줍니다. 체인이\n"
        "깨졌으면 종료 코드 4로 끝납니다. 관리자와 갈등조정담당관만 실행할 수 있습니다.",
    "destroy the personal data of closed cases past retention":
        "보존 기간이 지난 종결 사건의 개인정보 파기",
    "Destroy the personal data of closed cases past the retention period (법 제21조): without "
    "NUMBERs, every case `privacy due` lists. For each private person: name, contacts and "
    "address, and every text of the case naming them (their names, phones and e-mails become "
    "○○○; minutes go whole); the files of the documents naming them (the register keeps the "
    "number, date and SHA-256), the outbox e-mails naming them, the case's attachments; the "
    "audit events holding their data are redacted and a personal_data_destroyed event commits "
    "them, so `audit verify` still passes. Organisations stay; the statistics do not change. "
    "One transaction per case; a file that cannot be deleted is reported and kept as pending "
    "on the destruction record (`privacy destructions`). --dry-run shows what would go and "
    "changes nothing. A case not past its retention period is refused (exit 4) unless an "
    "admin gives --force with --reason. Exits 4 as well if something is left pending (the "
    "next run retries it). For admins and supervisors. examples: mediation privacy destroy "
    "--dry-run mediation privacy destroy --reason 보존기간 경과 mediation privacy destroy "
    "2016-0012 --reason 보존기간 경과 --json":
        "개인정보의 보존 기간(법 제21조)이 지난 종결 사건의 개인정보를 파기합니다. 사건 번호가\n"
        "없으면 `privacy due`가 보이는 모든 사건이 대상입니다. 개인(정보주체)마다 이름·연락처·\n"
        "주소와, 사건의 모든 기재 내용 중 그 사람을 적은 부분(이름·전화번호·전자우편은 ○○○,\n"
        "회의록은 통째로)을 지우고, 그 사람을 적은 문서의 파일(문서 대장에는 번호·날짜·SHA-256이\n"
        "남음), 그 사람을 적은 보낸 메일 파일, 사건의 첨부 파일을 삭제합니다. 개인정보가 담긴\n"
        "감사 이벤트는 가리고, personal_data_destroyed 이벤트가 가린 내용을 확정하므로 `audit\n"
        "verify`는 계속 통과합니다. 단체 이름은 남고 통계는 바뀌지 않습니다. 사건마다 한\n"
        "트랜잭션으로 처리하며, 삭제하지 못한 파일은 알리고 파기 기록에 대기로 남깁니다\n"
        "(`privacy destructions`). --dry-run은 지울 것을 보이기만 하고 아무것도 바꾸지 않습니다.\n"
        "보존 기간이 지나지 않은 사건은 거부하며(종료 코드 4), 관리자가 --force와 --reason을\n"
        "주면 파기합니다. 대기로 남은 것이 있어도 종료 코드 4로 끝납니다(다음 실행이 다시\n"
        "시도합니다). 관리자와 갈등조정담당관만 실행할 수 있습니다.\n\n"
        "예시:\n  mediation privacy destroy --dry-run\n"
        "  mediation privacy destroy --reason 보존기간 경과\n"
        "  mediation privacy destroy 2016-0012 --reason 보존기간 경과 --json\n",
    "the cases (default: every case past retention)": "사건 번호 (기본: 보존 기간이 지난 모든 사건)",
    "show what would be destroyed; change nothing": "파기할 것을 보이기만 하고 아무것도 바꾸지 않음",
    "the basis of the destruction (required unless --dry-run)":
        "파기의 근거 (--dry-run이 아니면 필수)",
    "admins: destroy named cases before the end of their retention period (with --reason)":
        "관리자: 지정한 사건을 보존 기간 전에 파기 (--reason 필요)",
    "list the destruction records": "파기 기록 목록",
    "List the destruction records (파기 기록), oldest first: the case, when, by whom, on what "
    "basis, early (--force) or not, and what was destroyed (counts and party ids, never the "
    "data), with any file still pending. For admins and supervisors. example: mediation "
    "privacy destructions --json":
        "파기 기록을 오래된 순으로 보입니다: 사건, 일시, 실행한 사람, 근거, 보존 기간 전\n"
        "파기(--force) 여부, 파기한 것(건수와 당사자 번호 — 개인정보 자체는 남기지 않음), 아직\n"
        "삭제하지 못한 파일. 관리자와 갈등조정담당관만 볼 수 있습니다.\n\n"
        "예시:\n  mediation privacy destructions --json\n",
    # report
    "the statistics report of a year or a period": "연간 또는 기간별 통계 보고서",
    "The figures an office reports each year (and the decree's annual self-inspection asks): "
    "cases opened and closed by workflow, conflict type, district, grade and channel; outcomes "
    "and the settlement rate with its definition; days from intake to agreement and to closure "
    "(median, 90th percentile); deadline compliance per rule with the escalations sent; "
    "commitments; meetings held; open cases per mediator at the period's end. A mediator's "
    "report covers their cases, a supervisor's those they supervise, an admin's all. Every "
    "figure is defined in docs/report.md.":
        "기관이 해마다 보고하는 수치(규정의 연례 갈등관리 자체점검 항목)입니다. 업무흐름·갈등 유형·"
        "자치구·진단 등급·접수 경로별 접수 및 종결 사건, 사건 결과와 합의율(정의를 함께 표시), "
        "접수부터 합의까지와 종결까지의 처리 기간(중앙값, 90백분위), 기한 규칙별 준수 현황과 "
        "발송한 독촉, 합의 이행 항목, 개최한 회의, 기간 말 갈등조정관별 진행 사건. 갈등조정관은 "
        "자기 사건, 갈등조정담당관은 담당 사건, 관리자는 모든 사건을 집계합니다. 각 수치의 정의는 "
        "docs/report.md에 있습니다.",
    "a calendar year (default: this year)": "연도 (기본: 올해)",
    "first day of the period, e.g. 2026-01-01 (with --to)": "기간의 첫날, 예: 2026-01-01 (--to와 함께)",
    "last day of the period, included": "기간의 마지막 날 (포함)",
    "breakdowns of cases opened and closed, any of: workflow type district grade channel "
    "sector stage mediator (default: workflow type district grade channel)":
        "접수·종결 사건을 나눌 항목, 다음 중 여럿: workflow(업무흐름) type(갈등 유형) "
        "district(자치구) grade(진단 등급) channel(접수 경로) sector(분야) stage(사업 단계) "
        "mediator(갈등조정관) (기본: workflow type district grade channel)",
    "text (a table on the terminal), csv (UTF-8 with BOM), xlsx (a sheet per table), pdf (the "
    "report form with charts) or json":
        "text(터미널 표), csv(BOM 포함 UTF-8), xlsx(표마다 시트 하나), pdf(도표를 넣은 보고서 "
        "서식) 또는 json",
    "write the report to FILE (needed for xlsx and pdf)": "보고서를 FILE에 씀 (xlsx와 pdf는 필수)",
    # case search
    "find cases by any words of their record": "사건 기록의 어떤 낱말로든 사건 찾기",
    "words to find (every word must occur somewhere in the case)":
        "찾을 낱말 (모든 낱말이 사건 어딘가에 있어야 함)",
    "at most this many (default 50)": "최대 개수 (기본 50)",
    "conflict type: interest, value, siting, policy, fact, structural, relationship":
        "갈등유형: 이익, 가치, 입지, 정책, 사실관계, 구조, 관계 (또는 interest, value, siting, "
        "policy, fact, structural, relationship)",
    "Find cases by any words of their record: title, summary, notes of the audit trail, parties' "
    "names and organisations, issues (쟁점), agreement items and meeting minutes. Korean needs no "
    "word boundaries: 봉안당 finds 구립봉안당건립, and two-syllable words (소음, 층간) are found "
    "too. Every word given must occur somewhere in the case; the filters narrow the result "
    "further. Results come most relevant first (a match in the title counts most, then a party, "
    "the summary, the rest), then most recently changed, each with where its text matched. Only "
    "the cases you may read are searched. examples: mediation case search 봉안당 mediation case "
    "search 층간 소음 --open --district 마포구 mediation case search 은평구청 --since 2026-01-01 "
    "--json":
        "사건 기록의 어떤 낱말로든 사건을 찾습니다: 사건명, 개요, 감사 기록의 메모, 당사자의 이름과\n"
        "소속 기관, 쟁점, 합의 항목, 회의록. 띄어쓰기와 상관없이 찾습니다: 봉안당으로\n"
        "구립봉안당건립을 찾고, 두 글자 낱말(소음, 층간)도 찾습니다. 준 낱말은 모두 사건 어딘가에\n"
        "있어야 하고, 조건 옵션으로 더 좁힙니다. 관련도가 높은 순(사건명에서 찾으면 가장 높고, 다음\n"
        "당사자, 개요, 나머지), 같으면 최근에 바뀐 순으로 보이고, 사건마다 찾은 곳을 밝힙니다. 읽을\n"
        "수 있는 사건만 찾습니다.\n\n"
        "예시:\n"
        "  mediation case search 봉안당\n"
        "  mediation case search 층간 소음 --open --district 마포구\n"
        "  mediation case search 은평구청 --since 2026-01-01 --json\n",
    # attach
    "files attached to a case (complaints, photos, scans)": "사건의 첨부 파일 (민원서, 사진, 스캔본)",
    "attach a file to a case (prints its id)": "사건에 파일 첨부 (번호 출력)",
    "the file to attach": "첨부할 파일",
    "what the file is (default: its name)": "파일 설명 (기본: 파일 이름)",
    "complaint, letter, photo, scan, minutes or other (default)":
        "complaint(민원서), letter(접수 공문), photo(사진), scan(서명 스캔본), minutes(회의록), "
        "other(기타, 기본)",
    "the party it comes from or concerns": "파일을 낸 당사자 또는 관련 당사자",
    "a case's attachments": "사건의 첨부 파일 목록",
    "copy an attachment's file out": "첨부 파일을 밖으로 복사",
    "Copy the file of attachment ID to --out, after checking its SHA-256. An existing file is "
    "never overwritten.":
        "첨부 파일 ID의 파일을 SHA-256을 확인한 뒤 --out으로 복사합니다. 이미 있는 파일은 덮어쓰지 "
        "않습니다.",
    "the attachment's id (attach list)": "첨부 파일 번호 (attach list)",
    "where to write it": "저장할 파일",
    "check the stored files against their SHA-256": "보관한 파일을 SHA-256으로 검증",
    "Attach a file to a case: a complaint, an official letter received, a photo, a signed scan, "
    "minutes in another format. The file is copied under the documents folder, kept once by its "
    "SHA-256 (the same as `sha256sum FILE`), with its size and its type told by its first bytes "
    "(not by its name); its name is kept without any folder. The file is never opened, rendered "
    "or run by the program. Files larger than MEDIATION_ATTACHMENT_MAX_MB (default 50 MB) are "
    "refused. The addition is an event of the case's audit trail. Kinds: complaint, letter, "
    "photo, scan, minutes, other (default). examples: mediation attach add 2026-0001 민원서.pdf "
    "--kind complaint --party 2 mediation attach add 2026-0001 현장사진.jpg --kind photo --title "
    "\"현장 사진 (11. 24.)\"":
        "사건에 파일을 첨부합니다: 민원서, 접수 공문, 사진, 서명 스캔본, 다른 형식의 회의록.\n"
        "파일은 문서 폴더 아래에 SHA-256(`sha256sum FILE`과 같음)으로 한 번만 보관하고, 크기와\n"
        "(이름이 아니라 첫 바이트로 판별한) 형식을 기록합니다. 이름은 폴더 없이 파일 이름만\n"
        "남깁니다. 프로그램은 파일을 열거나 렌더링하거나 실행하지 않습니다.\n"
        "MEDIATION_ATTACHMENT_MAX_MB(기본 50 MB)보다 큰 파일은 받지 않습니다. 첨부는 사건의\n"
        "감사 기록에 이벤트로 남습니다.\n\n"
        "종류: complaint, letter, photo, scan, minutes, other(기본).\n\n"
        "예시:\n"
        "  mediation attach add 2026-0001 민원서.pdf --kind complaint --party 2\n"
        "  mediation attach add 2026-0001 현장사진.jpg --kind photo --title \"현장 사진 (11. 24.)\"\n",
    "Check that each attachment's stored file is there and has the SHA-256 recorded when it was "
    "added: of one case, or (admins and supervisors) of every case. Exit status 4 if one is "
    "missing or changed. examples: mediation attach verify 2026-0001 mediation attach verify "
    "--json":
        "첨부 파일마다 보관한 파일이 있고 첨부할 때 기록한 SHA-256과 같은지 확인합니다: 한\n"
        "사건의 것, 또는 (관리자와 담당관은) 모든 사건의 것. 없거나 바뀐 파일이 있으면 종료\n"
        "코드 4.\n\n"
        "예시:\n"
        "  mediation attach verify 2026-0001\n"
        "  mediation attach verify --json\n",
    # case export, audit verify --file
    "the whole case file as one ZIP": "사건 기록 전체를 ZIP 파일 하나로 반출",
    "the ZIP to write (never over an existing file)": "쓸 ZIP 파일 (이미 있는 파일은 덮어쓰지 않음)",
    "mask private persons' names, phone numbers, e-mail and street addresses (information-"
    "disclosure request)": "개인의 이름, 전화번호, 전자우편, 주소를 가림 (정보공개 청구용)",
    "verify an exported case file offline instead (`case export`): every file against the "
    "manifest, the events' chain; no database needed":
        "대신 반출한 사건 기록 파일(`case export`)을 오프라인으로 검증: 모든 파일을 목록(manifest)과, "
        "이벤트의 해시 사슬을 확인; 데이터베이스 불필요",
    "Write the whole case file as one ZIP that a successor, an archive or a court reads without "
    "this program: index.pdf (사건 기록 목록: the case's fields, parties, every event in order, "
    "every document with its number, date and SHA-256), every registered document, the minutes, "
    "the attachments, case.json, the audit events (audit/events.json), and a manifest with the "
    "SHA-256 of every file (manifest.json; SHA256SUMS for `sha256sum -c`). `mediation audit "
    "verify --file FILE.zip` checks it offline. The export is an event of the case's audit "
    "trail. --redact masks private persons' data for an information-disclosure request "
    "(정보공개법 제9조 제1항 제6호): names as 김○○, phone numbers, e-mail and street addresses, in "
    "the index, the record, the events, the minutes and the text documents; names of agencies "
    "stay. Documents in PDF and attachments cannot be masked and are left out (listed with their "
    "SHA-256). An export that is not --redact of a case holding private persons' data needs "
    "--reason (why it is taken out: 이관, 소송 제출, ...), which its access record (다운로드) "
    "keeps. examples: mediation case export 2026-0001 --out 2026-0001.zip --reason \"기록물 "
    "이관\" mediation case export 2026-0001 --out 2026-0001-공개용.zip --redact":
        "사건 기록 전체를 이 프로그램 없이 후임자, 기록관, 법원이 읽을 수 있는 ZIP 파일 하나로\n"
        "씁니다: index.pdf(사건 기록 목록: 사건 항목, 당사자, 모든 이벤트를 순서대로, 모든 문서의\n"
        "번호·일자·SHA-256), 등록된 모든 문서, 회의록, 첨부 파일, case.json, 감사 이벤트\n"
        "(audit/events.json), 모든 파일의 SHA-256 목록(manifest.json; `sha256sum -c`용\n"
        "SHA256SUMS). `mediation audit verify --file 파일.zip`으로 오프라인 검증합니다. 반출은\n"
        "사건의 감사 기록에 이벤트로 남습니다.\n\n"
        "--redact는 정보공개 청구(정보공개법 제9조 제1항 제6호)를 위해 개인정보를 가립니다:\n"
        "이름은 김○○, 전화번호, 전자우편, 도로명 주소를 목록, 기록, 이벤트, 회의록, 텍스트 문서에서\n"
        "가리고 기관 이름은 그대로 둡니다. PDF 문서와 첨부 파일은 가릴 수 없어 싣지 않고 SHA-256과\n"
        "함께 목록에만 적습니다.\n\n"
        "개인 당사자의 정보가 있는 사건을 --redact 없이 반출하려면 --reason(반출 사유: 이관, 소송\n"
        "제출 등)이 필요하며, 사유는 접속기록(다운로드)에 남습니다.\n\n"
        "예시:\n"
        "  mediation case export 2026-0001 --out 2026-0001.zip --reason \"기록물 이관\"\n"
        "  mediation case export 2026-0001 --out 2026-0001-공개용.zip --redact\n",
    # privacy subject, prune; reasons
    "A data subject's requests (개인정보 보호법 제35–37조), for admins and supervisors. Finds every "
    "party recorded under --name in the cases you may read (removed parties too), narrowed by "
    "--phone and --email when given (a party whose recorded number or address differs is another "
    "person of that name; one with none recorded is kept), with the documents addressed to or "
    "naming them and the audit events naming them. The search is an access record. --out "
    "FILE.zip 열람 (제35조): writes their party records, the documents' files, the events naming "
    "them (JSON) and a manifest with SHA-256 into one ZIP; needs --reason, which the access "
    "record (download) keeps. --stop 처리정지 요구 (제37조): records the request on each party "
    "found (an event of its case, with --reason); case show and party list mark the party, and "
    "letter send and reminders to it are refused until --resume. --resume lifts the request "
    "(withdrawn, or processing the law allows), with --reason. Corrections (정정, 제36조) are "
    "made with `mediation party update`, which records each change. examples: mediation privacy "
    "subject --name 홍길동 --phone 010-1234-5678 mediation privacy subject --name 홍길동 --out "
    "홍길동-열람.zip --reason \"열람 청구 2026-12-01 접수\" mediation privacy subject --name 홍길동 "
    "--stop --reason \"처리정지 요구서 접수\"":
        "정보주체의 요구(개인정보 보호법 제35–37조)를 처리합니다. 관리자와 갈등조정담당관만 실행할\n"
        "수 있습니다.\n\n"
        "읽을 수 있는 사건에서 --name으로 기록된 모든 당사자(제외된 당사자 포함)를 찾고, --phone과\n"
        "--email을 주면 그것으로 좁힙니다(기록된 번호나 주소가 다르면 같은 이름의 다른 사람, 기록이\n"
        "없으면 포함). 그 사람에게 보낸 문서와 그 사람을 적은 문서, 그 사람을 적은 감사 이벤트도\n"
        "찾습니다. 조회는 접속기록에 남습니다.\n\n"
        "  --out 파일.zip  열람(제35조): 당사자 기록, 문서 파일, 그 사람을 적은 이벤트(JSON), SHA-256\n"
        "                  목록(manifest)을 ZIP 하나로 씁니다. --reason이 필요하며 접속기록(다운로드)에\n"
        "                  남습니다.\n"
        "  --stop          처리정지 요구(제37조): 찾은 각 당사자에 요구를 기록합니다(사건 이벤트,\n"
        "                  --reason 필수). case show와 party list에 표시되고, --resume 전까지 그\n"
        "                  당사자에게 문서 발송(letter send)과 알림 메일을 보내지 않습니다.\n"
        "  --resume        요구를 해제합니다(철회, 또는 법이 허용하는 처리), --reason 필수.\n\n"
        "정정(제36조)은 `mediation party update`로 하며, 바뀐 내용이 모두 기록됩니다.\n\n"
        "예시:\n"
        "  mediation privacy subject --name 홍길동 --phone 010-1234-5678\n"
        "  mediation privacy subject --name 홍길동 --out 홍길동-열람.zip "
        "--reason \"열람 청구 2026-12-01 접수\"\n"
        "  mediation privacy subject --name 홍길동 --stop --reason \"처리정지 요구서 접수\"\n",
    "Delete the access records older than MEDIATION_ACCESS_LOG_YEARS (default 2). The last "
    "deleted record's number and hash become the chain's start, so `privacy verify` still checks "
    "the records that remain; the pruning is itself an access record. For admins. examples: "
    "mediation privacy prune --dry-run mediation privacy prune":
        "MEDIATION_ACCESS_LOG_YEARS(기본 2년)보다 오래된 접속기록을 삭제합니다. 마지막으로 삭제한\n"
        "기록의 번호와 해시가 체인의 새 시작점이 되어 `privacy verify`가 남은 기록을 계속 검증하며,\n"
        "정리 자체도 접속기록에 남습니다. 관리자만 실행할 수 있습니다.\n\n"
        "예시:\n  mediation privacy prune --dry-run\n  mediation privacy prune\n",
    "why the file is taken out (required unless --redact when the case holds private persons' "
    "data; kept in the access record and shown in the monthly check)":
        "반출 사유 (개인 당사자의 정보가 있는 사건은 --redact가 아니면 필수; 접속기록에 남고 월간 "
        "점검에 보임)",
    "why it is downloaded (kept in the access record, shown in the monthly check)":
        "내려받는 사유 (접속기록에 남고 월간 점검에 보임)",
    "why the copy is made (kept in the access record, shown in the monthly check)":
        "사본을 만드는 사유 (접속기록에 남고 월간 점검에 보임)",
    "a data subject's requests: what is held, export, stop processing":
        "정보주체의 요구: 보유 정보 확인, 열람 자료 반출, 처리정지",
    "the person's name as recorded": "기록된 그 사람의 이름",
    "their telephone number (narrows to the parties whose recorded number matches or is "
    "missing)": "그 사람의 전화번호 (기록된 번호가 같거나 없는 당사자로 좁힘)",
    "their e-mail address (narrows likewise)": "그 사람의 전자우편 주소 (같은 방식으로 좁힘)",
    "write what is held into this ZIP (never over an existing file)":
        "보유 정보를 이 ZIP 파일에 씀 (있는 파일은 덮어쓰지 않음)",
    "record a request to stop processing on each party found":
        "찾은 각 당사자에 처리정지 요구를 기록",
    "lift a request to stop processing": "처리정지 요구를 해제",
    "why (required with --out, --stop and --resume; kept in the access record and the case's "
    "events)": "사유 (--out, --stop, --resume에 필수; 접속기록과 사건 이벤트에 남음)",
    "delete the access records past their retention period":
        "보관 기간이 지난 접속기록 삭제",
    "only say how many records would be deleted": "삭제할 기록 수만 알려 줌",
    # party add/update, case search
    "the party's name: a person, a group or an office": "당사자 이름: 개인, 단체 또는 기관",
    "the party's name as it should read": "바르게 고친 당사자 이름",
    "role: applicant, respondent, agency, department, resident_group, stakeholder, group, "
    "expert, observer (or its Korean title)":
        "역할: 신청인, 피신청인, 기관, 사업부서, 주민단체, 이해관계인, 관련단체, 전문가, 참관인 "
        "(또는 applicant, respondent, agency, department, resident_group, stakeholder, group, "
        "expert, observer)",
    "organisation the party belongs to": "당사자의 소속 기관·단체",
    "e-mail address (letters and notices go there)": "전자우편 주소 (문서와 통지가 이 주소로 감)",
    "phone number": "전화번호",
    "issue number (issue list)": "쟁점 번호 (issue list)",
    "example: mediation report --year 2026 --format xlsx --out 2026-report.xlsx":
        "예시: mediation report --year 2026 --format xlsx --out 2026-통계.xlsx",
    "List a case's attachments: number, title, kind, party, file name, size, type, when and "
    "by whom, and SHA-256.":
        "사건의 첨부 파일을 보입니다: 번호, 설명, 종류, 당사자, 파일 이름, 크기, 형식, 첨부한 "
        "때와 사람, SHA-256.",
    "example: mediation attach list 2026-0001": "예시: mediation attach list 2026-0001",
    "username, as `user list` shows it": "사용자명 (`user list`에 보이는 그대로)",
    "the new username: lower-case letters, digits, _ . -": "새 사용자명: 영문 소문자, 숫자, _ . -",
    "parties present (party list numbers)": "출석한 당사자 (party list의 번호)",

}

KO = {" ".join(english.split()): korean for english, korean in _KO.items()}
USAGE = ("usage: ", "사용법: ")


def korean(text: str | None) -> str | None:
    """``text``'s Korean version; ``text`` itself when the catalogue lacks it."""
    return None if text is None else KO.get(" ".join(text.split()), text)


def localize(parser: argparse.ArgumentParser) -> None:
    """Put the Korean texts on ``parser`` and every parser below it."""
    done: set[int] = set()
    todo = [parser]
    while todo:
        p = todo.pop()
        setattr(p, "korean", True)  # noqa: B010 - ``cli.main._Parser``'s usage and errors
        p.description, p.epilog = korean(p.description), korean(p.epilog)
        for group in p._action_groups:
            group.title = korean(group.title)
        for action in p._actions:
            if id(action) not in done:
                done.add(id(action))
                action.help = korean(action.help)
            if isinstance(action, argparse._SubParsersAction):
                for choice in action._choices_actions:
                    choice.help = korean(choice.help)
                todo.extend(dict.fromkeys(action.choices.values()))
