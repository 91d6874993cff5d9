"""``case search``: the cases whose text holds every word of a query, among those the user
may read (``storage.scope``, in SQL), ranked by relevance then recency, each with the
places its text matched.

A match in a party's text shows the party's name: a private person's name is masked
(``core.masking``, as the other lists over many cases) for a user not on that case; the
names shown whole are an access record (read) on their case."""

from __future__ import annotations

from typing import Any

from mediation.casework import CaseWork
from mediation.core import validate
from mediation.core.errors import BadInput
from mediation.core.redact import Redactor
from mediation.privacy.access import AccessLog
from mediation.privacy.records import is_private
from mediation.storage import access as access_store
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
        raise BadInput(field="query", reason_ko=f"낱말은 {MAX_TERMS}개까지 줄 수 있습니다",
                       reason_en=f"at most {MAX_TERMS} words")
    if any(len(t) > MAX_TERM for t in terms):
        raise BadInput(field="query", reason_ko=f"낱말 하나는 {MAX_TERM}자까지입니다",
                       reason_en=f"a word of at most {MAX_TERM} characters")
    return terms


class CaseSearch(CaseWork):
    def __init__(self, *args: Any, access: AccessLog, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.access = access

    def search(self, actor: Actor, query: str, f: CaseFilter) -> tuple[SearchHit, ...]:
        terms = query_terms(query)
        now = self.now()
        with self.db.read() as conn:
            rows = [r for r in store.find(conn, terms, f, scope.readable(actor))
                    if r.workflow in self.workflows]
            places = store.where_found(conn, terms, [r.id for r in rows])
            named = access_store.names_by_id(conn, [p.ref for p in places
                                                    if p.source == "party"])
        found: dict[int, list[tuple[str, int, str]]] = {}
        shown: dict[int, list[int]] = {}  # case id → private parties shown whole
        cases = {r.id: r for r in rows}
        for p in places:
            body = p.body
            role, name = named.get(p.ref, ("", "")) if p.source == "party" else ("", "")
            if is_private(role):
                if scope.assigned(actor, cases[p.case_id]):
                    shown.setdefault(p.case_id, []).append(p.ref)
                else:
                    body = Redactor.of([name], [], partial=True).text(body)
            found.setdefault(p.case_id, []).append((p.source, p.ref, body))
        if shown:
            with self.db.write() as conn:
                for case_id, ids in shown.items():
                    self.access.record(conn, actor, "read", ids, cases[case_id],
                                       "case search", now)
        return tuple(
            SearchHit(case=case_view(r, self.workflow(r.workflow), now), score=int(r.score),
                      matched=tuple(match_place(*m) for m in found.get(r.id, ())))
            for r in rows)
