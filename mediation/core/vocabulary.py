"""Closed vocabularies a case uses (DOMAIN.md §6), each value with Korean and English titles.

Values are stored in English snake_case; the titles are what people read.
"""

from __future__ import annotations

import re

from mediation.core.errors import NotAChoice
from mediation.core.titles import Title

Vocabulary = dict[str, Title]


def _v(**items: tuple[str, str]) -> Vocabulary:
    return {k: Title(ko=ko, en=en) for k, (ko, en) in items.items()}


USER_ROLES = _v(mediator=("갈등조정관", "mediator"), supervisor=("갈등조정담당관", "supervisor"),
                admin=("관리자", "administrator"))
CHANNELS = _v(department_referral=("부서 의뢰", "department referral"),
              complaint=("민원", "complaint"), early_warning=("조기경보", "early warning"),
              committee=("위원회", "committee"), media=("언론 보도", "media"),
              phone=("전화 접수", "phone"), visit=("방문 접수", "visit"), other=("기타", "other"))
CONFLICT_TYPES = _v(interest=("이익", "interest"), value=("가치", "value"),
                    siting=("입지(NIMBY/PIMFY)", "siting (NIMBY/PIMFY)"), policy=("정책", "policy"),
                    fact=("사실관계·자료", "fact/data"), structural=("구조", "structural"),
                    relationship=("관계", "relationship"))
SECTORS = _v(regional_development=("지역개발", "regional development"),
             housing=("주택·재개발", "housing and redevelopment"), transport=("교통", "transport"),
             environment=("환경", "environment"), welfare=("복지시설", "welfare facilities"),
             culture=("문화", "culture"), education=("교육", "education"),
             economy=("경제", "economy"), administration=("행정", "administration"),
             neighbourhood=("생활(이웃)", "neighbourhood"))
STAGES = _v(plan=("계획", "plan"), budget=("예산", "budget"), design=("설계", "design"),
            construction=("시공", "construction"), operation=("운영", "operation"))
GRADES = _v(A=("A(심각)", "A (severe)"), B=("B(주의)", "B (watch)"), C=("C(관심)", "C (low)"))
ALERTS = _v(none=("없음", "none"), pre=("예비경보", "pre-alert"), alert=("경보", "alert"))
PARTY_ROLES = _v(applicant=("신청인", "applicant"), respondent=("피신청인", "respondent"),
                 agency=("기관", "agency"), department=("사업부서", "project-owner department"),
                 resident_group=("주민단체", "resident group"), stakeholder=("이해관계인", "stakeholder"),
                 group=("관련단체", "related group"), expert=("전문가", "expert"),
                 observer=("참관인", "observer"))
ATTACHMENT_KINDS = _v(complaint=("민원서", "complaint"),
                     letter=("접수 공문", "official letter received"),
                     photo=("사진", "photo"), scan=("서명 스캔본", "signed scan"),
                     minutes=("회의록", "minutes"), other=("기타", "other"))
LANGS = _v(ko=("한국어", "Korean"), en=("영어", "English"))
MEETING_KINDS = _v(joint=("합동회의", "joint meeting"), separate=("개별면담", "separate meeting"),
                   hearing=("공청회", "public hearing"))
MEETING_STATUSES = _v(scheduled=("예정", "scheduled"), held=("개최", "held"),
                      cancelled=("취소", "cancelled"))
# How a case ended (or, once its agreement is signed, stands): what `case show`, letters and
# reports print. A final state declares its outcome in the workflow file; an agreement with
# unresolved issues is a partial agreement, a withdrawal the system made under the absence
# rule a deemed withdrawal.
OUTCOMES = _v(agreement=("합의 성립", "agreement reached"),
              partial_agreement=("부분 합의", "partial agreement"),
              impasse=("합의 불성립", "no agreement"),
              not_accepted=("조정 불수용", "mediation not accepted"),
              withdrawn=("신청 철회", "withdrawn"),
              deemed_withdrawn=("철회 간주(불출석)", "deemed withdrawn (absences)"),
              referred=("이송", "referred"),
              inactive=("장기 미진행 종결", "closed as inactive"),
              monitored=("부서 자체 관리", "left to the department"))
FINAL_OUTCOMES = ("agreement", "impasse", "not_accepted", "withdrawn", "referred", "inactive",
                  "monitored")
NEGATIVE_OUTCOMES = frozenset({"impasse", "not_accepted", "withdrawn", "deemed_withdrawn",
                               "referred"})
# outcomes the system reached by a rule, whose letters word the reason themselves
SELF_EXPLAINED = frozenset({"deemed_withdrawn", "inactive"})
COMMITMENT_STATUSES = _v(open=("이행 중", "open"), done=("이행 완료", "done"),
                         waived=("면제", "waived"), breached=("불이행", "breached"))
# how an agreement item stands on every screen and letter (views.agreement.standing): a
# draft until every party signed, overdue past its due time, else its recorded status
ITEM_STANDINGS = {**_v(draft=("초안", "draft")), **COMMITMENT_STATUSES,
                  **_v(overdue=("기한 경과", "overdue"))}


def _key(text: str) -> str:
    """How an answer is compared: case, spaces and the separators of titles do not count."""
    return "".join(ch for ch in text.casefold() if not ch.isspace() and ch not in "_-·/")


def _short(title: str) -> str:
    """``title`` without a closing parenthesis and what follows a middle dot or slash."""
    return re.split(r"[·/]", re.sub(r"\s*\([^()]*\)\s*$", "", title))[0]


def _inner(title: str) -> str:
    """What a title holds in its closing parenthesis: 심각 in ``A(심각)``, or nothing."""
    found = re.search(r"\(([^()]*)\)\s*$", title)
    return found.group(1) if found else ""


def check(vocab: Vocabulary, value: str, field: str) -> str:
    """The stored value ``value`` names: the value itself, or its Korean or English title
    (``복지시설`` and ``welfare facilities`` are ``welfare``; ``A(심각)`` and ``a`` are ``A``).
    Otherwise ``NotAChoice`` lists the choices in both languages."""
    if value in vocab:
        return value
    wanted = _key(value)
    for name, names in vocab.items():
        if wanted and wanted in (_key(name), _key(names.ko), _key(names.en)):
            return name
    # a title's short form, as the help lists it: 입지 for 입지(NIMBY/PIMFY), 사실관계 for
    # 사실관계·자료, 심각 for A(심각) — when it names one value only
    short = [name for name, names in vocab.items()
             if wanted and wanted in {_key(f(t)) for t in (names.ko, names.en)
                                      for f in (_short, _inner)}]
    if len(short) == 1:
        return short[0]
    raise NotAChoice(field=field, value=value[:60],
                     choices_ko=", ".join(t.ko if t.ko.startswith(k) else f"{t.ko}({k})"
                                          for k, t in vocab.items()),
                     choices_en=", ".join(vocab))


def title(vocab: Vocabulary, value: str | None, lang: str) -> str:
    if value is None:
        return "-"
    found = vocab.get(value)
    return found.get(lang) if found else value
