"""The index queries, one backend per database, behind one interface.

Both backends return *candidates*: matching stories with a text relevance (higher is
better) and their publication time; `ranking.py` turns them into the final order. To stay
fast on common words in a large archive, a backend looks at the newest `window` matches
(by story id, which follows arrival) plus the newest `window` headline matches, rather than
scoring every match: for a news archive the answer a reader wants is almost always there,
and headline matches from any year are kept.
"""

import math
import time
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


def _headline_window(window: int) -> int:
    return max(window // 4, 20)


def _candidates(run, window: int) -> Candidates:
    """The newest `window` matches; when there are more, also the newest headline matches
    (a quarter as many: headline weight makes them the likeliest older stories to rank)."""
    rows = run(headline=False)
    if len(rows) < window:
        return Candidates(list(map(Candidate._make, rows)), more=False)
    best = {row[0]: row for row in rows}
    for row in run(headline=True):  # older stories whose headline matches
        if row[0] not in best or row[1] > best[row[0]][1]:
            best[row[0]] = row
    return Candidates(list(map(Candidate._make, best.values())), more=True)


_PG_STATS: dict[str, tuple[float, tuple]] = {}
DF_CAP = 1_000  # document counts stop here: beyond it a term tells little


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
            return self._run(match, filters, _headline_window(window) if headline else window)

        return _candidates(run, window)

    def document_frequencies(self, terms: list[str]) -> tuple[dict[str, int], int]:
        """Document counts per term, capped at DF_CAP (only their order matters to the
        caller). Counting stops at the cap, which fts5vocab cannot do: 30x faster."""
        if not terms:
            return {}, 0
        found = {}
        with self.connection.cursor() as cursor:
            for term in terms:
                cursor.execute(
                    "SELECT count(*) FROM (SELECT 1 FROM search_fts WHERE search_fts MATCH %s "
                    "LIMIT %s)",
                    [f'"{term}"', DF_CAP],
                )
                found[term] = cursor.fetchone()[0]
            total = _archive_size(cursor)
        return found, total


class PostgresBackend(_Backend):
    """A weighted tsvector (A headline, B lead, C body) under GIN, ranked by ts_rank; a
    headline-only tsvector with its own GIN index for the headline pass."""

    name = "postgres-tsvector"
    # ts_rank weights for {D, C, B, A}, in proportion to the SQLite column weights.
    RANK_WEIGHTS = "{0.0, 0.1, 0.4, 1.0}"

    def _rank_sql(self, matches: str) -> str:
        # Rank only the rows the window keeps: ts_rank reads the whole (toasted) tsvector.
        return (
            f"SELECT s.story_id, ts_rank('{self.RANK_WEIGHTS}', s.document, "  # noqa: S608
            "to_tsquery('simple', %s), 1), extract(epoch FROM s.published_at)::float8 "
            f"FROM ({matches}) top JOIN search_searchentry s ON s.story_id = top.story_id"
        )

    def _run(self, tsquery: str, column: str, filters: Filters, window: int, *, newest_first):
        """The newest `window` matches, ranked. `newest_first`: walk the stories from the newest
        and test each (best when most stories match); otherwise collect every match through
        the GIN index and keep the newest (best when few do)."""
        extra, params = _filter_sql(filters, self.connection.ops)
        match = f"e.{column} @@ to_tsquery('simple', %s){extra}"
        if newest_first:
            matches = (
                f"SELECT e.story_id FROM search_searchentry e WHERE {match} "  # noqa: S608
                "ORDER BY e.story_id DESC LIMIT %s"
            )
            sql = self._rank_sql(matches)
        else:
            sql = (
                "WITH m AS MATERIALIZED (SELECT e.story_id FROM search_searchentry e "  # noqa: S608
                f"WHERE {match}) "
                + self._rank_sql("SELECT story_id FROM m ORDER BY story_id DESC LIMIT %s")
            )
        if newest_first:  # ranking's query, then the matching one
            args = [tsquery, tsquery, *params, window]
        else:  # the CTE's query, then ranking's
            args = [tsquery, *params, tsquery, window]
        with self.connection.cursor() as cursor:
            cursor.execute(sql, args)
            return cursor.fetchall()

    def candidates(self, query: Query, filters: Filters, *, window: int, any_term=False):
        tsquery = query.tsquery(any_term=any_term)
        newest_first = self._share(query, any_term) >= self._crossover(window)

        def run(*, headline: bool):
            column = "headline_document" if headline else "document"
            size = _headline_window(window) if headline else window
            return self._run(tsquery, column, filters, size, newest_first=newest_first)

        return _candidates(run, window)

    def _crossover(self, window: int) -> float:
        """The share of matching stories above which walking from the newest beats the GIN
        index: the walk tests about window/share rows (~9x dearer each: de-toasting), the index
        fetches share*N narrow rows. Equal at share = sqrt(9 * window / N)."""
        _freqs, _floor, size = self._stats()
        return math.sqrt(9 * window / max(size, 1.0))

    def _share(self, query: Query, any_term: bool) -> float:
        """Estimated share of stories matching, from PostgreSQL's statistics of the column."""
        freqs, floor, _size = self._stats()

        def term(t):
            return freqs.get(t, floor)

        groups = [max(min(term(t) for t in alt) for alt in group) for group in query.groups]
        if not groups:
            return 0.0
        return min(1.0, sum(groups)) if any_term else min(groups)

    def _stats(self) -> tuple[dict[str, float], float, float]:
        key = self.connection.alias
        cached = _PG_STATS.get(key)
        if cached and time.monotonic() - cached[0] < 600:
            return cached[1]
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
                "WHERE tablename = 'search_searchentry' AND attname = 'document'"
            )
            row = cursor.fetchone()
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'search_searchentry'")
            size = float((cursor.fetchone() or [0])[0] or 0)
        if row and row[0]:
            elems, values = row
            freqs = dict(zip(elems, values[: len(elems)], strict=True))
            floor = min(values[: len(elems)])
        else:  # not analysed yet: a small table, where either way is fast
            freqs, floor = {}, 0.0
        stats = (freqs, floor, max(size, 1.0))
        _PG_STATS[key] = (time.monotonic(), stats)
        return stats

    def document_frequencies(self, terms: list[str]) -> tuple[dict[str, int], int]:
        """Document counts per term, capped at DF_CAP (only their order matters to the
        caller): common terms from the column statistics, the others counted."""
        if not terms:
            return {}, 0
        freqs, _floor, size = self._stats()
        found = {t: min(int(freqs[t] * size), DF_CAP) for t in terms if t in freqs}
        rest = [t for t in terms if t not in found]
        with self.connection.cursor() as cursor:
            if rest:
                cursor.execute(
                    "SELECT t, (SELECT count(*) FROM (SELECT 1 FROM search_searchentry "
                    "WHERE document @@ to_tsquery('simple', quote_literal(t)) LIMIT %s) s) "
                    "FROM unnest(%s::text[]) t",
                    [DF_CAP, rest],
                )
                found.update(cursor.fetchall())
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
