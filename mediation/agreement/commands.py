"""Use cases over a case's issues in dispute (쟁점), its agreement (items, signatures, the
mediating body's confirmation) and, once signed, its commitments (이행 항목).

The agreement can change while the case is open and not yet in a state reached by a
transition that needs every signature (``implementation``, ``follow_up``); changing an item
voids the signatures and the confirmation given so far. Commitments are tracked only in
those states.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Row
from sqlalchemy.engine import Connection

from mediation.casework import CaseRow, CaseWork
from mediation.core import validate, vocabulary
from mediation.core.clock import SEOUL
from mediation.core.errors import BadInput, NotFound, Refused
from mediation.deadlines.commands import DeadlineCommands
from mediation.privacy.access import AccessLog
from mediation.privacy.records import private_ids
from mediation.storage import agreement as store
from mediation.storage import cases as repo
from mediation.storage import scope
from mediation.storage import search as search_store
from mediation.views.agreement import (
    AgreementView,
    CommitmentView,
    IssueChange,
    IssueView,
    ItemChange,
    ItemView,
    PartyRef,
    SignatureView,
    issue_view,
    item_view,
)
from mediation.views.page import DEFAULT_LIMIT, Page, page_of
from mediation.workflow.definitions import commitment_states
from mediation.workflow.engine import Actor

ISSUE_OUTCOMES = ("agreed", "unresolved")
COMMITMENT_OUTCOMES = ("done", "waived", "breached")


@dataclass(frozen=True, slots=True, kw_only=True)
class ItemFields:
    """An item's fields; on an edit, ``None`` keeps the current value."""

    text: str | None = None
    owner_party_id: int | None = None
    due: date | None = None
    check_method: str | None = None
    cost_share: str | None = None


class AgreementCommands(CaseWork):
    def __init__(self, *args: Any, deadlines: DeadlineCommands, access: AccessLog,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.deadlines = deadlines
        self.access = access

    # issues ----------------------------------------------------------------------------

    def add_issue(self, actor: Actor, number: str, text: str) -> IssueView:
        clean = validate.text(text, "text", max_len=2000)
        now = self.now()
        with self.db.write() as conn:
            case = self._open_case(conn, actor, number, "쟁점을 기록할", "record issues")
            issue_id = store.insert_issue(conn, {"case_id": case.id, "text": clean,
                                                 "status": "open", "created_at": now})
            search_store.put(conn, case.id, "issue", issue_id, clean)
            self.append(conn, case, actor.recorded, "issue_added", now,
                        details={"issue_id": issue_id, "text": clean})
            row = store.issue(conn, case.id, issue_id)
        assert row is not None
        return issue_view(row)

    def list_issues(self, actor: Actor, number: str) -> tuple[IssueView, ...]:
        with self.db.read() as conn:
            case = self.load_readable(conn, actor, number)
            return tuple(issue_view(r) for r in store.issues_of(conn, case.id))

    def settle_issue(self, actor: Actor, number: str, issue_id: int, outcome: str) -> IssueView:
        if outcome not in ISSUE_OUTCOMES:
            raise BadInput(field="outcome", reason_ko=f"{', '.join(ISSUE_OUTCOMES)} 중 하나여야 합니다",
                                            reason_en=f"must be one of {', '.join(ISSUE_OUTCOMES)}")
        now = self.now()
        with self.db.write() as conn:
            case = self._open_case(conn, actor, number, "쟁점을 정리할", "settle issues")
            if store.issue(conn, case.id, issue_id) is None:
                raise NotFound(kind="issue", key=f"{number}/{issue_id}")
            store.set_issue(conn, issue_id, {"status": outcome, "settled_at": now})
            self.append(conn, case, actor.recorded, "issue_settled", now,
                        details={"issue_id": issue_id, "status": outcome})
            row = store.issue(conn, case.id, issue_id)
        assert row is not None
        return issue_view(row)

    def update_issue(self, actor: Actor, number: str, issue_id: int, text: str) -> IssueChange:
        """Correct an issue's wording: an ``issue_updated`` event (old → new); the agreement
        lists its issues, so the signatures given so far are void."""
        clean = validate.text(text, "text", max_len=2000)
        now = self.now()
        with self.db.write() as conn:
            case = self._drafting_case(conn, actor, number)
            row = self._issue_row(conn, case, issue_id)
            if row.text == clean:
                raise BadInput(field="text",
                               reason_ko="쟁점의 문구가 이미 그렇습니다. 바꿀 내용이 없습니다",
                               reason_en="the issue already reads so: nothing to change")
            store.set_issue(conn, issue_id, {"text": clean})
            search_store.put(conn, case.id, "issue", issue_id, clean)
            voided = store.void_signatures(conn, case.id, now)
            self.append(conn, case, actor.recorded, "issue_updated", now,
                        details={"issue_id": issue_id, "changes": {"text": [row.text, clean]},
                                 "voided_signatures": voided})
            found = store.issue(conn, case.id, issue_id)
        assert found is not None
        return IssueChange(issue=issue_view(found), voided_signatures=voided)

    def remove_issue(self, actor: Actor, number: str, issue_id: int, reason: str) -> IssueChange:
        """Remove an issue recorded by mistake (twice, on the wrong case): an
        ``issue_removed`` event keeps its text and the reason; the signatures given so far
        are void."""
        now = self.now()
        with self.db.write() as conn:
            case = self._drafting_case(conn, actor, number)
            row = self._issue_row(conn, case, issue_id)
            store.delete_issue(conn, issue_id)
            search_store.put(conn, case.id, "issue", issue_id, None)
            voided = store.void_signatures(conn, case.id, now)
            self.append(conn, case, actor.recorded, "issue_removed", now, note=reason,
                        details={"issue_id": issue_id, "text": row.text,
                                 "status": row.status, "voided_signatures": voided})
        return IssueChange(issue=None, voided_signatures=voided)

    @staticmethod
    def _issue_row(conn: Connection, case: Row[Any], issue_id: int) -> Row[Any]:
        row = store.issue(conn, case.id, issue_id)
        if row is None:
            raise NotFound(kind="issue", key=f"{case.number}/{issue_id}")
        return row

    # agreement items -------------------------------------------------------------------

    def add_item(self, actor: Actor, number: str, fields: ItemFields) -> ItemChange:
        if fields.text is None or fields.owner_party_id is None or fields.due is None:
            raise BadInput(field="item", reason_ko="항목 내용, 이행 주체, 기한을 모두 주세요",
                                         reason_en="text, owner and due date are required")
        now = self.now()
        with self.db.write() as conn:
            case = self._drafting_case(conn, actor, number)
            values = self._clean_item(conn, case, fields)
            item_id = store.insert_item(conn, {**values, "case_id": case.id, "version": 1,
                                               "status": "open", "created_at": now,
                                               "updated_at": now})
            search_store.put(conn, case.id, "item", item_id, values["text"])
            voided = store.void_signatures(conn, case.id, now)
            self.append(conn, case, actor.recorded, "item_added", now,
                        details={"item_id": item_id, **_jsonable(values),
                                 "voided_signatures": voided})
            return ItemChange(item=self._item(conn, case.id, item_id), voided_signatures=voided)

    def edit_item(self, actor: Actor, number: str, item_id: int,
                  fields: ItemFields) -> ItemChange:
        now = self.now()
        with self.db.write() as conn:
            case = self._drafting_case(conn, actor, number)
            current = self._item_row(conn, case, item_id)
            values = self._clean_item(conn, case, fields)
            if not values:
                raise BadInput(field="item", reason_ko="바꿀 내용이 없습니다",
                               reason_en="nothing to change")
            store.set_item(conn, item_id, {**values, "version": current.version + 1,
                                           "status": "open", "status_note": None,
                                           "status_at": None, "updated_at": now})
            if "text" in values:
                search_store.put(conn, case.id, "item", item_id, values["text"])
            voided = store.void_signatures(conn, case.id, now)
            self.append(conn, case, actor.recorded, "item_edited", now,
                        details={"item_id": item_id, **_jsonable(values),
                                 "version": current.version + 1, "voided_signatures": voided})
            return ItemChange(item=self._item(conn, case.id, item_id), voided_signatures=voided)

    def remove_item(self, actor: Actor, number: str, item_id: int) -> ItemChange:
        now = self.now()
        with self.db.write() as conn:
            case = self._drafting_case(conn, actor, number)
            self._item_row(conn, case, item_id)
            store.delete_item(conn, item_id)
            search_store.put(conn, case.id, "item", item_id, None)
            voided = store.void_signatures(conn, case.id, now)
            self.append(conn, case, actor.recorded, "item_removed", now,
                        details={"item_id": item_id, "voided_signatures": voided})
        return ItemChange(item=None, voided_signatures=voided)

    # the agreement as a whole ----------------------------------------------------------

    def show_agreement(self, actor: Actor, number: str) -> AgreementView:
        with self.db.read() as conn:
            case = self.load_readable(conn, actor, number)
            view = self._agreement(conn, case)
            subjects = private_ids(repo.parties_of(conn, case.id))
        self.access.read(actor, subjects, case, "agreement show")
        return view

    def sign_agreement(self, actor: Actor, number: str, party_id: int) -> AgreementView:
        now = self.now()
        with self.db.write() as conn:
            case = self._drafting_case(conn, actor, number)
            if repo.party(conn, case.id, party_id) is None:
                raise NotFound(kind="party", key=f"{number}/{party_id}")
            counts = store.counts(conn, case.id)
            if counts.items == 0:
                raise Refused(reason_ko="합의 항목이 없는 합의서에는 서명할 수 없습니다.",
                              reason_en="The agreement has no items to sign.")
            if any(s.party_id == party_id for s in store.signatures_of(conn, case.id)):
                raise Refused(reason_ko=f"당사자 {party_id}은(는) 이미 서명했습니다.",
                              reason_en=f"Party {party_id} has already signed.")
            store.insert_signature(conn, {"case_id": case.id, "party_id": party_id,
                                          "signed_at": now, "recorded_by": actor.username})
            self.append(conn, case, actor.recorded, "agreement_signed", now,
                        details={"party_id": party_id})
            return self._agreement(conn, case)

    def confirm_agreement(self, actor: Actor, number: str) -> AgreementView:
        now = self.now()
        with self.db.write() as conn:
            case = self._drafting_case(conn, actor, number)
            shown = self._agreement(conn, case)
            if not shown.items or shown.unsigned:
                raise Refused(reason_ko="모든 당사자가 서명한 뒤에 확인할 수 있습니다.",
                              reason_en="Every party must sign the agreement before it is "
                                        "confirmed.")
            if shown.confirmed_at is not None:
                raise Refused(reason_ko="합의서는 이미 확인되었습니다.",
                              reason_en="The agreement is already confirmed.")
            store.insert_confirmation(conn, {"case_id": case.id, "confirmed_at": now,
                                             "confirmed_by": actor.username})
            self.append(conn, case, actor.recorded, "agreement_confirmed", now)
            return self._agreement(conn, case)

    # commitments -----------------------------------------------------------------------

    def list_commitments(self, actor: Actor, number: str | None = None, *,
                         overdue: bool = False) -> tuple[CommitmentView, ...]:
        """Commitments of the open cases in a signed state that ``actor`` may read, or of one
        case once its agreement was signed (closed cases included). Overdue means past the due
        time of the item's running deadline (the end of office hours on its date, moved off
        days off), or past its date when the workflow keeps no deadline for it."""
        now = self.now()
        closed_signed = False
        with self.db.read() as conn:
            if number is not None:
                case = self.load_readable(conn, actor, number)
                closed_signed = bool(case.closed) and self.snapshot(conn, case).agreement_signed
            rows = store.commitments(conn, number, scope.readable(actor))
        found = (CommitmentView(number=r.number, item=(item := item_view(
                     r, r.owner_name, signed=True, now=now)), overdue=item.overdue)
                 for r in rows
                 if closed_signed or r.state in commitment_states(self.workflow(r.workflow)))
        return tuple(c for c in found if c.overdue or not overdue)

    def commitment_page(self, actor: Actor, *, overdue: bool = False, limit: int = DEFAULT_LIMIT,
                        offset: int = 0) -> Page[CommitmentView]:
        """A page of the commitments of the open cases in a signed state that ``actor`` may
        read (``list_commitments`` without a case), soonest due first."""
        now = self.now()
        with self.db.read() as conn:
            rows, total = store.commitments_page(
                conn, scope.readable(actor),
                {name: commitment_states(wf) for name, wf in self.workflows.items()},
                overdue_at=now if overdue else None, today=now.astimezone(SEOUL).date(),
                limit=limit, offset=offset)
        found = [CommitmentView(number=r.number, item=(item := item_view(
                     r, r.owner_name, signed=True, now=now)), overdue=item.overdue) for r in rows]
        return page_of(found, total, offset, limit)

    def settle_commitment(self, actor: Actor, number: str, item_id: int, outcome: str,
                          note: str) -> CommitmentView:
        if outcome not in COMMITMENT_OUTCOMES:
            raise BadInput(field="outcome",
                           reason_ko=f"{', '.join(COMMITMENT_OUTCOMES)} 중 하나여야 합니다",
                           reason_en=f"must be one of {', '.join(COMMITMENT_OUTCOMES)}")
        clean = validate.text(note, "note", max_len=2000, multiline=True)
        now = self.now()
        with self.db.write() as conn:
            case = self._open_case(conn, actor, number, "이행 상황을 기록할", "record commitments")
            if case.state not in commitment_states(self.workflow(case.workflow)):
                raise Refused(reason_ko="이행 항목은 합의서 서명 후에 관리합니다.",
                              reason_en="Commitments are tracked once the agreement is signed.")
            current = self._item_row(conn, case, item_id)
            if current.status == outcome:
                shown = vocabulary.COMMITMENT_STATUSES[outcome]
                raise Refused(reason_ko=f"이행 항목 {item_id}은(는) 이미 '{shown.ko}' 상태입니다.",
                              reason_en=f"Commitment {item_id} is already {shown.en}.")
            store.set_item(conn, item_id, {"status": outcome, "status_note": clean,
                                           "status_at": now})
            seq = self.append(conn, case, actor.username, f"commitment_{outcome}", now,
                              note=clean, details={"item_id": item_id, "status": outcome})
            self.deadlines.commitment_settled(conn, case, item_id, outcome, now, actor.username, seq)
            item = self._item(conn, case.id, item_id, signed=True)
        return CommitmentView(number=number, item=item, overdue=item.overdue,
                              suggestion="reopen" if outcome == "breached" else None)

    # helpers ---------------------------------------------------------------------------

    def _open_case(self, conn: Connection, actor: Actor, number: str, action_ko: str,
                   action_en: str) -> Row[Any]:
        case = self.load_case(conn, number)
        self.authorize(actor, case, action_ko, action_en)
        self.require_open(case)
        return case

    def _drafting_case(self, conn: Connection, actor: Actor, number: str) -> Row[Any]:
        case = self._open_case(conn, actor, number, "합의서를 변경할", "change the agreement")
        if case.state in commitment_states(self.workflow(case.workflow)):
            raise Refused(reason_ko=f"사건 {number}의 합의서는 이미 서명되었습니다. 변경하려면 "
                                    "먼저 조정을 재개하세요(reopen).",
                          reason_en=f"The agreement of case {number} is signed; reopen "
                                    "mediation to change it.")
        return case

    def _clean_item(self, conn: Connection, case: CaseRow,
                    fields: ItemFields) -> dict[str, Any]:
        values: dict[str, Any] = {}
        if fields.text is not None:
            values["text"] = validate.text(fields.text, "text", max_len=2000)
        if fields.owner_party_id is not None:
            if repo.party(conn, case.id, fields.owner_party_id) is None:
                raise NotFound(kind="party", key=f"{case.number}/{fields.owner_party_id}")
            values["owner_party_id"] = fields.owner_party_id
        if fields.due is not None:
            today = self.now().astimezone(SEOUL).date()
            if fields.due < today:
                raise BadInput(field="due", reason_ko=f"기한({fields.due.isoformat()})이 이미 지났습니다 "
                                                      f"(오늘: {today.isoformat()})",
                                            reason_en=f"{fields.due.isoformat()} is in the past "
                                                      f"(today is {today.isoformat()})")
            values["due"] = fields.due
        for name in ("check_method", "cost_share"):
            value = getattr(fields, name)
            if value is not None:
                values[name] = validate.text(value, name.replace("_", "-"), max_len=500)
        return values

    def _item_row(self, conn: Connection, case: CaseRow, item_id: int) -> Row[Any]:
        row = store.item(conn, case.id, item_id)
        if row is None:
            raise NotFound(kind="item", key=f"{case.number}/{item_id}")
        return row

    def _item(self, conn: Connection, case_id: int, item_id: int, *,
              signed: bool = False) -> ItemView:
        """An item as it stands; ``signed``: every party signed the agreement in force (an
        item added or edited is a draft: the change voided the signatures)."""
        row = store.item(conn, case_id, item_id)
        assert row is not None
        owner = repo.party(conn, case_id, row.owner_party_id)
        return item_view(row, owner.name if owner else "", signed=signed, now=self.now())

    def _agreement(self, conn: Connection, case: CaseRow) -> AgreementView:
        names = {p.id: p.name for p in repo.parties_of(conn, case.id)}
        signed = store.signatures_of(conn, case.id)
        signed_ids = {s.party_id for s in signed}
        issues = tuple(issue_view(r) for r in store.issues_of(conn, case.id))
        confirmation = store.confirmation_of(conn, case.id)
        wf = self.workflows.get(case.workflow)
        all_signed = self.snapshot(conn, case).agreement_signed
        return AgreementView(
            number=case.number, state=case.state,
            state_title=wf.state(case.state).title if wf and wf.has_state(case.state) else None,
            items=tuple(item_view(r, names.get(r.owner_party_id, ""), signed=all_signed,
                                  now=self.now())
                        for r in store.items_of(conn, case.id)),
            issues=issues,
            signatures=tuple(SignatureView(party_id=s.party_id, party_name=names.get(
                s.party_id, ""), signed_at=s.signed_at) for s in signed),
            unsigned=tuple(PartyRef(id=pid, name=name) for pid, name in names.items()
                           if pid not in signed_ids),
            confirmed_at=confirmation.confirmed_at if confirmation else None,
            confirmed_by=confirmation.confirmed_by if confirmation else None,
            partial=any(i.status == "unresolved" for i in issues))


def _jsonable(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if isinstance(v, date) else v for k, v in values.items()}
