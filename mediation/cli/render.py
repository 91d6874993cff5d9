"""Human-readable text for views (Korean by default)."""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from mediation.core import vocabulary as voc
from mediation.core.formats import kdatetime, money

from .text import t

if TYPE_CHECKING:  # the records only name the types: --help does not import them
    from mediation.views.cases import CaseDetail, CaseView, EventView, PartyView, TriggerView


def width(text: str) -> int:
    """Columns ``text`` takes in a terminal (Hangul and other wide characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, columns: int) -> str:
    return text + " " * max(0, columns - width(text))


def case_line(v: CaseView, lang: str) -> str:
    state = v.state_en if lang == "en" else v.state_ko
    return (f"{v.number}  {pad(state, 18)} {v.mediator:<12} {kdatetime(v.opened_at, lang)}  "
            f"{v.title}")


def _consent(p: PartyView, lang: str) -> str:
    key = {"given": "consent_given", "declined": "consent_declined"}.get(p.consent or "",
                                                                         "consent_none")
    return t(key, lang)


def party_line(p: PartyView, lang: str) -> str:
    rep = f", {t('representative', lang)}" if p.representative else ""
    org = f" / {p.organization}" if p.organization else ""
    opened = f", {t('open_consent', lang)}" if p.open_consent_at else ""
    return (f"#{p.id} {p.name}{org} ({voc.title(voc.PARTY_ROLES, p.role, lang)}{rep}) "
            f"— {_consent(p, lang)}{opened}")


def trigger_line(tr: TriggerView, lang: str) -> str:
    mark = "✓" if tr.ready else "✗"
    title = tr.title_en if lang == "en" else tr.title_ko
    note = f" [{t('note_required', lang)}]" if tr.note_required else ""
    line = f"  {mark} {tr.trigger:<16} {title} → {tr.dest}{note}"
    blocked = tr.blocked_en if lang == "en" else tr.blocked_ko
    return line + "".join(f"\n      - {b}" for b in blocked)


def event_line(e: EventView, lang: str) -> str:
    move = f" {e.from_state} → {e.to_state}" if e.trigger else ""
    trig = f" {e.trigger}" if e.trigger else ""
    note = f" — {e.note}" if e.note else ""
    return f"  {e.seq:>3}  {kdatetime(e.at, lang)}  {e.actor:<12} {e.kind}{trig}{move}{note}"


def _fields(v: CaseView, lang: str) -> list[tuple[str, str]]:
    def vt(vocab: voc.Vocabulary, value: str | None) -> str:
        return voc.title(vocab, value, lang)

    return [
        ("workflow", f"{v.workflow} v{v.workflow_version}"),
        ("state", f"{v.state_en if lang == 'en' else v.state_ko} ({v.state})"),
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
