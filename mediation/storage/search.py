"""The text ``case search`` finds: writing a case's pieces of text (in the caller's
transaction, so the index never lags the record) and finding the cases whose text holds every
word of a query, ranked, among the cases a user may read.

Korean needs no word boundaries, so the index is of character trigrams: SQLite's FTS5
``trigram`` tokenizer (an external-content table ``search_fts`` kept by triggers on
``search_text``) and PostgreSQL's ``pg_trgm`` GIN index, which serves ``ILIKE``. A trigram
index cannot answer a word shorter than three characters (소음, 층간): on SQLite such a word
is found through the index's own list of trigrams (``search_fts_vocab``): every trigram
that begins with the word, OR-ed into one full-text query (each text is indexed with a space
after it, so a word at its end begins a trigram too); a one-character word is a ``LIKE``. On
PostgreSQL a second GIN index, over each text's two-character pieces (``search_bigrams``),
finds two-character words; ``ILIKE`` does the rest.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Row,
    and_,
    case,
    delete,
    distinct,
    func,
    insert,
    literal,
    or_,
    select,
    text,
    union_all,
)
from sqlalchemy.engine import Connection

from mediation.storage.cases import CaseFilter, filtered
from mediation.storage.models import cases, search_text

SOURCES = ("title", "summary", "note", "party", "issue", "item", "minutes")
WEIGHTS = {"title": 8, "party": 4, "summary": 2}
"""How much a match in each source counts towards a case's relevance (others count 1)."""
TRIGRAM = 3


def put(conn: Connection, case_id: int, source: str, ref: int, body: str | None) -> None:
    """Make ``body`` the text of the case's ``source`` piece ``ref`` (none if empty)."""
    conn.execute(delete(search_text).where(search_text.c.case_id == case_id,
                                           search_text.c.source == source,
                                           search_text.c.ref == ref))
    if body and body.strip():
        conn.execute(insert(search_text).values(case_id=case_id, source=source, ref=ref,
                                                body=body))


def party_text(name: str, organization: str | None) -> str:
    """A party's searchable text: its name and organisation."""
    return f"{name} {organization}" if organization else name


def _like_pattern(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def matches(conn: Connection, term: str, i: int) -> ColumnElement[bool]:
    """The condition on ``search_text`` rows whose body holds ``term`` (the ``i``-th word of
    a query, naming its bound parameters)."""
    body: ColumnElement[str] = search_text.c.body
    if conn.dialect.name == "postgresql":
        found = body.ilike(_like_pattern(term), escape="\\")
        if len(term) == 2:  # the index of two-character pieces (migration 0011)
            pieces = text(f"search_bigrams(search_text.body) @> ARRAY[CAST(:pair{i} AS text)]")
            return and_(pieces.bindparams(**{f"pair{i}": term.lower()}), found)
        return found
    if len(term) < 2:
        return body.like(_like_pattern(term), escape="\\")
    ids: ColumnElement[int] = search_text.c.id
    if len(term) >= TRIGRAM:
        fts = text(f"SELECT rowid FROM search_fts WHERE search_fts MATCH :term{i}").bindparams(
            **{f"term{i}": _phrase(term)})
    else:  # every trigram that begins with the two characters (each text ends in a space)
        low = term.lower()
        fts = text(
            "SELECT rowid FROM search_fts WHERE search_fts MATCH (SELECT coalesce(group_concat("
            "'\"' || replace(term, '\"', '\"\"') || '\"', ' OR '), '\"\"') FROM search_fts_vocab "
            f"WHERE term >= :low{i} AND term < :high{i})").bindparams(
            **{f"low{i}": low, f"high{i}": low + "\U0010ffff"})
    return ids.in_(fts.columns(rowid=Integer))


def _phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def find(conn: Connection, terms: Sequence[str], f: CaseFilter,
         readable: ColumnElement[bool]) -> Sequence[Row[Any]]:
    """The cases of ``f`` among those ``readable`` selects whose text holds every one of
    ``terms`` (each anywhere in the case), the most relevant first, then the most recently
    changed; each row is the case's columns and its ``score``."""
    hits = union_all(*(
        select(search_text.c.case_id, search_text.c.source, literal(i).label("term"))
        .where(matches(conn, term, i)) for i, term in enumerate(terms))).subquery("hits")
    weight = case(*((hits.c.source == s, w) for s, w in WEIGHTS.items()), else_=1)
    ranked = (select(hits.c.case_id, func.sum(weight).label("score"))
              .group_by(hits.c.case_id)
              .having(func.count(distinct(hits.c.term)) == len(terms))
              .cte("ranked"))
    if conn.dialect.name == "postgresql":  # the matches first, then their cases
        ranked = ranked.prefix_with("MATERIALIZED")
    query = (select(cases, ranked.c.score)
             .select_from(ranked.join(cases, cases.c.id == ranked.c.case_id))
             .where(readable, *filtered(f))
             .order_by(ranked.c.score.desc(), cases.c.updated_at.desc(), cases.c.id.desc())
             .limit(f.limit))
    return conn.execute(query).all()


def where_found(conn: Connection, terms: Sequence[str],
                case_ids: Sequence[int]) -> Sequence[Row[*tuple[Any, ...]]]:
    """The pieces of text of ``case_ids`` that hold one of ``terms``: case id, source, ref
    and body, in the order of ``SOURCES`` then ``ref``."""
    if not case_ids:
        return []
    order = case(*((search_text.c.source == s, n) for n, s in enumerate(SOURCES)), else_=99)
    return conn.execute(
        select(search_text.c.case_id, search_text.c.source, search_text.c.ref,
               search_text.c.body)
        .where(search_text.c.case_id.in_(case_ids),
               or_(*(matches(conn, term, i) for i, term in enumerate(terms))))
        .order_by(search_text.c.case_id, order, search_text.c.ref)).all()
