"""A fictional case with every kind of data a document can show, for ``template check``,
the golden files and the benchmark. Names, places and numbers are invented."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path

from mediation.core.clock import SEOUL
from mediation.core.titles import Title
from mediation.render.context import (
    CaseFacts,
    CommitmentCtx,
    IssueCtx,
    LetterCtx,
    LetterInputs,
    MeetingCtx,
    letter_context,
    with_number,
)
from mediation.render.office import Office
from mediation.views.cases import CaseView, EventView, PartyView, UserView
from mediation.views.meetings import HearingCtx, MeetingView
from mediation.workflow.dockinds import KINDS
from mediation.workflow.loader import load_file

OPENED = datetime(2026, 9, 1, 10, 30, tzinfo=SEOUL)
ISSUED = datetime(2026, 11, 24, 9, 0, tzinfo=SEOUL)
STATES = {
    "intake": Title(ko="접수", en="Intake"),
    "diagnosis": Title(ko="갈등진단", en="Diagnosis"),
    "strategy": Title(ko="대응전략", en="Response strategy"),
    "convening": Title(ko="협의회 구성", en="Convening the council"),
    "mediation": Title(ko="조정 진행", en="Mediation"),
}


def _party(pid: int, name: str, role: str, org: str | None, address: str, lang: str = "ko",
           representative: bool = False) -> PartyView:
    return PartyView(id=pid, name=name, role=role, organization=org,
                     representative=representative, email=f"party{pid}@example.org",
                     phone="010-0000-000" + str(pid), address=address, lang=lang,
                     consent="given", consent_at=OPENED)


CLOSED_TITLES = {"closed_resolved": ("종결(해결)", "Closed — resolved"),
                 "closed_impasse": ("종결(조정 중단)", "Closed — impasse")}


def sample_case(*, state: str = "mediation") -> CaseView:
    closed = state in CLOSED_TITLES
    ko, en = CLOSED_TITLES.get(state, ("조정 진행", "Mediation"))
    return CaseView(
        number="2026-0042", title="가상동 공공 주차장 복합시설 입지 갈등",
        summary="가상동 공영주차장 부지에 복합문화시설을 짓는 계획을 두고 인근 주민과 상인회가 "
                "교통 혼잡과 영업 피해를 우려하여 반대하는 사안",
        workflow="public_conflict", workflow_version=1,
        state=state, state_ko=ko, state_en=en,
        closed=closed, conflict_types=["interest", "siting"], sector="regional_development",
        district="가상구", location="가상동 100-1 일대(예시)", department="가상사업과",
        channel="complaint", stage="design", grade="B", alert="pre",
        alert_indicators=["1주 5건 이상 민원"], people_involved=120, project_cost=4_250_000_000,
        chair="한중립", mediator="kim", supervisor="park", opened_at=OPENED,
        closed_at=ISSUED if closed else None, updated_at=ISSUED, version=9,
        days_open=(ISSUED - OPENED).days)


@cache
def sample_wording() -> dict[str, Title]:
    """The shipped public-conflict workflow's own sentences (the sample case is one), or
    none where the workflows are not beside the package."""
    path = Path(__file__).resolve().parents[2] / "workflows" / "public_conflict.yaml"
    return dict(load_file(path).wording) if path.is_file() else {}


def sample_facts(*, full: bool = True, state: str = "mediation") -> CaseFacts:
    """The fictional case; ``full=False`` leaves out meetings, items and issues."""
    parties = (
        _party(1, "홍길동", "resident_group", "가상동 주민대책위원회", "서울특별시 가상구 가상로 1 (예시)",
               representative=True),
        _party(2, "김상인", "stakeholder", "가상시장 상인회", "서울특별시 가상구 시장길 2 (예시)"),
        _party(3, "Jane Doe", "expert", "Example Urban Institute", "3 Example-ro, Seoul (example)",
               lang="en"),
    )
    events = tuple(
        EventView(seq=i + 2, at=OPENED + timedelta(days=days), actor="kim", kind="transition",
                  from_state=None, to_state=state, trigger=None, note=None, details={}, hash="")
        for i, (days, state) in enumerate(((3, "diagnosis"), (20, "strategy"), (35, "convening"),
                                           (60, "mediation"))))
    if not full:
        return CaseFacts(case=sample_case(state=state), workflow_title=Title(
            ko="공공갈등 조정", en="Public conflict mediation"), state_titles=STATES,
            parties=parties, mediator=_user("kim", "김조정"), supervisor=_user("park", "박담당"),
            events=events, outcome="agreement" if state == "closed_resolved" else SAMPLE_OUTCOMES.get(state),
            wording=sample_wording())
    return CaseFacts(
        case=sample_case(state=state),
        workflow_title=Title(ko="공공갈등 조정", en="Public conflict mediation"),
        state_titles=STATES, parties=parties,
        mediator=_user("kim", "김조정"), supervisor=_user("park", "박담당"), events=events,
        meetings=(MeetingView(id=3, kind="joint", starts_at=(OPENED + timedelta(days=70)).replace(
            hour=14, minute=30), place="가상구청 3층 소회의실(예시)",
            agenda="지난 회의 결과 확인\n임시 주차 대책 합의안 검토", public=False, status="held",
            forced_reason=None, attended=(1, 2, 3), absent=(), excused=(), cancel_reason=None),),
        commitments=(
            CommitmentCtx(text="공사 기간 중 임시 주차면 80면 확보", implementer="가상사업과",
                          due=date(2027, 3, 31), check="현장 점검 및 사진 확인"),
            CommitmentCtx(text="상인회와 월 1회 공사 영향 협의", implementer="가상사업과, 상인회",
                          due=date(2027, 12, 31), check="회의록 제출", status="overdue"),
        ),
        issues=(IssueCtx(title="임시 주차면 확보", agreed=True),
                IssueCtx(title="시설 층수 조정", agreed=False, note="설계 변경 검토 후 재협의")),
        # one issue stays unresolved: a signed or resolved sample is a partial agreement
        outcome=SAMPLE_OUTCOMES.get(state), unresolved_issues=1, wording=sample_wording(),
    )


def _user(username: str, name: str) -> UserView:
    return UserView(username=username, name=name, email=f"{username}@example.org",
                    role="mediator", active=True)


def sample_meeting(starts: datetime) -> MeetingCtx:
    starts = starts.replace(hour=14, minute=30)
    return MeetingCtx(title="제3차 갈등조정협의회", purpose="임시 주차 대책 합의안 검토",
                      starts_at=starts, ends_at=starts + timedelta(hours=2),
                      place="가상구청 3층 소회의실(예시)",
                      agenda=("지난 회의 결과 확인", "임시 주차 대책 합의안 검토"))


def sample_inputs() -> LetterInputs:
    return LetterInputs(reason="당사자 간 추가 자료 확인이 필요하여", reply_by=date(2026, 12, 24),
                        new_date=date(2027, 2, 26), expected_by=date(2027, 5, 31),
                        meeting=sample_meeting(datetime(2026, 12, 8, tzinfo=SEOUL)))


SAMPLE_OUTCOMES = {"closed_resolved": "partial_agreement", "closed_impasse": "impasse",
                   "implementation": "partial_agreement"}
SAMPLE_STATES = {"closure": "closed_impasse", "result_notice": "closed_resolved",
                 "result_report": "closed_resolved"}


def sample_context(kind: str, lang: str, *, full: bool = True,
                   party_index: int = 0) -> LetterCtx:
    """A complete context of ``kind`` in ``lang`` for the fictional case."""
    k = KINDS[kind]
    facts = sample_facts(full=full, state=SAMPLE_STATES.get(kind, "mediation"))
    party = facts.parties[party_index] if k.audience == "party" else None
    ctx = letter_context(facts, k, party, lang=lang, office=Office(), issued_at=ISSUED,
                         inputs=sample_inputs() if full else LetterInputs(
                             reason="당사자 간 합의에 이르지 못함", new_date=date(2027, 2, 26)))
    return with_number(ctx, "갈등조정담당관-2026-0107")


SAMPLE_HEARING = HearingCtx(speakers=("가상대학교 김가상 교수(주제 발표)", "가상동 주민대표 이예시"),
                            apply_by=date(2026, 12, 4),
                            apply_how="전자우편 hearing@example.org (성명, 연락처, 발표 요지)",
                            comments="https://mediation.example.org/hearing 에 의견 등록(예시)")


def sample_variants(kind: str, lang: str) -> list[tuple[str, LetterCtx]]:
    """Further contexts the templates of ``kind`` must render: for a meeting notice, a
    notice of change and a notice of cancellation of a scheduled meeting, and the same three
    of a public hearing (with its details, and with the default wording of none)."""
    base = sample_context(kind, lang)
    if not KINDS[kind].calendar or base.meeting is None:
        return []
    changed = replace(base.meeting, uid="mediation-2026-0042-meeting-3@mediation.example.org",
                      sequence=1, previous_starts_at=base.meeting.starts_at - timedelta(days=2),
                      previous_place="가상구청 2층 대회의실(예시)")
    cancelled = replace(changed, sequence=2, cancelled=True, previous_starts_at=None,
                        previous_place=None)
    hearing = replace(base.meeting, kind="hearing", closed=False, title="가상동 복합시설 공청회",
                      hearing=SAMPLE_HEARING)
    return [("notice of change", replace(base, meeting=changed)),
            ("notice of cancellation", replace(base, meeting=cancelled, reason="태풍 경보")),
            ("public hearing", replace(base, meeting=hearing)),
            ("public hearing, default wording",
             replace(base, meeting=replace(hearing, hearing=HearingCtx(), agenda=(),
                                           purpose=""))),
            ("public hearing, notice of change",
             replace(base, meeting=replace(changed, kind="hearing", closed=False,
                                           hearing=SAMPLE_HEARING))),
            ("public hearing, notice of cancellation",
             replace(base, meeting=replace(cancelled, kind="hearing", closed=False,
                                           hearing=SAMPLE_HEARING), reason="태풍 경보"))]
