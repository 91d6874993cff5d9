"""Human-readable text for views (Korean by default)."""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING, Any

from mediation.core import vocabulary as voc
from mediation.core.formats import kdatetime, money

from .text import CHANGED_FIELDS, EVENT_KINDS, t, titled

if TYPE_CHECKING:  # the records only name the types: --help does not import them
    from mediation.core.titles import Title
    from mediation.views.cases import CaseDetail, CaseView, EventView, PartyView, TriggerView


def width(text: str) -> int:
    """Columns ``text`` takes in a terminal (Hangul and other wide characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, columns: int) -> str:
    return text + " " * max(0, columns - width(text))


def case_line(v: CaseView, lang: str) -> str:
    state = v.state_en if lang == "en" else v.state_ko
    destroyed = (" [destroyed]" if lang == "en" else " [파기됨]") if v.destroyed_at else ""
    return (f"{v.number}  {pad(state, 18)} {v.mediator:<12} {kdatetime(v.opened_at, lang)}  "
            f"{v.title}{destroyed}")


def _consent(p: PartyView, lang: str) -> str:
    if not p.consent and not p.consent_asked:
        return t("consent_not_needed", lang)
    key = {"given": "consent_given", "declined": "consent_declined"}.get(p.consent or "",
                                                                         "consent_none")
    return t(key, lang)


def party_line(p: PartyView, lang: str) -> str:
    rep = f", {t('representative', lang)}" if p.representative else ""
    org = f" / {p.organization}" if p.organization else ""
    opened = f", {t('open_consent', lang)}" if p.open_consent_at else ""
    contacts = " · ".join(c for c in (p.email, p.phone, p.address) if c)
    reached = f" <{contacts}>" if contacts else ""
    removed = ((f" [removed: {p.removed_reason}]" if lang == "en"
                else f" [제외됨: {p.removed_reason}]") if p.removed_at else "")
    stopped = ((f" [processing stopped at the person's request: {p.stopped_reason}]"
                if lang == "en" else f" [처리정지 요구: {p.stopped_reason}]")
               if p.stopped_at else "")
    return (f"#{p.id} {p.name}{org} ({voc.title(voc.PARTY_ROLES, p.role, lang)}{rep}) "
            f"— {_consent(p, lang)}{opened}{reached}{removed}{stopped}")


def trigger_line(tr: TriggerView, lang: str) -> str:
    """A trigger by its title, with the name to type after ``case advance`` in parentheses."""
    mark = ("✓" if tr.ready else "✗") if tr.may_fire else "·"
    title = tr.title_en if lang == "en" else tr.title_ko
    dest = tr.dest_title.get(lang) if tr.dest_title else tr.dest
    note = f" [{t('note_required', lang)}]" if tr.note_required else ""
    line = f"  {mark} {title} ({tr.trigger}) → {dest}{note}"
    if not tr.may_fire:
        who = (" or " if lang == "en" else "·").join(voc.title(voc.USER_ROLES, r, lang)
                                                      for r in tr.roles)
        return f"{line}\n      - {t('fired_by', lang).format(who=who)}"
    blocked = tr.blocked_en if lang == "en" else tr.blocked_ko
    return line + "".join(f"\n      - {b}" for b in blocked)


def _state(name: str | None, found: Title | None, lang: str) -> str:
    return found.get(lang) if found else name or "-"


def event_line(e: EventView, lang: str) -> str:
    what = titled(EVENT_KINDS, e.kind, lang)
    if e.trigger:
        trig = e.trigger_title.get(lang) if e.trigger_title else e.trigger
        what += (f" {trig}: {_state(e.from_state, e.from_title, lang)} → "
                 f"{_state(e.to_state, e.to_title, lang)}")
    elif e.from_state and e.to_state:  # a correction: an undo, a reopening
        what += (f": {_state(e.from_state, e.from_title, lang)} → "
                 f"{_state(e.to_state, e.to_title, lang)}")
    changes = changes_text(e.details.get("changes"), lang) if e.kind in CHANGE_KINDS else ""
    what += f" — {changes}" if changes else ""
    what += document_detail(e, lang) + party_detail(e, lang) + issue_detail(e) + attendance_detail(e, lang)
    note = f" — {e.note}" if e.note else ""
    if e.redacted:
        note += " [destroyed]" if lang == "en" else " [파기됨]"
    return f"  {e.seq:>3}  {kdatetime(e.at, lang)}  {e.actor:<12} {what}{note}"


CHANGE_KINDS = ("updated", "reassigned")
DOCUMENT_EVENTS = ("document", "document_sent", "document_voided", "document_approved",
                   "document_returned")
SYSTEM_VOIDS = {"failed": ("작성 실패", "writing failed"),
                "abandoned": ("작성 중단(번호 예약 만료)", "abandoned (reservation expired)")}


PARTY_FIELD_TITLES = {"name": ("이름", "name"), "role": ("역할", "role"),
                      "organization": ("소속", "organisation"),
                      "representative": ("대표당사자", "representative"),
                      "lang": ("언어", "language"), "email": ("전자우편", "e-mail"),
                      "phone": ("전화", "phone"), "address": ("주소", "address")}


def party_detail(e: EventView, lang: str) -> str:
    """`` #3 — 역할: 신청인 → 피신청인; 전자우편 변경`` for a party's update or removal."""
    if e.kind not in ("party_updated", "party_removed", "party_added", "processing_stopped",
                      "processing_resumed"):
        return ""
    en = lang == "en"
    parts = []
    for name, pair in (e.details.get("changes") or {}).items():
        old, new = pair if isinstance(pair, list) and len(pair) == 2 else (None, pair)
        if name == "role":
            old, new = (voc.title(voc.PARTY_ROLES, str(v), lang) if v else "-"
                        for v in (old, new))
        parts.append(f"{titled(PARTY_FIELD_TITLES, name, lang)}: {_plain(old, en)} → "
                     f"{_plain(new, en)}")
    parts += [f"{titled(PARTY_FIELD_TITLES, c, lang)} {'changed' if en else '변경'}"
              for c in e.details.get("contacts_changed") or ()]
    who = f" #{e.details.get('party_id')}" if e.details.get("party_id") else ""
    if e.kind == "party_added" and e.details.get("name"):
        who += f" {e.details['name']}"
    return f"{who} — {'; '.join(parts)}" if parts else who


def issue_detail(e: EventView) -> str:
    """`` #2 「소음」 → 「야간 소음」`` for a corrected issue, `` #2 「소음」`` for one removed."""
    if e.kind == "issue_updated":
        old, new = (e.details.get("changes") or {}).get("text", [None, None])
        return f" #{e.details.get('issue_id')} 「{old}」 → 「{new}」"
    if e.kind == "issue_removed":
        return f" #{e.details.get('issue_id')} 「{e.details.get('text')}」"
    return ""


ATTENDANCE = {"attended": ("출석", "attended"), "absent": ("불출석", "absent"),
              "excused": ("사유 있는 불출석", "excused")}


def attendance_detail(e: EventView, lang: str) -> str:
    """`` #3 — 불출석: #1 → -; 출석: #2 → #1, #2`` for a corrected meeting record."""
    if e.kind != "meeting_record_corrected":
        return ""
    before, after = e.details.get("before") or {}, e.details.get("after") or {}

    def ids(values: Any) -> str:
        return ", ".join(f"#{v}" for v in values or ()) or "-"

    parts = [f"{titled(ATTENDANCE, k, lang)}: {ids(before.get(k))} → {ids(after.get(k))}"
             for k in ATTENDANCE if (before.get(k) or []) != (after.get(k) or [])]
    return f" #{e.details.get('meeting_id')}" + (f" — {'; '.join(parts)}" if parts else "")


def _plain(value: Any, en: bool) -> str:
    if value is None or value == "":
        return "-"
    if isinstance(value, bool):
        return ("yes" if value else "no") if en else ("예" if value else "아니오")
    return str(value)


def document_detail(e: EventView, lang: str) -> str:
    """`` 갈등조정담당관-2026-0012 (협의결과문, 2026-0003 정정)`` for an event of the register."""
    from mediation.workflow.dockinds import KINDS

    if e.kind not in DOCUMENT_EVENTS or not e.details.get("document"):
        return ""
    kind = KINDS.get(str(e.details.get("kind")))
    extra = [kind.title.get(lang) if kind else str(e.details.get("kind", ""))]
    if e.kind == "document" and e.details.get("draft"):
        extra.append("draft awaiting approval" if lang == "en" else "결재 대기")
    if e.details.get("replaces"):
        extra.append(f"corrects {e.details['replaces']}" if lang == "en"
                     else f"{e.details['replaces']} 정정")
    if e.kind == "document_voided" and str(e.details.get("reason")) in SYSTEM_VOIDS:
        extra.append(titled(SYSTEM_VOIDS, str(e.details.get("reason")), lang))
    return f" {e.details['document']} ({', '.join(x for x in extra if x)})"
FIELD_VOCABULARIES: dict[str, voc.Vocabulary] = {
    "conflict_types": voc.CONFLICT_TYPES, "sector": voc.SECTORS, "channel": voc.CHANNELS,
    "stage": voc.STAGES, "grade": voc.GRADES, "alert": voc.ALERTS,
}


def _value(column: str, value: Any, lang: str) -> str:
    vocab = FIELD_VOCABULARIES.get(column)
    if value is None or value == []:
        return "-"
    if isinstance(value, list):
        return ", ".join(_value(column, v, lang) for v in value)
    if vocab is not None:
        return voc.title(vocab, str(value), lang)
    if column == "project_cost" and isinstance(value, int):
        return money(value, lang)
    return str(value)


def changes_text(changes: Any, lang: str) -> str:
    """An update's ``{column: [old, new]}`` as ``진단등급: B(주의) → A(심각); …``."""
    if not isinstance(changes, dict):
        return ""
    parts = []
    for column, pair in changes.items():
        old, new = pair if isinstance(pair, list) and len(pair) == 2 else (None, pair)
        label = t(CHANGED_FIELDS[column], lang) if column in CHANGED_FIELDS else column
        parts.append(f"{label}: {_value(column, old, lang)} → {_value(column, new, lang)}")
    return "; ".join(parts)


def _fields(v: CaseView, lang: str) -> list[tuple[str, str]]:
    def vt(vocab: voc.Vocabulary, value: str | None) -> str:
        return voc.title(vocab, value, lang)

    return [
        ("workflow", f"{v.workflow} v{v.workflow_version}"),
        ("state", v.state_en if lang == "en" else v.state_ko),
        ("types", ", ".join(vt(voc.CONFLICT_TYPES, x) for x in v.conflict_types) or "-"),
        ("sector", vt(voc.SECTORS, v.sector)),
        ("district", v.district or "-"),
        ("location", v.location or "-"),
        ("department", v.department or "-"),
        ("channel", vt(voc.CHANNELS, v.channel)),
        ("stage", vt(voc.STAGES, v.stage)),
        ("grade", vt(voc.GRADES, v.grade)),
        ("alert", vt(voc.ALERTS, v.alert)),
        ("indicators", "; ".join(v.alert_indicators) or "-"),
        ("people", str(v.people_involved) if v.people_involved is not None else "-"),
        ("cost", money(v.project_cost, lang) if v.project_cost is not None else "-"),
        ("chair", v.chair or "-"),
        ("mediator", v.mediator),
        ("supervisor", v.supervisor),
        ("opened", kdatetime(v.opened_at, lang)),
        ("closed_at", kdatetime(v.closed_at, lang) if v.closed_at else "-"),
        *([("destroyed", kdatetime(v.destroyed_at, lang))] if v.destroyed_at else []),
        ("days_open", str(v.days_open)),
        ("version", str(v.version)),
    ]


def still_scheduled(meetings: tuple[int, ...], lang: str) -> str:
    """The meetings of a closed case still scheduled: they will not be held."""
    ids = ", ".join(f"#{m}" for m in meetings)
    if lang == "en":
        return (f"※ The case is closed but meetings {ids} are still scheduled: cancel them "
                f"(and notify the parties) with `mediation meeting cancel`.")
    return (f"※ 사건이 종결되었지만 회의 {ids}이(가) 아직 예정 상태입니다. "
            f"`mediation meeting cancel`로 취소하고 당사자에게 알리세요.")


def case_detail(d: CaseDetail, lang: str) -> str:
    v = d.case
    lines = [f"{t('case', lang)} {v.number} — {v.title}"]
    if v.summary:
        lines.append(f"  {v.summary}")
    lines += [f"  {pad(t(k, lang), 16)} {val}" for k, val in _fields(v, lang)]
    if d.outcome is not None:
        shown = voc.title(voc.OUTCOMES, d.outcome, lang)
        if d.unresolved_issues:
            shown += f" ({t('unresolved_n', lang)} {d.unresolved_issues})"
        lines.append(f"  {pad(t('outcome', lang), 16)} {shown}")
    if v.closed and d.scheduled_meetings:
        lines.append(f"  {still_scheduled(d.scheduled_meetings, lang)}")
    lines.append(f"\n{t('triggers', lang)}")
    lines += [trigger_line(tr, lang) for tr in d.triggers] or [f"  {t('no_triggers', lang)}"]
    lines.append(f"\n{t('parties', lang)}")
    lines += [f"  {party_line(p, lang)}" for p in d.parties] or [f"  {t('no_parties', lang)}"]
    lines.append(f"\n{t('events', lang)}")
    lines += [event_line(e, lang) for e in d.events]
    return "\n".join(lines)
