"""The second half of the demo: from the draft agreement to closure. Issues in dispute are
settled (one stays unresolved, so the outcome is a partial agreement), the agreement's items
get owners and due dates, every party signs, the mediating body confirms, and the case moves
to implementation; then time runs: progress letters go out every 30 days, the owners of
commitments are reminded, the responsible department reports, an overdue commitment reaches
the supervisor, and the case closes as resolved with a result notice to every party.

Like the first half, it drives the use cases the CLI uses and moves a ``FrozenClock``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from mediation.agreement.commands import ItemFields
from mediation.core.clock import SEOUL, FrozenClock
from mediation.workflow.engine import Actor

if TYPE_CHECKING:
    from mediation.app import App
    from mediation.demo.narrator import Narrator

SEND = ("send",)


@dataclass(frozen=True, slots=True, kw_only=True)
class FollowUp:
    """What the second half did, for the demo's summary."""

    issues_agreed: int
    issues_unresolved: int
    commitments: int
    reminders_sent: int


class Timekeeper:
    """Moves the demo's clock forward the way an office lives through it: the scheduler
    sends each reminder when it falls due, and a progress letter goes to every party a few
    days before each 30-day progress deadline (민원 처리에 관한 법률 시행령 제23조), so no
    escalation is sent for a duty the office meets."""

    LETTER_AHEAD = timedelta(days=5)

    def __init__(self, app: App, clock: FrozenClock, n: Narrator, actor: Actor,
                 number: str, approver: Actor | None = None) -> None:
        self.app, self.clock, self.n, self.actor, self.number = app, clock, n, actor, number
        self.approver = approver  # approves (결재) the letters the workflow lists
        self.sent = 0

    def until(self, target: datetime) -> None:
        while True:
            progress = [d for d in self.app.deadlines.list_deadlines(self.actor, self.number)
                        if d.rule == "progress_notice" and d.due_at is not None
                        and d.due_at - self.LETTER_AHEAD <= target]
            letter_at = (_ten_am(self.working_day(_day(progress[0].due_at - self.LETTER_AHEAD),
                                                  back=True))
                         if progress and progress[0].due_at else None)
            queued = self.app.reminders.list_reminders(self.actor, "open", self.number)
            pending = [r.next_at for r in queued
                       if r.status == "pending" and r.next_at is not None and r.next_at <= target]
            send_at = min(pending) if pending else None
            if letter_at is not None and (send_at is None or letter_at <= send_at):
                self._move(letter_at)
                self.letters("progress", "처리 진행상황 통지", "progress notices")
                self.app.adjust.complete_deadline(self.actor, self.number, progress[0].id,
                                      note="진행상황 통지서 발송")
            elif send_at is not None:
                self._move(send_at)
                self._send()
            else:
                break
        self._move(target)

    def working_day(self, day: date, *, back: bool = False) -> date:
        """``day`` if the office works then, else the next (or, ``back``, the previous)
        working day of the office calendar."""
        with self.app.db.read() as conn:
            cal = self.app.deadlines.calendar(conn)
        step = timedelta(days=-1 if back else 1)
        while not cal.is_working_day(day):
            day += step
        return day

    def later(self, days: float) -> None:
        """``days`` on, at the same hour of a working day (the next one if that is off)."""
        target = (self.clock.now() + timedelta(days=days)).astimezone(SEOUL)
        self.until(datetime.combine(self.working_day(target.date()), target.timetz()))

    def letters(self, kind: str, ko: str, en: str) -> None:
        from mediation.documents.register import LetterRequest

        docs = self.app.documents.render_documents(
            self.actor, LetterRequest(number=self.number, kind=kind, all_parties=True))
        self.n.step(f"{ko} {len(docs)}건을 당사자별로 작성했습니다.",
                    f"Wrote {len(docs)} {en}, one per party.")
        drafts = [d for d in docs if d.status == "draft"]
        if drafts and self.approver is not None:
            for d in drafts:
                self.app.documents.approve_document(self.approver, d.number)
            self.n.step(f"담당관이 {len(drafts)}건을 결재했습니다.",
                        f"The supervisor approved the {len(drafts)} letters.")

    def _move(self, moment: datetime) -> None:
        if moment > self.clock.now():
            self.clock.set(moment)

    def _send(self) -> None:
        """What the scheduler would do now: send the due reminders, and say what went out."""
        before = {r.id for r in self.app.reminders.list_reminders(self.actor, "all", self.number)
                  if r.status == "sent"}
        self.app.reminders.run_due(SEND)
        for r in self.app.reminders.list_reminders(self.actor, "all", self.number):
            if r.status == "sent" and r.id not in before:
                self.sent += 1
                ko, en = MAIL_KINDS.get(r.kind, (r.kind, r.kind))
                to = ", ".join(r.recipients)
                self.n.step(f"{ko} 메일을 보냈습니다 → {to}", f"Sent a {en} e-mail → {to}")


MAIL_KINDS = {"reminder": ("기한 임박 알림", "due-soon reminder"),
              "escalation": ("기한 경과 독촉", "overdue escalation"),
              "breach": ("합의 불이행 보고", "breach report")}


def agreement_and_follow_up(app: App, clock: FrozenClock, n: Narrator, number: str,
                            supervisor: Actor, mediator: Actor) -> FollowUp:
    keeper = Timekeeper(app, clock, n, mediator, number, supervisor)
    issues = {text: app.agreement.add_issue(mediator, number, text).id for text in (
        "시설 입지(새솔동 부지) 확정", "주민 감시 체계", "주민지원기금 규모")}
    for text in ("시설 입지(새솔동 부지) 확정", "주민 감시 체계"):
        app.agreement.settle_issue(mediator, number, issues[text], "agreed")
    app.agreement.settle_issue(mediator, number, issues["주민지원기금 규모"], "unresolved")
    n.step("쟁점 3건 중 2건은 합의, 주민지원기금 규모는 미합의로 정리했습니다(부분 합의).",
           "Of 3 issues, 2 were agreed; the size of the resident-support fund stays "
           "unresolved (a partial agreement).")
    parties = {p.role: p.id for p in app.parties.list_parties(mediator, number)}
    today = clock.now().astimezone(SEOUL).date()
    items = [(text, parties[role], keeper.working_day(today + timedelta(days=days)), check)
             for text, role, days, check in (
                 ("반대 현수막 자진 철거", "resident_group", 14, "현장 사진 확인"),
                 ("주민감시위원회 구성·운영(주민 추천 5인 포함)", "department", 45,
                  "위원 위촉 공문 확인"),
                 ("시설 운영 정보 공개 토론회 공동 개최", "group", 75, "토론회 결과 보고서"))]
    item_ids = []
    for text, owner, due, check in items:
        added = app.agreement.add_item(mediator, number, ItemFields(text=text, owner_party_id=owner,
                                                          due=due, check_method=check)).item
        assert added is not None
        item_ids.append(added.id)
    n.step(f"합의 항목 {len(item_ids)}건에 이행 주체와 이행기한을 정했습니다.",
           f"Gave the agreement's {len(item_ids)} items their owners and due dates.")
    keeper.later(days=3)
    for party_id in parties.values():
        app.agreement.sign_agreement(mediator, number, party_id)
    app.agreement.confirm_agreement(supervisor, number)
    app.moves.advance(mediator, number, "sign")
    n.step("모든 당사자가 서명하고 담당관이 확인했습니다. 협의결과문을 작성하고 이행점검에 "
           "들어갔습니다.",
           "Every party signed and the supervisor confirmed; the agreement document was "
           "written and implementation monitoring began.")
    first, second, third = item_ids
    # time runs: reminders reach the mediator and each owner party before a due date
    keeper.until(_ten_am(items[0][2]))
    app.agreement.settle_commitment(mediator, number, first, "done", "현수막 철거 현장 확인")
    n.step("첫 번째 이행 항목(현수막 철거)을 완료로 기록했습니다.",
           "Recorded the first commitment (banners removed) as done.")
    keeper.later(days=8)
    report = next(d for d in app.deadlines.list_deadlines(mediator, number)
                  if d.rule == "implementation_report")
    app.adjust.complete_deadline(mediator, number, report.id, note="자원순환과 이행계획 보고 접수")
    n.step("사업부서의 이행계획 보고(서명 후 30일 이내)를 접수했습니다.",
           "The department's implementation report (due within 30 days of signing) came in.")
    keeper.until(_ten_am(keeper.working_day(items[1][2] - timedelta(days=2), back=True)))
    app.agreement.settle_commitment(mediator, number, second, "done", "주민감시위원 위촉 공문 확인")
    n.step("두 번째 이행 항목(주민감시위원회)을 완료로 기록했습니다.",
           "Recorded the second commitment (residents' monitoring committee) as done.")
    # the third runs late: the supervisor hears of it when the due date passes
    keeper.until(_ten_am(keeper.working_day(items[2][2] + timedelta(days=6))))
    app.agreement.settle_commitment(mediator, number, third, "done", "토론회 개최(기한 후 6일)")
    n.step("세 번째 이행 항목(공개 토론회)이 늦게나마 이행되어 완료로 기록했습니다.",
           "The third commitment (public forum) was done late and recorded as done.")
    app.moves.advance(mediator, number, "complete")
    n.step("모든 이행 항목을 확인하고 사건을 종결(해결)했습니다.",
           "Every commitment checked: the case closed as resolved.")
    keeper.letters("result_notice", "조정 결과 통지", "result notices")
    return FollowUp(issues_agreed=2, issues_unresolved=1, commitments=len(item_ids),
                    reminders_sent=keeper.sent)


def _day(moment: datetime) -> date:
    return moment.astimezone(SEOUL).date()


def _ten_am(day: date) -> datetime:
    return datetime.combine(day, time(10), tzinfo=SEOUL)
