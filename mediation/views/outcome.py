"""How a case ended, or stands once its agreement is signed: the one reading that `case
show`, letters, e-mails and reports print (``core.vocabulary.OUTCOMES``)."""

from __future__ import annotations

from mediation.workflow.definitions import WorkflowDef


def case_outcome(wf: WorkflowDef | None, state: str, *, signed: bool, unresolved: int,
                 closed_by_system: bool) -> str | None:
    """The outcome the record shows: a final state's declared outcome, or ``agreement``
    once every party signed; an agreement with unresolved issues is a partial agreement,
    a withdrawal the system made (the absence rule) a deemed withdrawal. ``None`` while
    a case is open and unsigned."""
    found = (wf.state(state) if wf is not None and wf.has_state(state) else None)
    outcome = found.outcome if found is not None and found.final else None
    if outcome is None and signed:
        outcome = "agreement"
    if outcome == "agreement" and unresolved:
        return "partial_agreement"
    if outcome == "withdrawn" and closed_by_system:
        return "deemed_withdrawn"
    return outcome
