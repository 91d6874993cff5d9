"""Typed contexts that document templates receive: frozen records built from the case's
views in the letter's language, never database rows.

``letter_context`` assembles one letter's context from ``CaseFacts`` (what the service read)
and the recipient. Party letters carry no list of the other parties: one letter per
recipient, never a shared list of names and addresses. Meetings, agreement items and issues
are recorded by a later part of the product; until then their sequences are empty and the
templates say so. ``context_json`` is the canonical JSON kept in the document register.
"""

from __future__ import annotations

import collections.abc
import dataclasses
import json
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from mediation.core import vocabulary as voc
from mediation.core.clock import SEOUL
from mediation.core.titles import Title
from mediation.render.office import Office
from mediation.views.cases import CaseView, EventView, PartyView, UserView
from mediation.views.meetings import HearingCtx, MeetingView
from mediation.workflow.definitions import SYSTEM, WORDING
from mediation.workflow.dockinds import DocKind


@dataclass(frozen=True, slots=True, kw_only=True)
class OfficeCtx:
    agency: str
    sender: str
    division: str
    address: str
    postal_code: str
    phone: str
    fax: str
    homepage: str
    email: str
    disclosure: str
    example: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class SignerCtx:
    """A title in the foot's approval line (drafter, reviewer, approver) and, if known, a name."""

    title: str
    name: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class OfficerCtx:
    """The officer every notice names: unit, name and contact (민원 시행령 31)."""

    unit: str
    title: str
    name: str
    phone: str
    email: str


@dataclass(frozen=True, slots=True, kw_only=True)
class CaseCtx:
    number: str
    title: str
    summary: str
    workflow_title: str
    state: str
    state_title: str
    # how the case ended, or stands once signed (core.vocabulary.OUTCOMES), as `case show`
    # reads it; "open" while there is none
    outcome: str
    outcome_title: str
    unresolved_issues: int
    negative: bool
    closed: bool
    opened_at: datetime
    closed_at: datetime | None
    days_open: int
    district: str | None
    location: str | None
    department: str | None
    sector: str | None
    channel: str | None
    stage: str | None
    grade: str | None
    alert: str
    conflict_types: tuple[str, ...]
    people_involved: int | None
    project_cost: int | None
    chair: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class PartyCtx:
    id: int
    name: str
    role: str
    role_title: str
    organization: str | None
    representative: bool
    address: str | None
    email: str | None
    phone: str | None
    lang: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RecipientCtx:
    """``party`` (one party), ``council`` (every party of the council) or ``internal``.
    A party's ``delivery`` is ``email`` when the party record has an e-mail address (the
    letter is e-mailed with its files, a meeting notice with its calendar file) and ``post``
    otherwise (the letter alone, so it lists no file among its attachments); empty for the
    council and internal documents."""

    kind: str
    name: str
    organization: str | None = None
    address: str | None = None
    party_id: int | None = None
    # a party's role, how the letter refers to the case for it ("귀하께서 제기하신" only to
    # the applicant), and whether it is an office, addressed by its head (○○구청장)
    role: str = ""
    matter: str = ""
    agency: bool = False
    # how the letter addresses the recipient: 귀하 a person, 귀 기관 an office, 귀 단체 a
    # group; ``you_subject`` with its subject particle (귀하께서, 귀 기관에서)
    you: str = ""
    you_subject: str = ""
    delivery: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class StepCtx:
    at: datetime
    title: str


@dataclass(frozen=True, slots=True, kw_only=True)
class MeetingCtx:
    """A meeting as a notice shows it. A scheduled meeting's notices carry its calendar
    ``uid`` and ``sequence`` (bumped by each change); ``previous_starts_at`` makes the notice
    a notice of change, ``cancelled`` a notice of cancellation. Without a ``uid`` (a notice
    written by hand with ``letter render``) the calendar file takes one from the document.
    ``kind`` ``hearing`` makes it a public-hearing notice (with ``hearing``'s details)."""

    title: str
    purpose: str
    starts_at: datetime
    ends_at: datetime
    place: str
    agenda: tuple[str, ...] = ()
    closed: bool = True
    uid: str = ""
    sequence: int = 0
    cancelled: bool = False
    previous_starts_at: datetime | None = None
    previous_place: str | None = None
    kind: str = ""  # joint, separate or hearing; empty for a notice written by hand
    hearing: HearingCtx | None = None
    status: str = ""  # scheduled, held or cancelled, for a meeting of the record


@dataclass(frozen=True, slots=True, kw_only=True)
class CommitmentCtx:
    """One agreed item (이행 항목): what, who implements it, by when, how completion is checked."""

    text: str
    implementer: str
    due: date | None
    check: str
    status: str = "open"


@dataclass(frozen=True, slots=True, kw_only=True)
class IssueCtx:
    title: str
    agreed: bool
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class DocCtx:
    number: str
    kind: str
    title: str
    lang: str
    issued_at: datetime
    replaces: str | None = None  # the number of the document this one corrects
    replaces_date: date | None = None  # and its date of issue
    # approval (결재): a draft waits for it; an approved letter prints who approved it, when
    draft: bool = False
    approved_by: str | None = None
    approved_at: datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class LetterInputs:
    """What a letter needs beyond the case, given by the person who writes it."""

    reason: str | None = None
    reply_by: date | None = None
    new_date: date | None = None
    expected_by: date | None = None
    meeting: MeetingCtx | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class LetterCtx:
    doc: DocCtx
    office: OfficeCtx
    case: CaseCtx
    recipient: RecipientCtx
    officer: OfficerCtx
    drafter: SignerCtx
    reviewer: SignerCtx
    approver: SignerCtx
    parties: tuple[PartyCtx, ...] = ()
    history: tuple[StepCtx, ...] = ()
    meeting: MeetingCtx | None = None
    meetings: tuple[MeetingCtx, ...] = ()
    commitments: tuple[CommitmentCtx, ...] = ()
    issues: tuple[IssueCtx, ...] = ()
    cost_sharing: str | None = None
    reason: str | None = None
    reply_by: date | None = None
    new_date: date | None = None
    expected_by: date | None = None
    # the workflow's own sentences (workflow.definitions.WORDING), in the letter's language
    wording: Mapping[str, str] = dataclasses.field(default_factory=dict)

    def variables(self) -> dict[str, Any]:
        """The names templates see: one per field (``case``, ``recipient``, ...)."""
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}


@dataclass(frozen=True, slots=True, kw_only=True)
class CaseFacts:
    """What the service read about a case to write its documents."""

    case: CaseView
    workflow_title: Title
    state_titles: Mapping[str, Title]
    parties: tuple[PartyView, ...]
    mediator: UserView
    supervisor: UserView
    events: tuple[EventView, ...] = ()
    meetings: tuple[MeetingView, ...] = ()
    commitments: tuple[CommitmentCtx, ...] = ()
    issues: tuple[IssueCtx, ...] = ()
    outcome: str | None = None
    unresolved_issues: int = 0
    wording: Mapping[str, Title] = dataclasses.field(default_factory=dict)


# building ----------------------------------------------------------------------------

def office_ctx(office: Office, lang: str) -> OfficeCtx:
    return OfficeCtx(agency=office.agency.get(lang), sender=office.sender.get(lang),
                     division=office.division.get(lang), address=office.address.get(lang),
                     postal_code=office.postal_code, phone=office.phone, fax=office.fax,
                     homepage=office.homepage, email=office.email,
                     disclosure=office.disclosure.get(lang), example=office.example)


def _vt(vocab: voc.Vocabulary, value: str | None, lang: str) -> str | None:
    return None if value is None else voc.title(vocab, value, lang)


def case_ctx(facts: CaseFacts, lang: str) -> CaseCtx:
    v = facts.case
    outcome = facts.outcome or "open"
    return CaseCtx(
        number=v.number, title=v.title, summary=v.summary,
        workflow_title=facts.workflow_title.get(lang), state=v.state,
        state_title=v.state_en if lang == "en" else v.state_ko, outcome=outcome,
        outcome_title=("" if facts.outcome is None
                       else voc.title(voc.OUTCOMES, facts.outcome, lang)),
        unresolved_issues=facts.unresolved_issues,
        negative=outcome in voc.NEGATIVE_OUTCOMES, closed=v.closed, opened_at=v.opened_at,
        closed_at=v.closed_at, days_open=v.days_open, district=v.district,
        location=v.location, department=v.department,
        sector=_vt(voc.SECTORS, v.sector, lang), channel=_vt(voc.CHANNELS, v.channel, lang),
        stage=_vt(voc.STAGES, v.stage, lang), grade=_vt(voc.GRADES, v.grade, lang),
        alert=voc.title(voc.ALERTS, v.alert, lang),
        conflict_types=tuple(voc.title(voc.CONFLICT_TYPES, t, lang) for t in v.conflict_types),
        people_involved=v.people_involved, project_cost=v.project_cost, chair=v.chair)


def party_ctx(p: PartyView, lang: str) -> PartyCtx:
    return PartyCtx(id=p.id, name=p.name, role=p.role,
                    role_title=voc.title(voc.PARTY_ROLES, p.role, lang),
                    organization=p.organization, representative=p.representative,
                    address=p.address, email=p.email, phone=p.phone, lang=p.lang)


# How a letter refers to the case, by the recipient's role: only the applicant raised it.
MATTER = {
    "applicant": Title(ko="귀하께서 제기하신", en="the matter you raised"),
    "respondent": Title(ko="귀하와 관련하여 접수된", en="the matter raised concerning you"),
    "agency": Title(ko="귀 기관과 관련된", en="the matter concerning your office"),
    "department": Title(ko="귀 부서와 관련된", en="the matter concerning your department"),
    "resident_group": Title(ko="귀 단체와 관련된", en="the matter concerning your group"),
    "group": Title(ko="귀 단체와 관련된", en="the matter concerning your group"),
}
TAKING_PART = Title(ko="귀하께서 참여하고 계신", en="the matter in which you take part")
# how a Korean letter says "you" to a person, an office or a group (and as a subject)
YOU = {"agency": ("귀 기관", "귀 기관에서"), "department": ("귀 부서", "귀 부서에서"),
       "resident_group": ("귀 단체", "귀 단체에서"), "group": ("귀 단체", "귀 단체에서")}
PERSON = ("귀하", "귀하께서")
OFFICES = frozenset({"agency", "department"})
HEAD_ENDINGS = ("청", "시", "구", "군", "도", "부", "처", "원", "과", "국", "실", "단", "소", "센터",
                "위원회", "공사", "공단")


def head_of(office: str) -> str:
    """An office addressed by its head, as an official letter's 수신 does (은평구청 →
    은평구청장, 노인복지과 → 노인복지과장); a name that is not an office's is kept."""
    office = office.strip()
    return office + "장" if office.endswith(HEAD_ENDINGS) else office


def recipient_ctx(kind: DocKind, party: PartyView | None, lang: str) -> RecipientCtx:
    if party is not None:
        agency = party.role in OFFICES
        name, organization = party.name, party.organization
        if agency and lang == "ko":
            name = head_of(name)
            organization = head_of(organization) if organization else None
        return RecipientCtx(kind="party", name=name, organization=organization,
                            address=party.address, party_id=party.id, role=party.role,
                            matter=MATTER.get(party.role, TAKING_PART).get(lang), agency=agency,
                            you=("you" if lang == "en" else YOU.get(party.role, PERSON)[0]),
                            you_subject=("you" if lang == "en"
                                         else YOU.get(party.role, PERSON)[1]),
                            delivery="email" if party.email else "post")
    if kind.audience == "council":
        return RecipientCtx(kind="council",
                            name="Every party of the council" if lang == "en" else "협의회 당사자 전원")
    return RecipientCtx(kind="internal", name="Internal approval" if lang == "en" else "내부결재")


MEETING_HELD = Title(ko="{title} 개최", en="{title} held")
MEETING_NTH = Title(ko="제{n}차 {kind}", en="{kind} no. {n}")


def meetings_ctx(facts: CaseFacts, lang: str) -> tuple[MeetingCtx, ...]:
    """The meetings the case held, as the record holds them (`meeting list`), in time
    order and numbered: what letters mean by "meetings held" (a notice's own meeting is
    ``meeting``)."""
    held = [m for m in facts.meetings if m.status == "held"]
    kinds = {m.kind: voc.title(voc.MEETING_KINDS, m.kind, lang) for m in held}
    return tuple(MeetingCtx(
        title=MEETING_NTH.get(lang).format(n=n, kind=kinds[m.kind][:1].upper() + kinds[m.kind][1:]),
        purpose="", starts_at=m.starts_at, ends_at=m.starts_at, place=m.place,
        agenda=tuple(a.strip() for a in (m.agenda or "").splitlines() if a.strip()),
        closed=not m.public, sequence=m.sequence, kind=m.kind, status=m.status)
        for n, m in enumerate(held, 1))


def history(facts: CaseFacts, lang: str,
            held: tuple[MeetingCtx, ...]) -> tuple[StepCtx, ...]:
    """The case's steps: its intake, each move and each meeting ``held`` (``meetings_ctx``),
    in time order."""
    steps = [StepCtx(at=facts.case.opened_at,
                     title="Case received" if lang == "en" else "접수")]
    for e in facts.events:
        if e.kind == "transition" and e.to_state is not None and e.to_state in facts.state_titles:
            steps.append(StepCtx(at=e.at, title=facts.state_titles[e.to_state].get(lang)))
    steps += [StepCtx(at=m.starts_at, title=MEETING_HELD.get(lang).format(title=m.title))
              for m in held]
    return tuple(sorted(steps, key=lambda s: s.at))


def last_note(facts: CaseFacts, lang: str) -> str | None:
    """The note of the transition that closed the case: the reason a closing letter gives.
    A move the system made carries a Korean note; a letter in another language words the
    reason from the outcome instead."""
    if not facts.case.closed:
        return None
    moves = [e for e in facts.events if e.kind == "transition"]
    if not moves or not moves[-1].note or (moves[-1].actor == SYSTEM and lang != "ko"):
        return None
    return moves[-1].note


def letter_context(facts: CaseFacts, kind: DocKind, party: PartyView | None, *, lang: str,
                   office: Office, issued_at: datetime, inputs: LetterInputs,
                   number: str = "") -> LetterCtx:
    """One document's context; ``number`` is filled in when the register hands it out."""
    own = kind.audience != "party"
    held = meetings_ctx(facts, lang)
    return LetterCtx(
        doc=DocCtx(number=number, kind=kind.name, title=doc_title(kind, inputs.meeting, lang),
                   lang=lang, issued_at=issued_at),
        office=office_ctx(office, lang),
        case=case_ctx(facts, lang),
        recipient=recipient_ctx(kind, party, lang),
        officer=OfficerCtx(unit=office.division.get(lang), title=office.drafter_title.get(lang),
                           name=facts.mediator.name, phone=office.phone,
                           email=facts.mediator.email),
        drafter=SignerCtx(title=office.drafter_title.get(lang), name=facts.mediator.name),
        reviewer=SignerCtx(title=office.reviewer_title.get(lang)),
        approver=SignerCtx(title=office.approver_title.get(lang), name=facts.supervisor.name),
        parties=tuple(party_ctx(p, lang) for p in facts.parties) if own else (),
        history=history(facts, lang, held),
        meeting=inputs.meeting,
        meetings=held,
        commitments=facts.commitments,
        issues=facts.issues,
        reason=inputs.reason or last_note(facts, lang),
        reply_by=inputs.reply_by or _reply_by(kind, issued_at),
        new_date=inputs.new_date,
        expected_by=inputs.expected_by,
        wording={k: t.get(lang) for k, t in {**WORDING, **facts.wording}.items()},
    )


MEETING_CHANGE = Title(ko="회의 일정 변경 통지", en="Notice of a change to a meeting")
MEETING_CANCEL = Title(ko="회의 취소 통지", en="Notice of a cancelled meeting")
HEARING_NOTICE = Title(ko="공청회 개최 안내", en="Notice of public hearing")
HEARING_CHANGE = Title(ko="공청회 일정 변경 안내", en="Notice of a change to a public hearing")
HEARING_CANCEL = Title(ko="공청회 취소 안내", en="Notice of a cancelled public hearing")


def doc_title(kind: DocKind, meeting: MeetingCtx | None, lang: str) -> str:
    """The kind's title; a meeting notice of change or cancellation says so, and a public
    hearing's notice is titled as one (the e-mail that carries it takes its subject from
    this title)."""
    if kind.calendar and meeting is not None:
        hearing = meeting.kind == "hearing"
        if meeting.cancelled:
            return (HEARING_CANCEL if hearing else MEETING_CANCEL).get(lang)
        if meeting.previous_starts_at is not None:
            return (HEARING_CHANGE if hearing else MEETING_CHANGE).get(lang)
        if hearing:
            return HEARING_NOTICE.get(lang)
    return kind.title.get(lang)


def _reply_by(kind: DocKind, issued_at: datetime) -> date | None:
    if kind.reply_days is None:
        return None
    return issued_at.astimezone(SEOUL).date() + timedelta(days=kind.reply_days)


def with_number(ctx: LetterCtx, number: str, replaces: tuple[str, date] | None = None,
                draft: bool = False) -> LetterCtx:
    """``ctx`` numbered ``number``; ``replaces`` is the number and date of the document it
    corrects; a ``draft`` waits for approval."""
    old, old_date = replaces if replaces else (None, None)
    return dataclasses.replace(ctx, doc=dataclasses.replace(
        ctx.doc, number=number, replaces=old, replaces_date=old_date, draft=draft))


def approved(ctx: LetterCtx, kind: DocKind, by: str, at: datetime) -> LetterCtx:
    """A draft's context once approved: issued now, its approver and the time printed; a
    reply deadline the letter counted from its date counts from the date of issue."""
    reply_by = ctx.reply_by
    if reply_by is not None and reply_by == _reply_by(kind, ctx.doc.issued_at):
        reply_by = _reply_by(kind, at)
    return dataclasses.replace(ctx, reply_by=reply_by, doc=dataclasses.replace(
        ctx.doc, draft=False, approved_by=by, approved_at=at, issued_at=at))


def context_from_json(text: str) -> LetterCtx:
    """The context a register entry was rendered from, read back from its JSON (the
    inverse of ``context_json``)."""
    ctx = _typed(LetterCtx, json.loads(text))
    assert isinstance(ctx, LetterCtx)
    return ctx


_HINTS: dict[type, dict[str, Any]] = {}


def _typed(hint: Any, value: Any) -> Any:
    """``value`` (plain JSON) as ``hint``: dataclasses, tuples, dates and times rebuilt."""
    if value is None:
        return None
    origin = typing.get_origin(hint)
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    if origin in (types.UnionType, typing.Union):
        return _typed(args[0], value) if len(args) == 1 else value
    if origin is tuple:
        return tuple(_typed(args[0], v) for v in value)
    if origin in (dict, Mapping, collections.abc.Mapping):
        return {k: _typed(args[1], v) for k, v in value.items()}
    if hint is datetime:
        return datetime.fromisoformat(value)
    if hint is date:
        return date.fromisoformat(value)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        hints = _HINTS.get(hint)
        if hints is None:
            hints = _HINTS[hint] = typing.get_type_hints(hint)
        return hint(**{f.name: _typed(hints[f.name], value[f.name])
                       for f in dataclasses.fields(hint) if f.name in value})
    return value


# the register's copy -----------------------------------------------------------------

def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def context_json(ctx: LetterCtx) -> str:
    """The canonical JSON of a context (sorted keys, ISO 8601 times)."""
    return json.dumps(_plain(ctx), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
