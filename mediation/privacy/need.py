"""Need to know: in lists over many cases, a private person's name and contacts are shown
whole only to the users on that case (its mediator and supervisor); everyone else — an
admin listing every case included — sees them masked (``masking``). On the case itself
(``case show``, ``party list``) whoever may read the case sees them whole."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.engine import Connection

from mediation.core.masking import mask_contact, mask_name
from mediation.privacy.records import is_private
from mediation.storage import access as store
from mediation.storage import scope
from mediation.workflow.engine import Actor


class Masker:
    """Decides, for the rows of one list, whose party data ``actor`` sees masked."""

    def __init__(self, conn: Connection, actor: Actor, rows: Sequence[Any],
                 party_of: Any) -> None:
        self.actor = actor
        ids = [pid for r in rows if (pid := party_of(r)) is not None]
        self.roles = store.roles_by_id(conn, ids)

    def masks(self, case: Any, party_id: int | None) -> bool:
        """Whether a row of ``case`` about party ``party_id`` is masked for the actor."""
        if party_id is None or scope.assigned(self.actor, case):
            return False
        return is_private(self.roles.get(party_id, "applicant"))

    @staticmethod
    def name(value: str) -> str:
        return mask_name(value)

    @staticmethod
    def contacts(values: Sequence[str]) -> tuple[str, ...]:
        return tuple(mask_contact(v) for v in values)


def audience_party(audience: str) -> int | None:
    """The party id of an outbox audience ``party:N``."""
    kind, _, rest = audience.partition(":")
    return int(rest) if kind == "party" and rest.isdigit() else None
