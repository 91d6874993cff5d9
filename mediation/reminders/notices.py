"""Builds the e-mail of one reminder row: who receives it (resolved now, so a reassigned case
goes to its current mediator), the template context of ready-formatted values, and the
``Email`` record with the reminder's own Message-ID.

Returns ``None`` when the message is no longer due (its deadline closed, nothing to report).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Row
from sqlalchemy.engine import Connection

from mediation.cases.verification import anchor
from mediation.core.calendar import build
from mediation.core.clock import SEOUL
from mediation.core.errors import BadInput
from mediation.core.formats import kdate, kdatetime
from mediation.deadlines.commands import SYSTEM_ACTOR, DeadlinePolicy
from mediation.mail.composer import Composer
from mediation.mail.message import Address, Email, MailError
from mediation.storage import agreement as agreement_store
from mediation.storage import cases as repo
from mediation.storage import deadlines as store
from mediation.storage import outbox, scope
from mediation.workflow.definitions import WorkflowDef
from mediation.workflow.dockinds import KINDS
from mediation.workflow.engine import Actor
from mediation.workflow.timeline import Schedule

DIGEST_WINDOW = timedelta(days=7)


def span_text(delta: timedelta, lang: str) -> str:
    """``2일 3시간 10분`` / ``2 d 3 h 10 min`` (whole minutes)."""
    minutes = max(0, int(delta.total_seconds() // 60))
    days, rest = divmod(minutes, 1440)
    hours, mins = divmod(rest, 60)
    units = (("일", "d"), ("시간", "h"), ("분", "min"))
    parts = [f"{n}{ko}" if lang == "ko" else f"{n} {en}"
             for n, (ko, en) in zip((days, hours, mins), units, strict=True) if n]
    return " ".join(parts) or ("0분" if lang == "ko" else "0 min")


def period_text(amount: int, unit: str, lang: str) -> str:
    ko = {"working_hours": "근무시간", "days": "일", "calendar_days": "일(역일)", "months": "개월"}
    en = {"working_hours": "working hours", "days": "days", "calendar_days": "calendar days",
          "months": "months"}
    return f"{amount}{ko[unit]}" if lang == "ko" else f"{amount} {en[unit]}"


class NoticeBuilder:
    def __init__(self, policy: DeadlinePolicy, workflows: Mapping[str, WorkflowDef],
                 composer: Composer) -> None:
        self.policy = policy
        self.workflows = workflows
        self.composer = composer
        self._users: dict[str, Row[Any]] = {}  # for one sweep: people do not change mid-batch
        self._admins: list[tuple[str, str]] | None = None
        self._deadlines: dict[int, Row[Any]] = {}
        self._cases: dict[int, Row[Any]] = {}

    def prefetch(self, conn: Connection, rows: list[Row[Any]]) -> None:
        """Read the deadlines and cases of a batch in two queries (read again per batch)."""
        self._deadlines = store.deadlines_by_id(conn, [r.deadline_id for r in rows if r.deadline_id])
        self._cases = store.cases_by_id(conn, [r.case_id for r in rows if r.case_id])

    def _people(self, conn: Connection, usernames: list[str]) -> dict[str, Row[Any]]:
        missing = [u for u in usernames if u not in self._users]
        if missing:
            self._users.update(store.people(conn, missing))
        return {u: self._users[u] for u in usernames if u in self._users}

    def build(self, conn: Connection, row: Row[Any], now: datetime) -> Email | None:
        if row.kind == "breach":
            return self._breach(conn, row, now)
        if row.kind in ("reminder", "escalation", "dormancy"):
            return self._deadline_mail(conn, row, now)
        if row.kind == "digest":
            return self._digest(conn, row, now)
        if row.kind == "review":
            return self._review(conn, row, now)
        if row.kind == "absence":
            return self._absence(conn, row, now)
        raise MailError(detail=f"reminder #{row.id} has an unknown kind '{row.kind}'",
                        transient=False)

    # recipients ------------------------------------------------------------------------

    def _recipients(self, conn: Connection, audience: str,
                    case: Row[Any] | None) -> tuple[tuple[Address, ...], str]:
        lang = self.policy.lang
        if audience.startswith("party:") and case is not None:
            party = repo.party(conn, case.id, int(audience.split(":", 1)[1]))
            if party is not None and party.stopped_at is not None:
                raise MailError(detail=f"party #{party.id} asked that processing stop "
                                       f"(개인정보 보호법 제37조: {party.stopped_reason}); "
                                       "nothing is sent to them until "
                                       "`privacy subject --resume`", transient=False)
            people = [(party.email, party.name)] if party is not None and party.email else []
            lang = party.lang if party is not None else lang
        elif audience == "admins":
            if self._admins is None:
                self._admins = [(u.email, u.name) for u in store.active_with_role(conn, "admin")]
            people = self._admins
        else:
            name = (audience.split(":", 1)[1] if audience.startswith("user:")
                    else getattr(case, audience, None))
            found = self._people(conn, [name] if name else [])
            people = [(u.email, u.name) for u in found.values()]
        return tuple(_valid(people)), lang

    def _email(self, purpose: str, lang: str, context: dict[str, Any], to: tuple[Address, ...],
               row: Row[Any], now: datetime, number: str | None) -> Email:
        if not to:
            raise MailError(detail=f"reminder #{row.id}: no recipient with a valid e-mail address "
                                   f"({row.audience})", transient=False)
        late = row.send_at is not None and now - row.send_at > self.policy.late_after
        context = {**context, "lang": lang, "late": late, "recipient": ", ".join(a.name for a in to),
                   "planned": kdatetime(row.send_at, lang) if row.send_at else "-"}
        subject, text, html = self.composer.render(purpose, lang, context)
        headers = [("X-Mediation-Reminder", row.key)]
        if number:
            headers.append(("X-Mediation-Case", number))
        return Email(sender=self.policy.sender, to=to, subject=subject, text=text, html=html,
                     message_id=row.message_id, date=now, headers=tuple(headers))

    # per purpose ---------------------------------------------------------------------

    def _deadline_mail(self, conn: Connection, row: Row[Any], now: datetime) -> Email | None:
        deadline = self._deadlines.get(row.deadline_id) if row.deadline_id else None
        case = self._cases.get(row.case_id) if row.case_id else None
        if deadline is None or case is None or deadline.status != "open" or case.closed:
            return None
        if row.kind == "reminder" and superseded(row, deadline.due_at,
                                                 outbox.of_deadline(conn, deadline.id), now):
            return None
        to, lang = self._recipients(conn, row.audience, case)
        wf = self.workflows.get(case.workflow)
        state = wf.state(case.state).title.get(lang) if wf and wf.has_state(case.state) else case.state
        names = self._people(conn, [case.mediator, case.supervisor])
        period = Schedule.from_json(deadline.schedule).period
        due = deadline.due_at
        context = {
            "number": case.number, "case_title": case.title, "state": state,
            "rule_title": deadline.title_en if lang == "en" else deadline.title_ko,
            "basis": _basis(wf, deadline, lang), "period": period_text(period.amount, period.unit, lang),
            "due": kdatetime(due, lang), "overdue": due <= now,
            "overdue_by": span_text(now - due, lang), "left": span_text(due - now, lang),
            "extended": deadline.extensions > 0,
            "original_due": kdatetime(deadline.original_due_at, lang),
            "mediator": _name(names, case.mediator), "supervisor": _name(names, case.supervisor),
            "audience": row.audience.split(":", 1)[0],
            "commitment": _commitment(conn, case, deadline.item_id, lang),
            # what a party reads: the officer's name and address, never a username
            "mediator_name": _plain(names, case.mediator),
            "mediator_email": _address(names, case.mediator),
            "office_unit": self.policy.office_unit.get(lang), "office_phone": self.policy.office_phone,
        }
        # the owner party of a commitment gets its own wording (no staff commands in it)
        to_owner = row.kind == "reminder" and row.audience.startswith("party:")
        purpose = "commitment" if to_owner else row.kind
        return self._email(purpose, lang, context, to, row, now, case.number)

    def _breach(self, conn: Connection, row: Row[Any], now: datetime) -> Email | None:
        """A commitment recorded as breached: the supervisor hears of it at once."""
        deadline = self._deadlines.get(row.deadline_id) if row.deadline_id else None
        case = self._cases.get(row.case_id) if row.case_id else None
        if deadline is None or case is None or case.closed:
            return None
        to, lang = self._recipients(conn, row.audience, case)
        commitment = _commitment(conn, case, deadline.item_id, lang)
        if commitment is None or commitment["status"] != "breached":
            return None  # recorded otherwise since (done after all, or the item is gone)
        names = self._people(conn, [case.mediator, case.supervisor])
        context = {"number": case.number, "case_title": case.title,
                   "state": _state(self.workflows, case, lang),
                   "basis": _basis(self.workflows.get(case.workflow), deadline, lang),
                   "mediator": _name(names, case.mediator),
                   "supervisor": _name(names, case.supervisor), "commitment": commitment}
        return self._email("breach", lang, context, to, row, now, case.number)

    def _digest(self, conn: Connection, row: Row[Any], now: datetime) -> Email | None:
        user, every_case = row.audience.split(":", 1)[1], scope.readable(SYSTEM_ACTOR)
        to, lang = self._recipients(conn, row.audience, None)
        soon = store.find_deadlines(conn, store.DeadlineFilter(
            supervisor=user, due_before=now + DIGEST_WINDOW, limit=500), every_case)
        failed = outbox.find_reminders(conn, outbox.ReminderFilter(
            statuses=("failed",), supervisor=user, limit=200), every_case)
        waiting = self._waiting_drafts(conn, user, now)
        if not soon and not failed and not waiting:
            return None
        names = self._people(conn, [d.mediator for d in soon])

        def item(d: Row[Any]) -> dict[str, str]:
            return {"number": d.number, "case_title": d.title, "mediator": _name(names, d.mediator),
                    "rule_title": d.title_en if lang == "en" else d.title_ko,
                    "due": kdatetime(d.due_at, lang),
                    "when": span_text(abs(now - d.due_at), lang)}

        context = {
            "day": kdate(now, lang),
            "overdue": [item(d) for d in soon if d.due_at < now],
            "soon": [item(d) for d in soon if d.due_at >= now],
            "failed": [{"number": f.number or "-", "kind": f.kind, "attempts": str(f.attempts),
                        "error": f.last_error or "-"} for f in failed],
            "drafts": [{"document": d.number, "number": d.case_number,
                        "kind": (KINDS[d.kind].title.get(lang) if d.kind in KINDS else d.kind),
                        "recipient": d.recipient,
                        "drafter": _name(self._people(conn, [d.generated_by]), d.generated_by),
                        "since": kdate(d.generated_at, lang)} for d in waiting],
            "anchor": anchor(conn, now),  # the database's heads, kept outside it by the mail
        }
        return self._email("digest", lang, context, to, row, now, None)

    def _waiting_drafts(self, conn: Connection, user: str, now: datetime) -> list[Row[Any]]:
        """The drafts of ``user``'s cases awaiting approval for more than a working day."""
        from mediation.storage import documents as docstore

        cal = build(self.policy.hours, store.office_changes(conn))
        supervised = scope.readable(Actor(username=user, role="supervisor"))
        today = now.astimezone(SEOUL).date()
        # a whole working day has passed between the day it was drafted and today
        return [d for d in docstore.drafts(conn, supervised)
                if cal.working_day_on_or_after(
                    d.generated_at.astimezone(SEOUL).date() + timedelta(days=1)) < today]

    def _absence(self, conn: Connection, row: Row[Any], now: datetime) -> Email | None:
        """An applicant reached the workflow's limit of unexcused absences (to staff)."""
        from mediation.meetings.absence_notice import absence_context

        case = self._cases.get(row.case_id) if row.case_id else None
        if case is None:
            return None
        to, lang = self._recipients(conn, row.audience, case)
        context = absence_context(conn, case, row.key, self.workflows.get(case.workflow), lang)
        if context is None:
            return None
        names = self._people(conn, [case.mediator, case.supervisor])
        context.update(state=_state(self.workflows, case, lang),
                       mediator=_name(names, case.mediator),
                       supervisor=_name(names, case.supervisor))
        return self._email("absence", lang, context, to, row, now, case.number)

    def _review(self, conn: Connection, row: Row[Any], now: datetime) -> Email | None:
        from mediation.privacy.monthly import month_summary

        user = row.audience.split(":", 1)[1]
        cases = store.open_cases_of(conn, user)
        checked, access = month_summary(conn, now)
        if not cases and not access:
            return None
        to, lang = self._recipients(conn, row.audience, None)
        names = self._people(conn, [c.mediator for c in cases])
        month = now.astimezone(SEOUL)
        context = {
            "month": f"{month.year}년 {month.month}월" if lang == "ko" else f"{month:%B %Y}",
            "cases": [{"number": c.number, "case_title": c.title, "mediator": _name(names, c.mediator),
                       "state": _state(self.workflows, c, lang),
                       "since": kdate(c.opened_at, lang),
                       "updated": kdatetime(c.updated_at, lang)} for c in cases],
            # the access records of the month before (고시 제8조 제2항)
            "access_month": (f"{checked.year}년 {checked.month}월" if lang == "ko"
                             else f"{checked:%B %Y}"),
            "access": [a.context() for a in access],
        }
        return self._email("review", lang, context, to, row, now, None)


def _commitment(conn: Connection, case: Row[Any], item_id: int | None,
                lang: str) -> dict[str, str] | None:
    """The agreement item behind a commitment deadline, ready to print."""
    if item_id is None:
        return None
    item = agreement_store.item(conn, case.id, item_id)
    if item is None:
        return None
    owner = repo.party(conn, case.id, item.owner_party_id)
    return {"text": item.text, "owner": owner.name if owner is not None else "-",
            "due": kdate(item.due, lang), "check": item.check_method or "-",
            "status": item.status, "note": item.status_note or ""}


def _valid(people: list[tuple[str, str]]) -> list[Address]:
    out = []
    for email, name in people:
        try:
            out.append(Address(email=email, name=name))
        except BadInput:
            continue  # an account without a deliverable address (admin@localhost)
    return out


def _plain(found: Mapping[str, Row[Any]], username: str) -> str:
    row = found.get(username)
    return str(row.name) if row is not None else username


def _address(found: Mapping[str, Row[Any]], username: str) -> str:
    row = found.get(username)
    return str(row.email) if row is not None and not str(row.email).endswith("@localhost") else ""


def superseded(row: Row[Any], due: datetime, siblings: Sequence[Row[Any]],
                now: datetime) -> bool:
    """A reminder sent late is not sent as if it were early: it is dropped when its deadline
    has passed and an escalation of that deadline takes over, or when a later reminder to the
    same people is already due (one message, not two identical ones)."""
    if due <= now and any(s.kind == "escalation" for s in siblings):
        return True
    return row.send_at is not None and any(
        s.id != row.id and s.kind == "reminder" and s.audience == row.audience
        and s.send_at is not None and row.send_at < s.send_at <= now for s in siblings)


def _name(found: Mapping[str, Row[Any]], username: str) -> str:
    row = found.get(username)
    return f"{row.name} ({username})" if row is not None else username


def _basis(wf: WorkflowDef | None, deadline: Row[Any], lang: str) -> str:
    """The recorded basis of ``deadline``, in English from the workflow while it is the
    rule's own text."""
    return wf.basis_text(deadline.rule, deadline.basis, lang) if wf else str(deadline.basis)


def _state(workflows: Mapping[str, WorkflowDef], case: Row[Any], lang: str) -> str:
    wf = workflows.get(case.workflow)
    return wf.state(case.state).title.get(lang) if wf and wf.has_state(case.state) else case.state
