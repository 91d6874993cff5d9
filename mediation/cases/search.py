"""``case search``: the cases whose text holds every word of a query, among those the user
may read (``storage.scope``, in SQL), ranked by relevance then recency, each with the
places its text matched."""

from __future__ import annotations

from mediation.casework import CaseWork
from mediation.core import validate
from mediation.core.errors import BadInput
from mediation.storage import scope
from mediation.storage import search as store
from mediation.storage.cases import CaseFilter
from mediation.views.build import case_view
from mediation.views.search import SearchHit, match_place
from mediation.workflow.engine import Actor

MAX_TERMS = 8
MAX_TERM = 100


def query_terms(query: str) -> tuple[str, ...]:
    """The words of ``query`` (split at spaces, each found anywhere, all required)."""
    clean = validate.text(query, "query", max_len=MAX_TERMS * (MAX_TERM + 1))
    terms = tuple(dict.fromkeys(clean.split()))
    if len(terms) > MAX_TERMS:
        raise BadInput(field="query", reason=f"at most {MAX_TERMS} words")
    if any(len(t) > MAX_TERM for t in terms):
        raise BadInput(field="query", reason=f"a word of at most {MAX_TERM} characters")
    return terms


class CaseSearch(CaseWork):
    def search(self, actor: Actor, query: str, f: CaseFilter) -> tuple[SearchHit, ...]:
        terms = query_terms(query)
        now = self.now()
        with self.db.read() as conn:
            rows = [r for r in store.find(conn, terms, f, scope.readable(actor))
                    if r.workflow in self.workflows]
            places = store.where_found(conn, terms, [r.id for r in rows])
        found: dict[int, list[tuple[str, int, str]]] = {}
        for p in places:
            found.setdefault(p.case_id, []).append((p.source, p.ref, p.body))
        return tuple(
            SearchHit(case=case_view(r, self.workflow(r.workflow), now), score=int(r.score),
                      matched=tuple(match_place(*m) for m in found.get(r.id, ())))
            for r in rows)
