"""Use cases over a case's parties: adding them, recording their consent to mediation and
their consent to open meetings (decree art. 22: council meetings are closed unless every
party agrees, so a party that joins or withdraws that consent makes the case's scheduled
public council meetings closed; public hearings stay public)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mediation.casework import CaseWork
from mediation.core import validate, vocabulary
from mediation.core.errors import BadInput, NotFound, Refused
from mediation.core.records import CONTACT_FIELDS, PARTY_FIELDS, contacts_digest
from mediation.meetings.openness import MeetingOpenness
from mediation.privacy.access import AccessLog
from mediation.privacy.records import is_private, private_ids
from mediation.storage import cases as repo
from mediation.storage import search as search_store
from mediation.views.build import party_view
from mediation.views.cases import PartyView
from mediation.workflow.engine import Actor


@dataclass(frozen=True, slots=True, kw_only=True)
class PartyFields:
    name: str
    role: str
    organization: str | None = None
    representative: bool = False
    email: str | None = None
    phone: str | None = None
    address: str | None = None
    lang: str = "ko"


@dataclass(frozen=True, slots=True, kw_only=True)
class PartyChanges:
    """What ``party update`` changes; ``None`` leaves a field as it is, ``""`` clears an
    optional one."""

    name: str | None = None
    role: str | None = None
    organization: str | None = None
    representative: bool | None = None
    email: str | None = None
    phone: str | None = None
    address: str | None = None
    lang: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PartyResult:
    """A party added or changed, and the scheduled public meetings that became closed."""

    party: PartyView
    closed_meetings: tuple[int, ...] = ()


def clean_changes(c: PartyChanges) -> dict[str, object]:
    """The fields ``c`` sets, checked as ``party add`` checks them."""
    out: dict[str, object] = {}
    if c.name is not None:
        out["name"] = validate.text(c.name, "name", max_len=200)
    if c.role is not None:
        out["role"] = vocabulary.check(vocabulary.PARTY_ROLES, c.role, "role")
    if c.organization is not None:
        out["organization"] = validate.optional_text(c.organization or None, "organization",
                                                     max_len=200)
    if c.representative is not None:
        out["representative"] = c.representative
    if c.email is not None:
        out["email"] = validate.email(c.email) if c.email.strip() else None
    if c.phone is not None:
        out["phone"] = validate.optional_text(c.phone or None, "phone", max_len=40)
    if c.address is not None:
        out["address"] = validate.optional_text(c.address or None, "address", max_len=500)
    if c.lang is not None:
        out["lang"] = vocabulary.check(vocabulary.LANGS, c.lang, "lang")
    return out


def clean_party(p: PartyFields) -> dict[str, object]:
    return {
        "name": validate.text(p.name, "name", max_len=200),
        "role": vocabulary.check(vocabulary.PARTY_ROLES, p.role, "role"),
        "organization": validate.optional_text(p.organization, "organization", max_len=200),
        "representative": p.representative,
        "email": None if not p.email else validate.email(p.email),
        "phone": validate.optional_text(p.phone, "phone", max_len=40),
        "address": validate.optional_text(p.address, "address", max_len=500),
        "lang": vocabulary.check(vocabulary.LANGS, p.lang, "lang"),
    }


class PartyCommands(CaseWork):
    def __init__(self, *args: Any, openness: MeetingOpenness, access: AccessLog,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.openness = openness
        self.access = access

    def _record(self, conn: Any, actor: Actor, action: str, row: Any, case: Any, what: str,
                now: Any, *, role: str | None = None) -> None:
        """The access record of a change to party ``row`` (if a private person, now or, by
        ``role``, before), in the change's transaction."""
        if is_private(row.role) or (role is not None and is_private(role)):
            self.access.record(conn, actor, action, [row.id], case, what, now)

    def add_party(self, actor: Actor, number: str, fields: PartyFields) -> PartyView:
        return self.add_party_result(actor, number, fields).party

    def add_party_result(self, actor: Actor, number: str, fields: PartyFields) -> PartyResult:
        """Add a party; the case's public council meetings become closed (the new party
        has not agreed to open them)."""
        values = clean_party(fields)
        now = self.now()
        with self.db.read() as conn:
            case = self.load_case(conn, number)
        self.authorize(actor, case, "당사자를 추가할", "add parties")
        self.require_open(case)
        with self.db.write() as conn:
            party_id = repo.insert_party(conn, {**values, "case_id": case.id, "created_at": now})
            org = values.get("organization")
            search_store.put(conn, case.id, "party", party_id,
                             search_store.party_text(str(values["name"]), str(org) if org else None))
            self.append(conn, case, actor.recorded, "party_added", now,
                        details={"party_id": party_id,
                                 **{k: values[k] for k in PARTY_FIELDS},
                                 "contacts": contacts_digest(party_id, values)})
            closed = self.openness.close_public_meetings(conn, number, actor.username, now,
                                                party_id=party_id, because="party_added")
            row = repo.party(conn, case.id, party_id)
            assert row is not None
            self._record(conn, actor, "input", row, case, "party add", now)
        return PartyResult(party=party_view(row, self.workflows.get(case.workflow)),
                           closed_meetings=closed)

    def list_parties(self, actor: Actor, number: str, *,
                     removed: bool = False) -> list[PartyView]:
        """The case's parties; with ``removed``, those removed by mistake too (marked)."""
        with self.db.read() as conn:
            case = self.load_readable(conn, actor, number)
            rows = repo.every_party_of(conn, case.id) if removed else repo.parties_of(conn,
                                                                                      case.id)
        self.access.read(actor, private_ids(rows), case, "party list")
        return [party_view(p, self.workflows.get(case.workflow)) for p in rows]

    def update_party(self, actor: Actor, number: str, party_id: int,
                     changes: PartyChanges) -> PartyView:
        """Correct a party's details: a ``party_updated`` event records each changed field
        (old → new) and, for contacts, only which changed and their new digest — the trail
        holds no more personal data than the name. Letters already issued keep what they
        said; letters from now on use the new details."""
        values = clean_changes(changes)
        now = self.now()
        with self.db.read() as conn:  # the write checks the case's version read here
            case = self.load_case(conn, number)
            self.authorize(actor, case, "당사자 정보를 고칠", "correct parties")
            row = self._current_party(conn, case, party_id)
        changed = {k: v for k, v in values.items() if getattr(row, k) != v}
        if not changed:
            raise BadInput(field="party",
                           reason_ko="바꿀 내용이 없습니다. 지금과 다른 값(--name, --email 등)을 "
                                     "주세요",
                           reason_en="nothing to change: give a new value (--name, --email, …) "
                                     "that differs")
        with self.db.write() as conn:
            repo.set_party_fields(conn, party_id, changed)
            details: dict[str, Any] = {
                "party_id": party_id,
                "changes": {k: [getattr(row, k), v] for k, v in changed.items()
                            if k in PARTY_FIELDS}}
            contacts = sorted(k for k in changed if k in CONTACT_FIELDS)
            if contacts:
                after = {k: changed.get(k, getattr(row, k)) for k in CONTACT_FIELDS}
                details.update(contacts_changed=contacts,
                               contacts=contacts_digest(party_id, after))
            self.append(conn, case, actor.recorded, "party_updated", now, details=details)
            if "name" in changed or "organization" in changed:
                now_is = {**row._mapping, **changed}
                search_store.put(conn, case.id, "party", party_id, search_store.party_text(
                    str(now_is["name"]), now_is["organization"] and str(now_is["organization"])))
            found = repo.party(conn, case.id, party_id)
            assert found is not None
            self._record(conn, actor, "change", found, case, "party update", now, role=row.role)
        return party_view(found, self.workflows.get(case.workflow))

    def remove_party(self, actor: Actor, number: str, party_id: int, reason: str) -> PartyView:
        """Remove a party added by mistake: marked removed with the reason (never deleted),
        it stays in the history and in the documents issued to it, and leaves the guards'
        counts, the letters to every party and the meeting rules."""
        now = self.now()
        with self.db.read() as conn:  # the write checks the case's version read here
            case = self.load_case(conn, number)
            self.authorize(actor, case, "당사자를 제외할", "remove parties")
            self._current_party(conn, case, party_id)
        with self.db.write() as conn:
            repo.set_party_fields(conn, party_id, {"removed_at": now, "removed_reason": reason})
            self.append(conn, case, actor.recorded, "party_removed", now, note=reason,
                        details={"party_id": party_id})
            search_store.put(conn, case.id, "party", party_id, None)
            found = repo.party(conn, case.id, party_id)
            assert found is not None
            self._record(conn, actor, "delete", found, case, "party remove", now)
        return party_view(found, self.workflows.get(case.workflow))

    @staticmethod
    def _current_party(conn: Any, case: Any, party_id: int) -> Any:
        row = repo.party(conn, case.id, party_id)
        if row is None:
            raise NotFound(kind="party", key=f"{case.number}/{party_id}")
        if row.removed_at is not None:
            raise Refused(reason_ko=f"당사자 #{party_id}({row.name})은(는) 이미 제외되었습니다 "
                                    f"(사유: {row.removed_reason}).",
                          reason_en=f"Party #{party_id} ({row.name}) was already removed "
                                    f"(reason: {row.removed_reason}).")
        return row

    def consent(self, actor: Actor, number: str, party_id: int, *, declined: bool) -> PartyView:
        now = self.now()
        with self.db.read() as conn:
            case = self.load_case(conn, number)
            if repo.party(conn, case.id, party_id) is None:
                raise NotFound(kind="party", key=f"{number}/{party_id}")
        self.authorize(actor, case, "동의 여부를 기록할", "record consent")
        self.require_open(case)
        value = "declined" if declined else "given"
        with self.db.write() as conn:
            repo.set_party_fields(conn, party_id, {"consent": value, "consent_at": now})
            self.append(conn, case, actor.recorded, "consent", now,
                        details={"party_id": party_id, "consent": value})
            row = repo.party(conn, case.id, party_id)
            assert row is not None
            self._record(conn, actor, "change", row, case, "party consent", now)
        return party_view(row, self.workflows.get(case.workflow))

    def open_consent(self, actor: Actor, number: str, party_id: int, *,
                     withdraw: bool = False) -> PartyResult:
        """Record that a party agrees to open meetings, or withdraws that agreement (the
        case's public council meetings then become closed)."""
        now = self.now()
        with self.db.write() as conn:
            case = self.load_case(conn, number)
            self.authorize(actor, case, "회의 공개 동의를 기록할", "record consent to open meetings")
            self.require_open(case)
            if repo.party(conn, case.id, party_id) is None:
                raise NotFound(kind="party", key=f"{number}/{party_id}")
            repo.set_party_fields(conn, party_id, {"open_consent_at": None if withdraw else now})
            self.append(conn, case, actor.recorded, "open_consent", now,
                        details={"party_id": party_id,
                                 "open_consent": "withdrawn" if withdraw else "given"})
            closed = (self.openness.close_public_meetings(conn, number, actor.username, now,
                                                 party_id=party_id, because="consent_withdrawn")
                      if withdraw else ())
            row = repo.party(conn, case.id, party_id)
            assert row is not None
            self._record(conn, actor, "change", row, case, "party open-consent", now)
        return PartyResult(party=party_view(row, self.workflows.get(case.workflow)),
                           closed_meetings=closed)
