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
from datetime import UTC, datetime

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.dateparse import parse_datetime

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


@dataclass(frozen=True)
class Candidate:
    story_id: int
    relevance: float
    published_at: datetime


@dataclass
class Candidates:
    items: list[Candidate]
    more: bool  # the window was full: there are more matches than were ranked


def _aware(value) -> datetime:
    if isinstance(value, str):
        value = parse_datetime(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value


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


def _merge(lists: list[list[tuple]], window: int) -> Candidates:
    best: dict[int, Candidate] = {}
    more = False
    for rows in lists:
        more = more or len(rows) >= window
        for story_id, relevance, published_at in rows:
            known = best.get(story_id)
            if known is None or relevance > known.relevance:
                best[story_id] = Candidate(story_id, float(relevance), _aware(published_at))
    return Candidates(list(best.values()), more)


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
            "e.published_at FROM search_fts "
            "JOIN search_searchentry e ON e.story_id = search_fts.rowid "
            f"WHERE search_fts MATCH %s{extra} ORDER BY search_fts.rowid DESC LIMIT %s"
        )
        with self.connection.cursor() as cursor:
            cursor.execute(sql, [match, *params, window])
            return cursor.fetchall()

    def candidates(self, query: Query, filters: Filters, *, window: int, any_term=False):
        expression = query.fts5(any_term=any_term)
        return _merge(
            [
                self._run(expression, filters, window),
                self._run(f"headline_terms : ({expression})", filters, window),
            ],
            window,
        )

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
    """A weighted tsvector (A headline, B lead, C body) under GIN, ranked by ts_rank."""

    name = "postgres-tsvector"
    # ts_rank weights for {D, C, B, A}, in proportion to the SQLite column weights.
    RANK_WEIGHTS = "{0.0, 0.1, 0.4, 1.0}"

    def _run(self, tsquery: str, filters: Filters, window: int) -> list[tuple]:
        extra, params = _filter_sql(filters, self.connection.ops)
        sql = (
            f"SELECT e.story_id, ts_rank('{self.RANK_WEIGHTS}', e.document, q, 1), "  # noqa: S608
            "e.published_at FROM search_searchentry e, to_tsquery('simple', %s) q "
            f"WHERE e.document @@ q{extra} ORDER BY e.story_id DESC LIMIT %s"
        )
        with self.connection.cursor() as cursor:
            cursor.execute(sql, [tsquery, *params, window])
            return cursor.fetchall()

    def candidates(self, query: Query, filters: Filters, *, window: int, any_term=False):
        return _merge(
            [
                self._run(query.tsquery(any_term=any_term), filters, window),
                self._run(query.tsquery(any_term=any_term, weight="A"), filters, window),
            ],
            window,
        )

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
