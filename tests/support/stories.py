"""Cases walked part-way along a shipped workflow through the service (the same use-case layer
the CLI calls, only faster), for the stories that need a case already in a given state."""

from __future__ import annotations

from datetime import datetime

from mediation.app import App
from mediation.cases.commands import CaseFields
from mediation.core.clock import SEOUL, FrozenClock
from mediation.parties.commands import PartyFields
from mediation.views.cases import PartyView

# Which service steps bring a new public-conflict case to each open state (see drive_public()).
PUBLIC_ROUTES: dict[str, tuple[str, ...]] = {
    "intake": (),
    "diagnosis": ("diagnose",),
    "monitoring": ("diagnose", "grade=C", "monitor"),
    "strategy": ("diagnose", "grade=B", "plan"),
    "impact_analysis": ("diagnose", "grade=B", "plan", "assess"),
    "committee_review": ("diagnose", "grade=B", "plan", "assess", "submit_review"),
    "convening": ("diagnose", "grade=B", "plan", "party", "party", "convene"),
    "mediation": ("diagnose", "grade=B", "plan", "party", "party", "convene", "consent",
                  "chair", "open_mediation"),
    "drafting": ("diagnose", "grade=B", "plan", "party", "party", "convene", "consent", "chair",
                 "open_mediation", "draft_agreement"),
}


def drive_public(app: App, state: str, title: str = "가상 도로 확장 갈등") -> str:
    """Open a case (mediator kim, supervisor park) and walk it to ``state``; its number."""
    park = app.users.actor("park")
    number = app.cases.open_case(park, workflow="public_conflict", mediator="kim", supervisor="park",
                           fields=CaseFields(title=title)).number
    for step in PUBLIC_ROUTES[state]:
        if step.startswith("grade="):
            app.cases.update_case(park, number, CaseFields(grade=step[6:]))
        elif step == "party":
            count = len(app.parties.list_parties(park, number))
            app.parties.add_party(park, number, PartyFields(name=f"가상 주민대표 {count + 1}",
                                                    role="resident_group"))
        elif step == "consent":
            for party in app.parties.list_parties(park, number):
                app.parties.consent(park, number, party.id, declined=False)
        elif step == "chair":
            app.cases.update_case(park, number, CaseFields(chair="가상 의장"))
        else:
            app.moves.advance(park, number, step)
    assert app.reading.show_case(park, number).case.state == state
    return number


# Which service steps bring a new neighbour dispute to each open state (see drive_neighbor()).
NEIGHBOR_ROUTES: dict[str, tuple[str, ...]] = {
    "intake": (),
    "site_visit": ("party", "visit"),
    "separate_visits": ("party", "visit", "party", "meet_separately"),
    "counselling": ("party", "visit", "party", "meet_separately", "consent", "counsel"),
    "settlement": ("party", "visit", "party", "meet_separately", "consent", "counsel",
                   "draft_settlement"),
}


def drive_neighbor(app: App, state: str) -> str:
    """Open a neighbour dispute for mediator kim and walk it to ``state``; its number."""
    kim = app.users.actor("kim")
    number = app.cases.open_case(kim, workflow="neighbor_dispute", mediator="kim", supervisor="park",
                           fields=CaseFields(title=f"가상 층간소음 ({state})")).number
    for step in NEIGHBOR_ROUTES[state]:
        if step == "party":
            count = len(app.parties.list_parties(kim, number))
            app.parties.add_party(kim, number, PartyFields(name=f"가상 세대 {count + 1}", role="applicant"))
        elif step == "consent":
            for party in app.parties.list_parties(kim, number):
                app.parties.consent(kim, number, party.id, declined=False)
        else:
            app.moves.advance(kim, number, step)
    assert app.reading.show_case(kim, number).case.state == state
    return number


def signed_with_private_owner(app: App, clock: FrozenClock) -> tuple[str, PartyView]:
    """A public conflict signed on Tuesday 2026-12-01 10:00 whose one agreement item (방음
    공사, due 2027-01-14) is owned by a private person with an e-mail address, 홍길동
    <hong@example.org>, added on 2026-11-24: the case's number and the owner."""
    from datetime import date

    from mediation.agreement.commands import ItemFields
    from mediation.workflow.engine import Actor

    admin = Actor(username="admin", role="admin")
    clock.set(datetime(2026, 11, 24, 9, tzinfo=SEOUL))
    number = drive_public(app, "drafting")
    kim = app.users.actor("kim")
    owner = app.parties.add_party(kim, number, PartyFields(
        name="홍길동", role="applicant", email="hong@example.org"))
    app.parties.consent(kim, number, owner.id, declined=False)
    app.agreement.add_item(kim, number, ItemFields(text="방음 공사", owner_party_id=owner.id,
                                                   due=date(2027, 1, 14),
                                                   check_method="현장 확인"))
    clock.set(datetime(2026, 12, 1, 10, tzinfo=SEOUL))
    for party in app.parties.list_parties(admin, number):
        app.agreement.sign_agreement(kim, number, party.id)
    app.moves.advance(kim, number, "sign")
    return number, owner
