"""The demo: a fictional Seoul public-conflict case walked through the workflow with time
moving forward, on a fresh SQLite database in a folder of its own.

Everything here is fictional (marked 가상 / fictional): the district, the people, the
project. The demo drives the same use cases the CLI uses, with a ``FrozenClock`` it moves.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from mediation.app import App, build_app
from mediation.cases.commands import CaseFields
from mediation.config import Settings
from mediation.core.clock import SEOUL, FrozenClock
from mediation.core.errors import BadInput, GuardFailed, Refused
from mediation.core.formats import kdatetime
from mediation.core.titles import Title
from mediation.demo.narrator import Narrator
from mediation.parties.commands import PartyFields
from mediation.storage import migrate
from mediation.workflow.dockinds import KINDS
from mediation.workflow.engine import Actor

if TYPE_CHECKING:
    from mediation.demo.followup import FollowUp, Timekeeper

MARKER = ".mediation-demo"
SUPERVISOR = ("jung.demo", "정담당(가상)", "jung.demo@example.invalid", "supervisor")
MEDIATOR = ("han.demo", "한조정(가상)", "han.demo@example.invalid", "mediator")


@dataclass(frozen=True, slots=True, kw_only=True)
class DemoResult:
    folder: Path
    database: Path
    number: str
    state: str
    state_title: Title
    events: int
    audit_ok: bool
    documents: tuple[str, ...] = ()
    outbox: tuple[str, ...] = ()
    outcome: str | None = None
    follow_up: FollowUp | None = None
    # the web console's sign-ins: (user name, name, one-time password to change at first use)
    sign_ins: tuple[tuple[str, str, str], ...] = ()


DEMO_DISTRICT = "한빛구(가상)"

def prepare_folder(folder: Path) -> None:
    """Use ``folder`` for a fresh demo; refuse to touch a folder the demo did not create."""
    if folder.exists() and any(folder.iterdir()):
        if not (folder / MARKER).exists():
            raise BadInput(field="--dir", reason_ko=f"{folder}은(는) 이미 있고 데모 폴더가 아닙니다. "
                                                    "--dir로 다른 폴더를 고르세요",
                                          reason_en=f"{folder} exists and is not a demo folder; "
                                                    "choose another with --dir")
        shutil.rmtree(folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MARKER).write_text("created by `mediation demo`; safe to delete\n", encoding="utf-8")


def _people(app: App) -> tuple[Actor, Actor, Actor]:
    admin_name = "demo-admin"
    app.users.ensure_admin(admin_name, "demo-admin@example.invalid")
    admin = app.users.actor(admin_name)
    for username, name, email, role in (SUPERVISOR, MEDIATOR):
        app.users.add_user(admin, username, name, email, role)
    return admin, app.users.actor(SUPERVISOR[0]), app.users.actor(MEDIATOR[0])


def _open(app: App, supervisor: Actor, mediator: Actor) -> str:
    fields = CaseFields(
        title="[가상 사례] 한빛구 광역 자원회수시설 입지 갈등",
        summary="가상의 사례입니다. 한빛구(가상)에 광역 자원회수시설을 짓는 계획에 인근 주민들이 "
                "반대하고 있습니다. (Fictional case for the demo.)",
        types=("siting", "interest"), sector="environment", district=DEMO_DISTRICT,
        location="한빛구 새솔동 일대(가상)", department="기후환경본부 자원순환과(가상)",
        channel="early_warning", stage="plan")
    return app.cases.open_case(supervisor, workflow="public_conflict",
                                 mediator=mediator.username, supervisor=supervisor.username,
                                 fields=fields).number


def _reminders(app: App, n: Narrator, clock: FrozenClock, number: str) -> None:
    """Let the receipt deadline run out: the mediator is reminded, then the supervisor."""
    from mediation.reminders.commands import demo_reminder_and_escalation

    for sent in demo_reminder_and_escalation(app.reminders, clock, number):
        to = ", ".join(sent.recipients)
        if sent.kind == "reminder":
            n.step(f"접수 확인 기한이 다가와 조정관에게 알림 메일을 보냈습니다 ({to}).",
                   f"The receipt deadline is near: reminder e-mailed to the mediator ({to}).",
                   at=sent.sent_at)
        else:
            n.step(f"기한이 지나 담당관에게 독촉 메일을 보냈습니다 ({to}).",
                   f"The deadline passed: escalation e-mailed to the supervisor ({to}).",
                   at=sent.sent_at)


def _letters(app: App, n: Narrator, actor: Actor, number: str, kind: str, ko: str,
             en: str) -> None:
    from mediation.documents.register import LetterRequest

    docs = app.documents.render_documents(actor, LetterRequest(number=number, kind=kind,
                                                             all_parties=True))
    n.step(f"{ko} {len(docs)}건을 당사자별로 작성했습니다.",
           f"Wrote {len(docs)} {en}, one per party.")


def _approve(app: App, n: Narrator, supervisor: Actor) -> None:
    """The supervisor approves (결재) the letters waiting in the queue."""
    queue = app.documents.approval_queue(supervisor)
    for doc in queue:
        app.documents.approve_document(supervisor, doc.number)
    if queue:
        n.step(f"담당관이 결재 대기 문서 {len(queue)}건을 결재했습니다(결재란에 이름과 날짜).",
               f"The supervisor approved the {len(queue)} letters awaiting approval (name and "
               "date in their approval box).")


def _walk(app: App, n: Narrator, number: str, supervisor: Actor, mediator: Actor) -> None:
    app.moves.advance(mediator, number, "diagnose")
    n.step("갈등진단에 착수했습니다.", "Diagnosis started.")
    n.later(days=2)
    app.cases.update_case(mediator, number, CaseFields(
        grade="B", alert="pre", people=320, cost=113_560_000_000,
        indicators=("1주 내 민원 5건 이상", "5인 이상 집단민원")), note="현장 확인 결과")
    n.step("진단등급 B, 예비경보(지표 2개), 관련 인원 320명을 기록했습니다.",
           "Recorded grade B, pre-alert (2 indicators), 320 people involved.")
    app.moves.advance(mediator, number, "plan")
    n.step("대응전략 수립 단계로 넘어갔습니다.", "Moved to response strategy.")
    n.later(days=4)
    parties = [
        PartyFields(name="새솔동 주민대책위원회(가상)", role="resident_group", representative=True,
                    email="residents@example.invalid", address="한빛구 새솔로 1(가상)"),
        PartyFields(name="서울특별시 자원순환과(가상)", role="department",
                    organization="서울특별시", email="dept@example.invalid"),
        PartyFields(name="Hanbit Green Forum (fictional)", role="group", lang="en",
                    email="forum@example.invalid"),
    ]
    ids = [app.parties.add_party(mediator, number, p).id for p in parties]
    n.step(f"당사자 {len(ids)}명을 등록했습니다.", f"Registered {len(ids)} parties.")
    _letters(app, n, mediator, number, "receipt", "접수 통지", "receipt notices")
    _approve(app, n, supervisor)
    app.moves.advance(supervisor, number, "convene")
    n.step("담당관이 조정협의회 구성을 승인했습니다.", "The supervisor approved a mediation council.")
    _approve(app, n, supervisor)
    try:
        app.moves.advance(mediator, number, "open_mediation")
    except Refused as exc:  # its conditions, without the step's name said a second time
        why = ((exc.fields["reasons_ko"], exc.fields["reasons_en"]) if isinstance(exc, GuardFailed)
               else (exc.message("ko"), exc.message("en")))
        n.step(f"조정 개시가 거부되었습니다 — {why[0]}", f"Opening mediation was refused: {why[1]}")
    n.later(days=6)
    for party_id in ids:
        app.parties.consent(mediator, number, party_id, declined=False)
    app.cases.update_case(mediator, number, CaseFields(chair="오중립 교수(가상)"))
    n.step("모든 당사자가 동의했고 의장을 선임했습니다.",
           "Every party consented and a neutral chair was named.")
    app.moves.advance(mediator, number, "open_mediation")
    n.step("조정을 개시했습니다.", "Mediation opened.")
    _letters(app, n, mediator, number, "appointment", "의장 선정 통지", "appointment notices")
    _approve(app, n, supervisor)


def _meetings(app: App, n: Narrator, keeper: Timekeeper, number: str, mediator: Actor) -> None:
    """Two joint meetings: notices with calendar files to every party, the second moved once
    (a notice of change), attendance and minutes recorded after each."""
    from mediation.meetings.commands import Attendance, MeetingChange, MeetingFields
    from mediation.meetings.minutes import Minutes

    parties = tuple(p.id for p in app.parties.list_parties(mediator, number))
    first_at = _at_day(keeper, keeper.clock.now() + timedelta(days=11), 14)
    held = []
    second_at = _at_day(keeper, first_at + timedelta(days=14), 14)
    for i, (at, agenda) in enumerate(((first_at, "기본규칙 합의\n쟁점 확인"),
                                      (second_at, "주민 감시 체계\n주민지원기금"))):
        result = app.meetings.schedule_meeting(mediator, number, MeetingFields(
            kind="joint", starts_at=at, place="한빛구청 3층 회의실(가상)", agenda=agenda))
        sent = len(result.notice_report.sent) if result.notice_report else 0
        n.step(f"{i + 1}차 협의회 회의를 {kdatetime(at, 'ko')}에 소집하고 통지서 {sent}건을 "
               "일정 파일(.ics)과 함께 보냈습니다.",
               f"Called council meeting {i + 1} for {kdatetime(at, 'en')}; {sent} notices "
               "e-mailed with calendar files.")
        held.append(result.meeting.id)
    keeper.later(days=2)
    moved = held[1]
    new_at = _at_day(keeper, second_at + timedelta(days=2), 10)
    app.meetings.reschedule_meeting(mediator, number, moved, MeetingChange(starts_at=new_at))
    n.step(f"2차 회의를 {kdatetime(new_at, 'ko')}로 옮기고 변경 통지를 보냈습니다.",
           f"Moved meeting 2 to {kdatetime(new_at, 'en')} and sent notices of change.")
    for meeting_id, at in ((held[0], first_at), (moved, new_at)):
        keeper.until(at + timedelta(hours=3))
        minutes = Minutes.of(f"[가상 회의록] 회의 {meeting_id}: 당사자 전원 참석, 쟁점 논의.\n"
                             .encode())
        app.meetings.record_meeting(mediator, number, meeting_id, Attendance(attended=parties),
                           minutes)
        n.step("회의가 열려 출석과 회의록을 기록했습니다(당사자 전원 참석).",
               "The meeting was held: attendance and minutes recorded (every party came).")


def _at_day(keeper: Timekeeper, moment: datetime, hour: int) -> datetime:
    """``hour`` o'clock in Seoul on the day of ``moment``, or on the next working day."""
    day = keeper.working_day(moment.astimezone(SEOUL).date())
    return datetime.combine(day, time(hour), tzinfo=SEOUL)


def _mediate_and_follow_up(app: App, n: Narrator, clock: FrozenClock, number: str,
                           supervisor: Actor, mediator: Actor) -> FollowUp:
    from mediation.demo.followup import Timekeeper, agreement_and_follow_up

    keeper = Timekeeper(app, clock, n, mediator, number, supervisor)
    _meetings(app, n, keeper, number, mediator)
    keeper.later(days=10)
    app.moves.advance(mediator, number, "draft_agreement")
    n.step("협의결과문 작성에 들어갔습니다.", "Agreement drafting started.")
    return agreement_and_follow_up(app, clock, n, number, supervisor, mediator)


def run_demo(folder: Path, *, start: datetime, lang: str,
             say: Callable[[str], None]) -> DemoResult:
    prepare_folder(folder)
    database = folder / "mediation.db"
    # a fictional city: its office lists its own district, as another city's office would
    districts = folder / "districts.txt"
    districts.write_text(f"# {DEMO_DISTRICT}: fictional\n{DEMO_DISTRICT}\n", encoding="utf-8")
    settings = Settings(home=folder, database_url=f"sqlite:///{database}",
                        workflows_dir=Settings.from_env({}).workflows_dir, lang=lang,
                        districts_file=districts)
    clock = FrozenClock(start)
    app = build_app(settings, clock=clock)
    try:
        migrate.upgrade(app.db)
        app.users.install(simulation=True)  # the demo moves its own clock
        _, supervisor, mediator = _people(app)
        narrator = Narrator(clock, lang, say)
        number = _open(app, supervisor, mediator)
        narrator.step(f"가상 사례 {number}을(를) 접수했습니다.", f"Opened fictional case {number}.")
        _reminders(app, narrator, clock, number)
        narrator.later(days=1)
        _walk(app, narrator, number, supervisor, mediator)
        follow_up = _mediate_and_follow_up(app, narrator, clock, number, supervisor, mediator)
        detail = app.reading.show_case(mediator, number)
        audit = app.reading.verify(mediator, number)[0]
        documents = tuple(f"{d.number}  {KINDS[d.kind].title.get(lang)}  {d.recipient}  "
                          f"{d.output_path}"
                          for d in app.documents.list_documents(mediator, number))
        outbox = tuple(str(p) for p in sorted(settings.outbox.glob("*.eml")))
        sign_ins = _passwords(app)
    finally:
        app.close()
    return DemoResult(folder=folder, database=database, number=number,
                      state=detail.case.state,
                      state_title=Title(ko=detail.case.state_ko, en=detail.case.state_en),
                      events=audit.events, audit_ok=audit.ok,
                      documents=documents, outbox=outbox, outcome=detail.outcome,
                      follow_up=follow_up, sign_ins=sign_ins)


def _passwords(app: App) -> tuple[tuple[str, str, str], ...]:
    """A random one-time password for the demo's supervisor and mediator to sign in to the web
    console with (changed at the first sign-in): printed once, only its hash is kept."""
    import secrets

    admin = app.users.actor("demo-admin")
    out = []
    for username, name, _, _ in (SUPERVISOR, MEDIATOR):
        password = secrets.token_urlsafe(9)  # 12 characters
        app.passwords.set_password(admin, username, password, temporary=True)
        out.append((username, name, password))
    return tuple(out)
