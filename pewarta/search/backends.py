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
from django.db import DEFAULT_DB_ALIAS, connections, transaction

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


def _candidates(run, window: int, *, headline_pass: bool = True) -> Candidates:
    """The newest `window` matches; when there are more, also the newest headline matches
    (a quarter as many: headline weight makes them the likeliest older stories to rank).
    Queries of several words skip that pass: their matches are few and the pass is not."""
    rows = run(headline=False)
    if len(rows) < window or not headline_pass:
        return Candidates(list(map(Candidate._make, rows)), more=len(rows) >= window)
    best = {row[0]: row for row in rows}
    for row in run(headline=True):  # older stories whose headline matches
        if row[0] not in best or row[1] > best[row[0]][1]:
            best[row[0]] = row
    return Candidates(list(map(Candidate._make, best.values())), more=True)


_PG_STATS: dict[str, tuple[float, tuple]] = {}
WINDOW_HINT = 200
WALK_SHARE = 0.2
DF_CAP = 1_000  # document counts stop here: beyond it a term tells little


class _Backend:
    def __init__(self, using: str = DEFAULT_DB_ALIAS):
        self.connection = connections[using]


class SQLiteBackend(_Backend):
    """FTS5 finds the matches; the ranking is a BM25F over the candidates' stored terms.

    FTS5's own bm25() counts, for every query, all the stories holding each term (0.1 ms
    for a rare word, 20-50 ms for a common one in a million stories). Here the document
    frequencies are counted only up to DF_CAP and the term frequencies are read from the
    window's rows, so a query costs the same whatever its words."""

    name = "sqlite-fts5"

    def _run(self, match: str, filters: Filters, window: int) -> list[tuple]:
        extra, params = _filter_sql(filters, self.connection.ops)
        sql = (
            "SELECT search_fts.rowid, e.headline_terms, e.lead_terms, e.body_terms, "  # noqa: S608
            "(julianday(e.published_at) - 2440587.5) * 86400.0 FROM search_fts "
            "JOIN search_searchentry e ON e.story_id = search_fts.rowid "
            f"WHERE search_fts MATCH %s{extra} ORDER BY search_fts.rowid DESC LIMIT %s"
        )
        with self.connection.cursor() as cursor:
            cursor.execute(sql, [match, *params, window])
            return cursor.fetchall()

    def candidates(self, query: Query, filters: Filters, *, window: int, any_term=False):
        expression = query.fts5(any_term=any_term)
        weights: dict[str, float] | None = None

        def run(*, headline: bool):
            nonlocal weights
            match = f"headline_terms : ({expression})" if headline else expression
            rows = self._run(match, filters, _headline_window(window) if headline else window)
            if rows and weights is None:
                df, total = self.document_frequencies(sorted(query.terms))
                weights = {t: idf(df.get(t, 0), total) for t in query.terms}
            return [(row[0], bm25f(weights, row[1], row[2], row[3]), row[4]) for row in rows]

        return _candidates(run, window, headline_pass=len(query.groups) == 1)

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

    def _run(
        self, tsquery: str, column: str, filters: Filters, window: int, *, newest_first, min_id=0
    ):
        """The newest `window` matches, ranked. `newest_first`: walk the stories from the newest
        and test each (best when most stories match); otherwise collect every match through
        the GIN index and keep the newest (best when few do)."""
        extra, params = _filter_sql(filters, self.connection.ops)
        if min_id:
            extra += " AND e.story_id > %s"
            params.append(min_id)
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
            with self.connection.cursor() as cursor:
                cursor.execute(sql, [tsquery, tsquery, *params, window])
                return cursor.fetchall()
        # The CTE's query, then ranking's. The planner does not know that testing a row walked
        # through a b-tree means de-toasting its tsvector: keep it on the GIN bitmap.
        with transaction.atomic(using=self.connection.alias), self.connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_indexscan = off")
            cursor.execute(sql, [tsquery, *params, tsquery, window])
            rows = cursor.fetchall()
            cursor.execute("SET LOCAL enable_indexscan = on")
        return rows

    def candidates(self, query: Query, filters: Filters, *, window: int, any_term=False):
        tsquery = query.tsquery(any_term=any_term)
        share = self._share(query, any_term)
        newest_first = share >= self._crossover(window)

        def run(*, headline: bool):
            column = "headline_document" if headline else "document"
            size = _headline_window(window) if headline else window
            if newest_first or headline:
                return self._run(tsquery, column, filters, size, newest_first=newest_first)
            # Through GIN: first among the newest stories where ~3 windows of matches are
            # expected (fetching far fewer rows), then everywhere if that was not enough.
            recent = self._run(
                tsquery, column, filters, size, newest_first=False, min_id=self._recent(share)
            )
            if len(recent) >= size:
                return recent
            return self._run(tsquery, column, filters, size, newest_first=False)

        return _candidates(run, window, headline_pass=len(query.groups) == 1)

    def _recent(self, share: float) -> int:
        _freqs, _floor, size = self._stats()
        span = int(3 * WINDOW_HINT / max(share, 1e-6))
        return int(size) - span if span < size else 0

    def _crossover(self, window: int) -> float:
        """The share of matching stories above which walking from the newest story beats the
        GIN index. Walking tests window/share rows at ~12 us each (a de-toasted tsvector);
        the index path decodes share*N postings and fetches ~3 windows of rows. Measured on
        a million stories (bench_search), the two meet near a fifth."""
        return WALK_SHARE

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


K1, B, AVG_WORDS = 1.2, 0.5, 150.0


def bm25f(weights: dict[str, float], headline: str, lead: str, body: str) -> float:
    """BM25F of one story: term counts weighted per field (headline 10, lead 4, body 1),
    saturated, times the term's idf (`weights`). Fields are analysed terms joined by spaces."""
    fields = (f" {headline} ", f" {lead} ", f" {body} ")
    length = (headline.count(" ") + lead.count(" ") + body.count(" ") + 3) / AVG_WORDS
    norm = K1 * (1 - B + B * length)
    score = 0.0
    for term, weight in weights.items():
        needle = f" {term} "
        tf = (
            HEADLINE_WEIGHT * fields[0].count(needle)
            + LEAD_WEIGHT * fields[1].count(needle)
            + BODY_WEIGHT * fields[2].count(needle)
        )
        if tf:
            score += weight * tf * (K1 + 1) / (tf + norm)
    return score


def get_backend():
    return PostgresBackend() if settings.IS_POSTGRES else SQLiteBackend()


def idf(df: int, total: int) -> float:
    return math.log(1 + (total - df + 0.5) / (df + 0.5))
