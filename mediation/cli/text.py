"""Labels the CLI prints, in Korean and English."""

from __future__ import annotations

from mediation.core import titles

LABELS: dict[str, tuple[str, str]] = {
    "case": ("사건", "Case"),
    "title": ("사건명", "Title"),
    "summary": ("개요", "Summary"),
    "workflow": ("업무흐름", "Workflow"),
    "state": ("상태", "State"),
    "types": ("갈등유형", "Conflict types"),
    "sector": ("분야", "Sector"),
    "district": ("자치구", "District"),
    "location": ("위치", "Location"),
    "department": ("사업부서", "Department"),
    "channel": ("접수경로", "Intake channel"),
    "stage": ("사업단계", "Project stage"),
    "grade": ("진단등급", "Diagnosis grade"),
    "alert": ("경보단계", "Alert level"),
    "indicators": ("경보지표", "Alert indicators"),
    "people": ("관련 인원", "People involved"),
    "cost": ("사업비", "Project cost"),
    "chair": ("협의회 의장", "Neutral chair"),
    "mediator": ("갈등조정관", "Mediator"),
    "supervisor": ("갈등조정담당관", "Supervisor"),
    "opened": ("접수일시", "Opened"),
    "closed_at": ("종결일시", "Closed"),
    "destroyed": ("개인정보 파기", "Personal data destroyed"),
    "days_open": ("경과일수", "Days open"),
    "version": ("버전", "Version"),
    "outcome": ("조정 결과", "Outcome"),
    "unresolved_n": ("미합의 쟁점", "unresolved issues"),
    "triggers": ("가능한 트리거", "Available triggers"),
    "no_triggers": ("(없음 — 종결된 사건)", "(none — the case is closed)"),
    "parties": ("당사자", "Parties"),
    "no_parties": ("(등록된 당사자 없음)", "(no parties yet)"),
    "events": ("최근 기록", "Recent events"),
    "consent_given": ("동의", "consented"),
    "consent_declined": ("거부", "declined"),
    "consent_none": ("미확인", "not asked"),
    "consent_not_needed": ("동의 대상 아님", "consent not needed"),
    "representative": ("대표당사자", "representative"),
    "open_consent": ("회의 공개 동의", "agreed to open meetings"),
    "note_required": ("사유 필요", "note required"),
    "fired_by": ("{who}만 실행할 수 있습니다", "only a {who} may fire it"),
    "opened_case": ("사건을 접수했습니다", "Case opened"),
    "moved": ("상태를 변경했습니다", "State changed"),
    "updated": ("사건을 수정했습니다", "Case updated"),
    "party_added": ("당사자를 추가했습니다", "Party added"),
    "consent_recorded": ("동의 여부를 기록했습니다", "Consent recorded"),
    "user_added": ("사용자를 추가했습니다", "User added"),
    "no_cases": ("조건에 맞는 사건이 없습니다.", "No cases match."),
    "matched_in": ("찾은 곳", "matched in"),
    "no_attachments": ("첨부 파일이 없습니다.", "No attachments."),
    "of_party": ("당사자", "party"),
    "attachment_missing": ("파일 없음", "file MISSING"),
    "attachment_changed": ("파일 변경됨 (SHA-256 불일치)", "file CHANGED (SHA-256 differs)"),
    "attachment_destroyed": ("개인정보 파기로 삭제됨", "deleted with the personal data"),
    "audit_ok": ("감사 기록 정상", "audit trail intact"),
    "audit_broken": ("감사 기록 손상", "audit trail BROKEN"),
    "events_n": ("건", "events"),
    "init_created": ("데이터베이스를 만들었습니다", "Database created"),
    "init_upgraded": ("데이터베이스를 최신 스키마로 올렸습니다", "Database upgraded"),
    "init_current": ("데이터베이스가 이미 최신입니다", "Database already up to date"),
    "init_simulation": ("모의 데이터베이스입니다: MEDIATION_NOW와 --as/MEDIATION_USER가 적용됩니다",
                        "Simulation database: MEDIATION_NOW and --as/MEDIATION_USER apply"),
    "init_office": ("업무용 데이터베이스입니다: 시스템 시계와 OS 로그인 계정으로 실행합니다",
                    "Office database: the system clock and the OS login apply"),
    "admin_created": ("첫 관리자 사용자를 만들었습니다", "Created the first admin user"),
    "valid": ("올바른 업무흐름 정의입니다", "valid workflow definition"),
}


def t(key: str, lang: str) -> str:
    ko, en = LABELS[key]
    return en if lang == "en" else ko

LINE_BREAKS = "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029"


def one_line(text: str) -> str:
    """``text`` as one line that any stderr can print: line breaks and lone surrogates
    (undecodable command-line bytes) are written as escapes."""
    flat = "".join(ch.encode("unicode_escape").decode("ascii") if ch in LINE_BREAKS else ch
                   for ch in text)
    return flat.encode("utf-8", "backslashreplace").decode("utf-8")


# What an internal name means, for the reader: event kinds, statuses and kinds of the
# outbox and the register, and the case fields an update changes. ``titled`` falls back
# to the internal name for a name a newer version wrote.
EVENT_KINDS = titles.EVENT_KINDS  # shared with the web console
DOCUMENT_STATUSES = titles.DOCUMENT_STATUSES
REMINDER_STATUSES: dict[str, tuple[str, str]] = {
    "pending": ("대기", "pending"), "sending": ("발송 중", "sending"), "sent": ("발송", "sent"),
    "retrying": ("재시도 대기", "retrying"), "failed": ("실패", "failed"),
    "cancelled": ("취소", "cancelled"),
}
REMINDER_KINDS: dict[str, tuple[str, str]] = {
    "reminder": ("기한 알림", "reminder"), "escalation": ("독촉", "escalation"),
    "digest": ("일일 현황", "digest"), "review": ("월간 점검", "review"),
    "dormancy": ("장기 미진행", "dormancy"), "breach": ("불이행 알림", "breach"),
}
AUDIENCES: dict[str, tuple[str, str]] = {
    "mediator": ("갈등조정관", "mediator"), "supervisor": ("갈등조정담당관", "supervisor"),
    "admins": ("관리자", "admins"), "party": ("당사자", "party"), "user": ("사용자", "user"),
}
REMINDER_ERRORS: dict[str, tuple[str, str]] = {
    "no longer due": ("기한이 닫혀 보내지 않음", "no longer due"),
}
DOCUMENT_AUDIENCES: dict[str, tuple[str, str]] = {
    "party": ("당사자", "party"), "council": ("협의회", "council"), "internal": ("내부", "internal"),
}
# the columns an update changes (``case history``), by the label ``case show`` gives them
CHANGED_FIELDS: dict[str, str] = {
    "title": "title", "summary": "summary", "conflict_types": "types", "sector": "sector",
    "district": "district", "location": "location", "department": "department",
    "channel": "channel", "stage": "stage", "grade": "grade", "alert": "alert",
    "alert_indicators": "indicators", "people_involved": "people", "project_cost": "cost",
    "chair": "chair", "mediator": "mediator", "supervisor": "supervisor",
}


def titled(table: dict[str, tuple[str, str]], name: str, lang: str) -> str:
    """``name``'s title in ``lang``; the name itself when the table does not know it."""
    found = table.get(name)
    return name if found is None else found[1 if lang == "en" else 0]


def count_en(n: int, noun: str, plural: str | None = None) -> str:
    """``n`` and ``noun`` in English: 1 document, 2 documents, 0 documents."""
    return f"{n:,} {noun if n == 1 else plural or noun + 's'}"
