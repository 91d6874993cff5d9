"""Named guard predicates over a read-only case snapshot.

Workflow files name guards; the loader resolves each name here, so an unknown guard is a
load error, not a runtime surprise. Each guard says in words (Korean and English) what
must hold, which is what a refused trigger reports.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from mediation.core.titles import Title
from mediation.workflow.records import CaseSnapshot


@dataclass(frozen=True, slots=True, kw_only=True)
class Guard:
    name: str
    requirement: Title
    check: Callable[[CaseSnapshot], bool]


def _grade_recorded(case: CaseSnapshot) -> bool:
    return case.grade is not None


def _two_parties(case: CaseSnapshot) -> bool:
    return len(case.parties) >= 2


def _all_parties_consented(case: CaseSnapshot) -> bool:
    asked = case.consenting
    return bool(asked) and all(p.consent == "given" for p in asked)


def _chair_named(case: CaseSnapshot) -> bool:
    return bool(case.chair)


def _agreement_has_items(case: CaseSnapshot) -> bool:
    return case.agreement_items > 0


def _all_parties_signed(case: CaseSnapshot) -> bool:
    return case.all_signed


def _commitments_settled(case: CaseSnapshot) -> bool:
    return case.open_commitments == 0


def _at_least_one_party(case: CaseSnapshot) -> bool:
    return len(case.parties) >= 1


REGISTRY: dict[str, Guard] = {
    g.name: g
    for g in (
        Guard(name="grade_recorded", check=_grade_recorded,
              requirement=Title(ko="갈등진단 등급(A–C)이 기록되어야 합니다 (case update --grade)",
                                en="a diagnosis grade (A–C) must be recorded (case update --grade)")),
        Guard(name="two_parties", check=_two_parties,
              requirement=Title(ko="당사자가 두 명 이상 등록되어야 합니다 (party add)",
                                en="at least two parties must be registered (party add)")),
        Guard(name="at_least_one_party", check=_at_least_one_party,
              requirement=Title(ko="당사자가 한 명 이상 등록되어야 합니다 (party add)",
                                en="at least one party must be registered (party add)")),
        Guard(name="all_parties_consented", check=_all_parties_consented,
              requirement=Title(ko="동의가 필요한 역할의 모든 당사자가 조정에 동의해야 합니다 "
                                   "(party consent)",
                                en="every party whose role needs consent must consent to "
                                   "mediation (party consent)")),
        Guard(name="chair_named", check=_chair_named,
              requirement=Title(ko="협의회 의장이 지정되어야 합니다 (case update --chair)",
                                en="a neutral chair must be named (case update --chair)")),
        Guard(name="agreement_has_items", check=_agreement_has_items,
              requirement=Title(ko="합의서에 합의 항목이 하나 이상 있어야 합니다",
                                en="the agreement must have at least one item")),
        Guard(name="all_parties_signed", check=_all_parties_signed,
              requirement=Title(ko="모든 당사자가 합의서에 서명해야 합니다",
                                en="every party must have signed the agreement")),
        Guard(name="commitments_settled", check=_commitments_settled,
              requirement=Title(ko="모든 이행 항목이 완료 또는 면제되어야 합니다",
                                en="every commitment must be done or waived")),
    )
}
