"""Search: query latency and index build rate on synthetic Indonesian stories.

    make bench                                   # 100,000 stories, SQLite and PostgreSQL
    python -m bench.bench_search --stories 1000000
    PEWARTA_BENCH_STORIES=1000000 make bench

Stories are generated (seeded) from Sastrawi's list of Indonesian roots, affixed the way the
language does it (meN-, di-, ber-, pe-an, ke-an, -kan, -i), mixed with stopwords and with
made-up place and person names, word frequencies following Zipf's law. The same text is
indexed by Pewarta's SQLite FTS5 and PostgreSQL backends, and, as the reference measured in
the same run, by a naive FTS5 table of the raw text (no stemming, no stopwords, full bm25
ranking) and a naive PostgreSQL table using the built-in `indonesian` configuration.

The work runs in a child process with its own environment, so that it can only ever touch
the bench databases: a SQLite file under var/bench/ and the PostgreSQL database
`pewarta_bench` (PEWARTA_BENCH_PG to change it).
"""

import argparse
import multiprocessing
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = Path(os.environ.get("PEWARTA_BENCH_DIR", str(ROOT / "var" / "bench")))
DEFAULT_STORIES = int(os.environ.get("PEWARTA_BENCH_STORIES", "100000"))
PG_URL = os.environ.get("PEWARTA_BENCH_PG", "postgres://postgres@127.0.0.1:5432/pewarta_bench")
BATCH = 2000
SEED = 20261128


# --- the synthetic corpus ------------------------------------------------------------------
SYLLABLE_TEXT = (
    "ba be bi bo bu da de di do du ga gi go gu ja jo ju ka ke ki ko ku la le li lo lu ma me mi"
    " mo mu na ne ni no nu pa pe pi po pu ra re ri ro ru sa se si so su ta te ti to tu wa wi"
    " ya yo ngan rang sung tan jaya karta rejo mulya wangi sari harja kerta"
)
SYLLABLES = SYLLABLE_TEXT.split()
STOP_WEIGHTS = {"yang": 8, "dan": 7, "di": 7, "ke": 4, "dari": 5, "ini": 3, "itu": 3,
                "dengan": 4, "untuk": 4, "pada": 3, "akan": 2, "tidak": 3, "dalam": 3,
                "juga": 2, "oleh": 2, "karena": 1, "sudah": 1, "telah": 2, "bahwa": 2}  # fmt: skip


def _nasal(root: str) -> str:
    """meN- before a root, with the nasal assimilation Indonesian spelling shows."""
    first = root[0]
    if first in "bfv":
        return "mem" + root
    if first == "p":
        return "mem" + root[1:]
    if first in "dcjz":
        return "men" + root
    if first == "t":
        return "men" + root[1:]
    if first == "s":
        return "meny" + root[1:]
    if first == "k":
        return "meng" + root[1:]
    if first in "aeiough":
        return "meng" + root
    return "me" + root


def _forms(root: str) -> list[str]:
    me = _nasal(root)
    pe = "pe" + me[2:]
    return [root, me, me + "kan", "di" + root, pe + "an", "ke" + root + "an", "ber" + root,
            root + "an", me + "i", "di" + root + "kan"]  # fmt: skip


class Corpus:
    """Deterministic stories: Zipf-distributed roots (in affixed forms) and names."""

    def __init__(self, seed: int = SEED, roots: int = 12_000, names: int = 60_000):
        import Sastrawi

        rng = random.Random(seed)
        path = Path(Sastrawi.__file__).parent / "Stemmer" / "data" / "kata-dasar.txt"
        words = sorted({w for w in path.read_text().split() if w.isalpha() and 4 <= len(w) <= 9})
        rng.shuffle(words)
        made: set[str] = set()
        while len(made) < names:
            made.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).title())
        root_list = words[:roots]
        tail = root_list[300:] + sorted(made)
        rng.shuffle(tail)
        # Rank 1..V: the 300 commonest are roots; below them roots and names mix.
        self.vocab: list[list[str]] = [_forms(w) for w in root_list[:300]] + [
            [w] if w[0].isupper() else _forms(w) for w in tail
        ]
        self.cum: list[float] = []
        total = 0.0
        for rank in range(1, len(self.vocab) + 1):
            total += 1.0 / rank
            self.cum.append(total)
        self.stops = list(STOP_WEIGHTS)
        self.stop_cum = []
        acc = 0
        for w in self.stops:
            acc += STOP_WEIGHTS[w]
            self.stop_cum.append(acc)
        self.rng = rng
        self.start = datetime(2021, 1, 1, tzinfo=UTC)

    def _words(self, n: int) -> str:
        rng = self.rng
        ids = rng.choices(range(len(self.vocab)), cum_weights=self.cum, k=n)
        stops = rng.choices(self.stops, cum_weights=self.stop_cum, k=n)
        out = []
        for i, stop in zip(ids, stops, strict=True):
            forms = self.vocab[i]
            r = rng.random()
            out.append(forms[0] if len(forms) == 1 or r < 0.4 else rng.choice(forms))
            if r > 0.7:
                out.append(stop)
        return " ".join(out)

    def story(self, n: int, total: int) -> tuple:
        headline = self._words(7).capitalize()
        lead = self._words(20).capitalize() + "."
        body = ". ".join(self._words(22).capitalize() for _ in range(5)) + "."
        published = self.start + timedelta(minutes=int(n * (5 * 365 * 24 * 60) / max(total, 1)))
        return n, headline, lead, body, published

    def word(self, rank: int) -> str:
        """A surface form of the word at Zipf `rank` (1 = commonest)."""
        forms = self.vocab[rank - 1]
        return forms[1] if len(forms) > 1 else forms[0]

    def expected_df(self, rank: int, tokens: int = 130) -> float:
        p = (1.0 / rank) / self.cum[-1]
        return 1 - (1 - p) ** tokens


def query_sets(corpus: Corpus, per_class: int, seed: int = SEED) -> dict[str, list[str]]:
    rng = random.Random(seed + 1)
    vocab = len(corpus.vocab)

    def pick(lo, hi, n):
        return [corpus.word(r) for r in rng.sample(range(lo, min(hi, vocab)), n)]

    rare = pick(40_000, vocab, per_class)  # ~0.02% of stories
    mid = pick(800, 1_500, per_class)  # ~1%
    common = pick(5, 40, min(per_class, 35))  # 25-90%
    common = (common * (per_class // len(common) + 1))[:per_class]
    two = [f"{a} {b}" for a, b in zip(pick(800, 1_500, per_class), common, strict=True)]
    return {"rare": rare, "mid": mid, "common": common, "two words": two}


# --- the child process: build and measure -------------------------------------------------
def _setup(with_pg: bool):
    os.environ["PEWARTA_VAR_DIR"] = str(BENCH_DIR)
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("REDIS_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "pewarta.settings"
    import dj_database_url
    import django
    from django.conf import settings

    if with_pg:
        settings.DATABASES["bench_pg"] = dj_database_url.parse(PG_URL)
    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if with_pg:
        call_command("migrate", database="bench_pg", verbosity=0)


def _pg_reachable() -> bool:
    import psycopg

    admin = PG_URL.rsplit("/", 1)[0] + "/postgres"
    name = PG_URL.rsplit("/", 1)[1]
    try:
        with psycopg.connect(admin, connect_timeout=3, autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')
        return True
    except psycopg.Error as exc:
        print(f"   PostgreSQL not reachable ({exc.__class__.__name__}): SQLite only.")
        return False


ENTRY_COLUMNS = (
    "story_id, headline_terms, lead_terms, body_terms, section_id, kind, published_at, indexed_at"
)


def _generate(span: tuple[int, int, int]):
    """In a worker process: one batch of stories and their analysed terms (seeded per batch)."""
    global _CORPUS
    from pewarta.search.analysis import index_text

    if _CORPUS is None:
        _CORPUS = Corpus()
    start, end, total = span
    _CORPUS.rng = random.Random(SEED * 1000 + start)
    batch = [_CORPUS.story(n, total) for n in range(start, end)]
    t0 = time.process_time()
    rows = [
        (n, index_text(h), index_text(le), index_text(b), 1, "berita", p, p)
        for n, h, le, b, p in batch
    ]
    return batch, rows, time.process_time() - t0


_CORPUS = None


def _insert(lite, pg, batch, rows, timing, with_pg_naive, t1):
    with lite.cursor() as c:
        c.execute("BEGIN")
        c.executemany(
            f"INSERT INTO search_searchentry ({ENTRY_COLUMNS}) VALUES (?,?,?,?,?,?,?,?)",
            [(*r[:6], r[6].isoformat(" "), r[7].isoformat(" ")) for r in rows],
        )
        c.execute("COMMIT")
    t2 = time.perf_counter()
    with lite.cursor() as c:
        c.execute("BEGIN")
        c.executemany(
            "INSERT INTO bench_naive (rowid, headline, lead, body) VALUES (?,?,?,?)",
            [b[:4] for b in batch],
        )
        c.execute("COMMIT")
    t3 = time.perf_counter()
    timing["sqlite"] += t2 - t1
    timing["naive"] += t3 - t2
    if pg is not None:
        raw = pg.connection if pg.connection else (pg.ensure_connection() or pg.connection)
        with (
            raw.cursor() as c,
            c.copy(f"COPY search_searchentry ({ENTRY_COLUMNS}) FROM STDIN") as cp,
        ):
            for r in rows:
                cp.write_row(r)
        raw.commit()
        t4 = time.perf_counter()
        if with_pg_naive:
            with (
                raw.cursor() as c,
                c.copy("COPY bench_indonesian (id, headline, lead, body) FROM STDIN") as cp,
            ):
                for b in batch:
                    cp.write_row(b[:4])
            raw.commit()
        t5 = time.perf_counter()
        timing["pg"] += t4 - t3
        timing["pg_indonesian"] += t5 - t4


def build(stories: int, with_pg: bool, *, jobs: int, with_pg_naive: bool) -> dict[str, float]:
    from django.db import connections

    lite, timing = (
        connections["default"],
        dict.fromkeys(
            ["analysis", "sqlite", "naive", "pg", "pg_indonesian", "optimize", "pg_analyze"], 0.0
        ),
    )
    with lite.cursor() as c:
        c.execute("DROP TABLE IF EXISTS bench_naive")
        c.execute("CREATE VIRTUAL TABLE bench_naive USING fts5(headline, lead, body)")
    if with_pg:
        pg = connections["bench_pg"]
        with pg.cursor() as c:
            c.execute("TRUNCATE search_searchentry")
            # Bulk load first, then build the GIN index once (timed below), as a reindex would.
            c.execute("DROP INDEX IF EXISTS search_entry_document_gin")
            c.execute("DROP INDEX IF EXISTS search_entry_headline_gin")
            c.execute("DROP TABLE IF EXISTS bench_indonesian")
            c.execute(
                "CREATE TABLE bench_indonesian (id bigint PRIMARY KEY, headline text, lead text, "
                "body text, document tsvector GENERATED ALWAYS AS ("
                "setweight(to_tsvector('indonesian', headline), 'A') || "
                "setweight(to_tsvector('indonesian', lead), 'B') || "
                "setweight(to_tsvector('indonesian', body), 'C')) STORED)"
            )
    done, shown = 0, time.monotonic()
    spans = [
        (start, min(start + BATCH, stories + 1), stories) for start in range(1, stories + 1, BATCH)
    ]
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        for batch, rows, analysis_seconds in pool.imap(_generate, spans):
            t1 = time.perf_counter()
            timing["analysis"] += analysis_seconds
            _insert(lite, pg if with_pg else None, batch, rows, timing, with_pg_naive, t1)
            done += len(batch)
            if time.monotonic() - shown > 60:
                print(f"   ... {done:,}/{stories:,} stories indexed", flush=True)
                shown = time.monotonic()
    t0 = time.perf_counter()
    with lite.cursor() as c:
        c.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
        c.execute("INSERT INTO bench_naive(bench_naive) VALUES ('optimize')")
    timing["optimize"] = time.perf_counter() - t0
    if with_pg:
        pg.ensure_connection()
        raw = pg.connection
        t0 = time.perf_counter()
        with raw.cursor() as c:
            c.execute(
                "CREATE INDEX search_entry_document_gin ON search_searchentry USING gin (document)"
            )
            c.execute(
                "CREATE INDEX search_entry_headline_gin ON search_searchentry "
                "USING gin (headline_document)"
            )
            raw.commit()
            t1 = time.perf_counter()
            if with_pg_naive:
                c.execute(
                    "CREATE INDEX bench_indonesian_gin ON bench_indonesian USING gin (document)"
                )
                raw.commit()
        timing["pg"] += t1 - t0
        timing["pg_indonesian"] += time.perf_counter() - t1
        t0 = time.perf_counter()
        raw.autocommit = True
        raw.execute("VACUUM ANALYZE search_searchentry")
        if with_pg_naive:
            raw.execute("VACUUM ANALYZE bench_indonesian")
        # Autocommit stays on: that is the state Django believes its connection is in. Turning
        # it off behind Django's back left the driver in a transaction (INTRANS) after the next
        # query, and the backend's atomic() then failed to switch autocommit ("can't change
        # 'autocommit' now"). Requests never meet that state: only this bench touched the
        # driver's autocommit directly.
        timing["pg_analyze"] = time.perf_counter() - t0
    return timing


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return statistics.median(ordered) * 1000, p95 * 1000


def _timed(fn, queries: list[str], rounds: int) -> tuple[float, float]:
    for q in queries:  # warm the page cache and the stem cache once
        fn(q)
    samples = []
    for _ in range(rounds):
        for q in queries:
            t0 = time.perf_counter()
            fn(q)
            samples.append(time.perf_counter() - t0)
    return _percentiles(samples)


def measure(
    stories: int, with_pg: bool, per_class: int, rounds: int, *, with_pg_naive: bool
) -> list[tuple]:
    from django.db import connections
    from django.utils import timezone

    from pewarta.search import ranking
    from pewarta.search.analysis import parse_query
    from pewarta.search.api import WINDOW
    from pewarta.search.backends import Filters, PostgresBackend, SQLiteBackend

    def pewarta(backend):
        def run(text):
            query = parse_query(text)
            found = backend.candidates(query, Filters(), window=WINDOW)
            return ranking.rank(found.items, timezone.now())[:10]

        return run

    lite = connections["default"]

    def naive(text):
        match = " AND ".join(f'"{w}"' for w in text.split())
        with lite.cursor() as c:
            c.execute(
                "SELECT rowid FROM bench_naive WHERE bench_naive MATCH ? "
                "ORDER BY bm25(bench_naive, 10.0, 4.0, 1.0) LIMIT 10",
                [match],
            )
            return c.fetchall()

    def naive_count(text):
        match = " AND ".join(f'"{w}"' for w in text.split())
        with lite.cursor() as c:
            c.execute("SELECT count(*) FROM bench_naive WHERE bench_naive MATCH ?", [match])
            return c.fetchone()[0]

    columns = [("naive FTS5", naive), ("Pewarta SQLite", pewarta(SQLiteBackend("default")))]
    if with_pg:
        pg = connections["bench_pg"]

        def pg_indonesian(text):
            with pg.cursor() as c:
                c.execute(
                    "SELECT id FROM bench_indonesian, plainto_tsquery('indonesian', %s) q "
                    "WHERE document @@ q ORDER BY ts_rank('{0, 0.1, 0.4, 1}', document, q, 1) "
                    "DESC LIMIT 10",
                    [text],
                )
                return c.fetchall()

        columns.append(("Pewarta PG", pewarta(PostgresBackend("bench_pg"))))
        if with_pg_naive:
            columns.append(("naive PG indonesian", pg_indonesian))
    rows = []
    for name, queries in query_sets(Corpus(), per_class).items():
        matches = statistics.median(naive_count(q) for q in queries)
        rows.append((name, matches, [(col, *_timed(fn, queries, rounds)) for col, fn in columns]))
    related_cells = [("naive FTS5", float("nan"), float("nan"))]
    ids = [str(i) for i in random.Random(SEED + 2).sample(range(1, stories + 1), per_class)]
    backends = [("Pewarta SQLite", SQLiteBackend("default"))]
    if with_pg:
        backends.append(("Pewarta PG", PostgresBackend("bench_pg")))
    for col, backend in backends:
        related_cells.append((col, *_timed(_related(lite, backend), ids, rounds)))
    if with_pg and with_pg_naive:
        related_cells.append(("naive PG indonesian", float("nan"), float("nan")))
    rows.append(("related", float("nan"), related_cells))
    return rows


def _related(lite, backend):
    from pewarta.search.related import related_ids, term_weights

    def run(story_id):
        with lite.cursor() as c:
            c.execute(
                "SELECT headline_terms, lead_terms, body_terms FROM search_searchentry "
                "WHERE story_id = ?",
                [int(story_id)],
            )
            fields = [text.split() for text in c.fetchone()]
        found = related_ids(term_weights(*fields), backend=backend, story_id=int(story_id),
                            indexed=True)  # fmt: skip
        return found[:5]

    return run


def report(
    stories: int, timing: dict, rows: list[tuple], with_pg: bool, with_pg_naive: bool
) -> None:
    from pewarta.search.stemcheck import report as stem_report

    print("   Stemmer choice (root list of pewarta/search/stemcheck.py):")
    for line in stem_report().splitlines():
        print(f"     {line}")
    rate = lambda seconds: f"{stories / seconds:,.0f} stories/s" if seconds else "-"  # noqa: E731
    print(f"   Index build, {stories:,} stories (each ~190 words):")
    print(
        f"     analysis (Sastrawi stems, cached; stopwords) {rate(timing['analysis'])} "
        "per core (CPU time, in worker processes)"
    )
    print(
        f"     Pewarta SQLite: insert {rate(timing['sqlite'])}, with analysis "
        f"{rate(timing['analysis'] + timing['sqlite'])}; optimize {timing['optimize']:.1f} s"
    )
    print(f"     naive FTS5 (reference): insert {rate(timing['naive'])}")
    if with_pg:
        print(
            f"     Pewarta PG: COPY + GIN {rate(timing['pg'])}, with analysis "
            f"{rate(timing['analysis'] + timing['pg'])}; "
            f"VACUUM ANALYZE {timing['pg_analyze']:.1f} s"
        )
        if with_pg_naive:
            print(
                "     naive PG 'indonesian' (reference): COPY + GIN "
                f"{rate(timing['pg_indonesian'])}"
            )
    print("   Query latency, ms p50 / p95 (top 10; matches = median stories matching, naive):")
    header = f"     {'class':10} {'matches':>8}"
    for col, *_ in rows[0][2]:
        header += f" | {col:>20}"
    print(header + " | SQLite p50 vs naive")
    for name, matches, cells in rows:
        line = (
            f"     {name:10} {matches:>8,.0f}" if matches == matches else f"     {name:10} {'':>8}"
        )
        for _col, p50, p95 in cells:
            line += f" | {p50:>9.2f} / {p95:>8.2f}" if p50 == p50 else f" | {'-':>20}"
        ratio = cells[1][1] / cells[0][1] if cells[0][1] == cells[0][1] else None
        print(line + (f" | {ratio:.2f}x" if ratio else " | -"))
    print("   Targets: p50 <= 10 ms, p95 <= 50 ms per class (Pewarta columns).")


def worker(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench_search")
    parser.add_argument("--stories", type=int, default=DEFAULT_STORIES)
    parser.add_argument("--queries", type=int, default=40, help="queries per class")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--reuse", action="store_true", help="measure the existing bench index")
    parser.add_argument("--no-pg", action="store_true")
    parser.add_argument(
        "--no-pg-naive", action="store_true", help="skip the PostgreSQL 'indonesian' reference"
    )
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    args = parser.parse_args(argv)
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    with_pg = not args.no_pg and _pg_reachable()
    if not args.reuse:
        for suffix in ("", "-wal", "-shm"):
            (BENCH_DIR / f"pewarta.sqlite3{suffix}").unlink(missing_ok=True)
    _setup(with_pg)
    print(f"   {args.stories:,} synthetic stories; SQLite {BENCH_DIR / 'pewarta.sqlite3'}", end="")
    print(f"; PostgreSQL {PG_URL.rsplit('/', 1)[1]}" if with_pg else "", flush=True)
    naive_pg = with_pg and not args.no_pg_naive
    timing = (
        {} if args.reuse else build(args.stories, with_pg, jobs=args.jobs, with_pg_naive=naive_pg)
    )
    rows = measure(args.stories, with_pg, args.queries, args.rounds, with_pg_naive=naive_pg)
    report(
        args.stories,
        timing or dict.fromkeys(["analysis"], 0.0) | _NO_TIMING,
        rows,
        with_pg,
        naive_pg,
    )
    return 0


_NO_TIMING = dict.fromkeys(
    ["sqlite", "naive", "pg", "pg_indonesian", "optimize", "pg_analyze"], 0.0
)


def main(argv: list[str] | None = None) -> None:
    """Run the measurement in a clean child process (only the bench databases are touched)."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env["PEWARTA_VAR_DIR"] = str(BENCH_DIR)
    command = [sys.executable, "-m", "bench.bench_search", "--worker", *(argv or [])]
    result = subprocess.run(command, cwd=ROOT, env=env, check=False)
    if result.returncode:
        raise RuntimeError(f"bench_search worker exited with {result.returncode}")


if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["--worker"]:
        sys.exit(worker(args[1:]))
    main(args)
