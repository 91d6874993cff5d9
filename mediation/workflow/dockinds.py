"""The kinds of document the product writes (DOMAIN.md §5): who receives each, which
layout it uses, and what it needs besides the case.

A kind's ``audience`` decides the recipients: ``party`` kinds are written once per party
(never a shared list of names and addresses), ``council`` kinds once for the whole council
(the agreement, which every party signs), ``internal`` kinds once for the office's own file.
The ``form`` picks the layout: ``letter`` (the official letter form, 시행문), ``document``
(a stand-alone document such as the agreement) or ``report`` (an internal report with
□ ○ - bullets and an approval box).
"""

from __future__ import annotations

from dataclasses import dataclass

from mediation.core.titles import Title

AUDIENCES = ("party", "council", "internal")
FORMS = ("letter", "document", "report")
INPUTS = ("reason", "new_date")


@dataclass(frozen=True, slots=True, kw_only=True)
class DocKind:
    name: str
    title: Title
    audience: str
    form: str
    needs: tuple[str, ...] = ()
    calendar: bool = False
    reply_days: int | None = None  # a reply deadline this many days after the date of issue
    once: bool = False  # one per recipient: issued again only as a correction (--replaces)

    def template(self, lang: str) -> str:
        return f"letters/{lang}/{self.name}.j2"

    def calendar_template(self, lang: str) -> str:
        return f"letters/{lang}/{self.name}.ics.j2"


def _k(name: str, ko: str, en: str, audience: str, form: str = "letter",
       needs: tuple[str, ...] = (), calendar: bool = False,
       reply_days: int | None = None, once: bool = False) -> DocKind:
    return DocKind(name=name, title=Title(ko=ko, en=en), audience=audience, form=form,
                   needs=needs, calendar=calendar, reply_days=reply_days, once=once)


KINDS: dict[str, DocKind] = {k.name: k for k in (
    _k("receipt", "접수 통지", "Notice of receipt", "party", once=True),
    # an unanswered invitation may be treated as declined after 30 days (UNCITRAL Model Law
    # on International Commercial Mediation, art. 4(2))
    _k("invitation", "조정 참여 요청", "Invitation to mediation", "party", reply_days=30),
    _k("appointment", "의장·조정인 선정 통지", "Notice of the chair and mediator", "party", once=True),
    _k("meeting_notice", "회의 개최 통지(출석 요청)", "Meeting notice (summons)", "party",
       calendar=True),
    _k("progress", "처리 진행상황 통지", "Progress notice", "party"),
    _k("extension", "처리기간 연장 통지", "Notice of extension", "party",
       needs=("reason", "new_date")),
    _k("closure", "조정 불성립·종결·이송 통지", "Notice of non-acceptance, termination or referral",
       "party", needs=("reason",), once=True),
    _k("agreement", "협의결과문", "Mediation agreement", "council", form="document", once=True),
    _k("result_notice", "조정 결과 통지", "Notice of the result", "party", once=True),
    _k("implementation_reminder", "합의사항 이행 점검·독촉", "Implementation reminder", "party"),
    _k("impact_analysis", "갈등영향분석서", "Conflict impact analysis", "internal", form="report",
       once=True),
    _k("result_report", "조정 결과 보고", "Mediation result report", "internal", form="report",
       once=True),
)}


def kind_names() -> tuple[str, ...]:
    return tuple(KINDS)
