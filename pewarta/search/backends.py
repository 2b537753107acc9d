"""The index queries, one backend per database, behind one interface.

Both backends return *candidates*: matching stories with a text relevance (higher is
better) and their publication time; `ranking.py` turns them into the final order. To stay
fast on common words in a large archive, a backend looks at the newest `window` matches
(by story id, which follows arrival) plus the newest `window` headline matches, rather than
scoring every match: for a news archive the answer a reader wants is almost always there,
and headline matches from any year are kept.
"""

import math
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

from pewarta.desk.models import Story
from pewarta.search.analysis import Query

# Field weights: headline above lead above body.
HEADLINE_WEIGHT, LEAD_WEIGHT, BODY_WEIGHT = 10.0, 4.0, 1.0


@dataclass(frozen=True)
class Filters:
    section_id: int | None = None
    kind: str | None = None
    author_id: int | None = None
    date_from: datetime | None = None
    date_to: datetime | None = None
    exclude_id: int | None = None


class Candidate(NamedTuple):  # a tuple: made by the thousand per query, so kept cheap
    story_id: int
    relevance: float
    published_ts: float  # seconds since the epoch


@dataclass
class Candidates:
    items: list[Candidate]
    more: bool  # the window was full: there are more matches than were ranked


def _filter_sql(filters: Filters, ops) -> tuple[str, list]:
    where, params = [], []
    if filters.section_id is not None:
        where.append("e.section_id = %s")
        params.append(filters.section_id)
    if filters.kind:
        where.append("e.kind = %s")
        params.append(filters.kind)
    if filters.author_id is not None:
        through = Story.authors.through._meta.db_table
        where.append(
            f"EXISTS (SELECT 1 FROM {through} a "  # noqa: S608 - a table name from the model
            "WHERE a.story_id = e.story_id AND a.contributor_id = %s)"
        )
        params.append(filters.author_id)
    if filters.date_from is not None:
        where.append("e.published_at >= %s")
        params.append(ops.adapt_datetimefield_value(filters.date_from))
    if filters.date_to is not None:
        where.append("e.published_at < %s")
        params.append(ops.adapt_datetimefield_value(filters.date_to))
    if filters.exclude_id is not None:
        where.append("e.story_id <> %s")
        params.append(filters.exclude_id)
    return "".join(f" AND {w}" for w in where), params


def _candidates(run, window: int) -> Candidates:
    """The newest `window` matches; when there are more, also the newest headline matches."""
    rows = run(headline=False)
    if len(rows) < window:
        return Candidates(list(map(Candidate._make, rows)), more=False)
    best = {row[0]: row for row in rows}
    for row in run(headline=True):
        if row[0] not in best or row[1] > best[row[0]][1]:
            best[row[0]] = row
    return Candidates(list(map(Candidate._make, best.values())), more=True)


class _Backend:
    def __init__(self, using: str = DEFAULT_DB_ALIAS):
        self.connection = connections[using]


class SQLiteBackend(_Backend):
    """FTS5 over the analysed terms, ranked by bm25 with per-column weights."""

    name = "sqlite-fts5"

    def _run(self, match: str, filters: Filters, window: int) -> list[tuple]:
        extra, params = _filter_sql(filters, self.connection.ops)
        sql = (
            "SELECT search_fts.rowid, "  # noqa: S608 - constants and %s placeholders only
            f"-bm25(search_fts, {HEADLINE_WEIGHT}, {LEAD_WEIGHT}, {BODY_WEIGHT}), "
            "(julianday(e.published_at) - 2440587.5) * 86400.0 FROM search_fts "
            "JOIN search_searchentry e ON e.story_id = search_fts.rowid "
            f"WHERE search_fts MATCH %s{extra} ORDER BY search_fts.rowid DESC LIMIT %s"
        )
        with self.connection.cursor() as cursor:
            cursor.execute(sql, [match, *params, window])
            return cursor.fetchall()

    def candidates(self, query: Query, filters: Filters, *, window: int, any_term=False):
        expression = query.fts5(any_term=any_term)

        def run(*, headline: bool):
            match = f"headline_terms : ({expression})" if headline else expression
            return self._run(match, filters, window)

        return _candidates(run, window)

    def document_frequencies(self, terms: list[str]) -> tuple[dict[str, int], int]:
        if not terms:
            return {}, 0
        marks = ", ".join(["%s"] * len(terms))
        with self.connection.cursor() as cursor:
            sql = f"SELECT term, doc FROM search_fts_vocab WHERE term IN ({marks})"  # noqa: S608
            cursor.execute(sql, terms)
            found = dict(cursor.fetchall())
            total = _archive_size(cursor)
        return found, total


class PostgresBackend(_Backend):
    """A weighted tsvector (A headline, B lead, C body) under GIN, ranked by ts_rank; a
    headline-only tsvector with its own GIN index for the headline pass."""

    name = "postgres-tsvector"
    # ts_rank weights for {D, C, B, A}, in proportion to the SQLite column weights.
    RANK_WEIGHTS = "{0.0, 0.1, 0.4, 1.0}"

    def _run(self, tsquery: str, column: str, filters: Filters, window: int) -> list[tuple]:
        # Rank only the rows the window keeps: ts_rank reads the whole (toasted) tsvector.
        extra, params = _filter_sql(filters, self.connection.ops)
        sql = (
            f"SELECT s.story_id, ts_rank('{self.RANK_WEIGHTS}', s.document, "  # noqa: S608
            "to_tsquery('simple', %s), 1), extract(epoch FROM s.published_at)::float8 "
            "FROM (SELECT e.story_id, e.document, e.published_at FROM search_searchentry e "
            f"WHERE e.{column} @@ to_tsquery('simple', %s){extra} "
            "ORDER BY e.story_id DESC LIMIT %s) s"
        )
        with self.connection.cursor() as cursor:
            cursor.execute(sql, [tsquery, tsquery, *params, window])
            return cursor.fetchall()

    def candidates(self, query: Query, filters: Filters, *, window: int, any_term=False):
        tsquery = query.tsquery(any_term=any_term)

        def run(*, headline: bool):
            column = "headline_document" if headline else "document"
            return self._run(tsquery, column, filters, window)

        return _candidates(run, window)

    def document_frequencies(self, terms: list[str]) -> tuple[dict[str, int], int]:
        """Document counts per term, capped (only their order matters to the caller)."""
        if not terms:
            return {}, 0
        cap = 5_000
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT t, (SELECT count(*) FROM (SELECT 1 FROM search_searchentry "
                "WHERE document @@ to_tsquery('simple', quote_literal(t)) LIMIT %s) s) "
                "FROM unnest(%s::text[]) t",
                [cap, terms],
            )
            found = dict(cursor.fetchall())
            total = _archive_size(cursor)
        return found, total


def _archive_size(cursor) -> int:
    """The largest indexed story id: an upper bound of the index size (for idf, where only
    the order of terms matters), found in one index probe instead of a count."""
    cursor.execute("SELECT max(story_id) FROM search_searchentry")
    return max(cursor.fetchone()[0] or 0, 1)


def get_backend():
    return PostgresBackend() if settings.IS_POSTGRES else SQLiteBackend()


def idf(df: int, total: int) -> float:
    return math.log(1 + (total - df + 0.5) / (df + 0.5))
