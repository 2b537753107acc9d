"""Integrity: checking a 1,000-word piece against a large archive for lifted text.

    make bench                                      # 1,000,000 archive stories
    python -m bench integrity                       # the same
    PEWARTA_BENCH_INTEGRITY_STORIES=100000 python -m bench integrity

Targets (issue 15): a check p95 <= 20 ms; recall >= 0.95 on pieces lifting 30% of one
archive story (with reworded joins and a new opening); precision >= 0.95 with unrelated
pieces on the same topics in the mix; index build >= 2,000 stories/s.

The archive is generated (seeded), story by story, from Sastrawi's Indonesian roots in
affixed forms and made-up names: 200 topics, each with its own words and stock phrases that
its stories share (as real stories on one topic share names, places and set phrases), on a
Zipf-distributed general vocabulary with stopwords. Text is regenerated from a story's
number whenever the check wants it, so the database holds only the signatures (and the
stems of the words, stored by the build as the rebuild stores them). Each check runs in a
process that starts with no stem known, as a restarted worker does.

References, measured in the same run:
- an exact brute-force containment scan (every shingle of the piece against every shingle of
  each story) over a sample of the archive that includes each query's true source: its time
  per piece, scaled to the whole archive, and its recall/precision at the same thresholds;
- for the build rate, the search index's analysis (Sastrawi stems) of the same stories.

The big dataset is built once and reused (a marker table records what was built); only the
build-rate sample is rebuilt each run, in separate small databases. Everything stays in
var/bench/integrity/ (SQLite) and the PostgreSQL databases named by PEWARTA_BENCH_INTEGRITY_PG
(default pewarta_bench_integrity, plus `_build`).
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from contextlib import ExitStack
from multiprocessing import get_context
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = Path(os.environ.get("PEWARTA_BENCH_DIR", str(ROOT / "var" / "bench"))) / "integrity"
STORIES = int(os.environ.get("PEWARTA_BENCH_INTEGRITY_STORIES", "1000000"))
PG_URL = os.environ.get(
    "PEWARTA_BENCH_INTEGRITY_PG", "postgres://postgres@127.0.0.1:5432/pewarta_bench_integrity"
)
SEED = 20261130
TOPICS = 200
BATCH = 2000
PIECE_WORDS = 1000
LIFT = 0.30

_STOP_TEXT = """
    yang dan di ke dari ini itu dengan untuk pada akan tidak dalam juga oleh karena sudah telah
    bahwa atau ada saat bisa masih lebih para tersebut
"""
STOPWORDS = _STOP_TEXT.split()
_SYLLABLE_TEXT = """
    ba be bi bo bu da de di do du ga gi go gu ja jo ju ka ke ki ko ku la le li lo lu ma me mi
    mo mu na ne ni no nu pa pe pi po pu ra re ri ro ru sa se si so su ta te ti to tu wa wi ya
    yo ngan rang sung tan jaya karta rejo mulya
"""
SYLLABLES = _SYLLABLE_TEXT.split()
GLOBAL_PHRASES = [
    "kata dia kepada wartawan", "saat dikonfirmasi pada senin", "di kantornya pada selasa",
    "hingga berita ini diturunkan", "menurut keterangan pihak kepolisian",
    "dalam keterangan tertulis yang diterima", "kata kepala dinas setempat",
    "pada rabu pagi waktu setempat", "ujar dia saat ditemui di lokasi",
    "sebagaimana dilaporkan sebelumnya", "demikian disampaikan juru bicara",
    "ketika dihubungi melalui telepon", "di sela kegiatan pada kamis",
]  # fmt: skip


def _affixed(root: str) -> list[str]:
    first = root[0]
    if first in "bfvp":
        me = "mem" + (root[1:] if first == "p" else root)
    elif first in "dcjzt":
        me = "men" + (root[1:] if first == "t" else root)
    elif first == "s":
        me = "meny" + root[1:]
    elif first in "kaeiough":
        me = "meng" + (root[1:] if first == "k" else root)
    else:
        me = "me" + root
    return [root, me, me + "kan", "di" + root, "pe" + me[2:] + "an", "ber" + root, root + "nya"]


class Corpus:
    """Deterministic stories: `text(n)` is the same in every process and every run."""

    def __init__(self, seed: int = SEED):
        import Sastrawi

        rng = random.Random(seed)
        path = Path(Sastrawi.__file__).parent / "Stemmer" / "data" / "kata-dasar.txt"
        roots = sorted({w for w in path.read_text().split() if w.isalpha() and 4 <= len(w) <= 9})
        rng.shuffle(roots)
        vocab = []
        for root in roots[:9000]:
            vocab.extend(rng.sample(_affixed(root), 3))
        names = set()
        while len(names) < 20000:
            names.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).title())
        vocab.extend(sorted(names))
        rng.shuffle(vocab)
        ranks = np.arange(1, len(vocab) + 1, dtype=np.float64)
        cdf = np.cumsum(1 / ranks) / np.sum(1 / ranks)
        # Zipf draws through a table of the inverse distribution (one lookup a word).
        self.zipf = np.searchsorted(cdf, (np.arange(1 << 16) + 0.5) / (1 << 16))
        self.topic_words = [
            np.array(rng.sample(range(300, len(vocab)), 250), dtype=np.int64) for _ in range(TOPICS)
        ]
        phrases = []
        for t in range(TOPICS):
            words = [vocab[i] for i in self.topic_words[t]]
            phrases.extend(" ".join(rng.sample(words, rng.randint(3, 5))) for _ in range(40))
        # One table of everything a word slot can hold: words, stopwords, set phrases.
        self.stop_at = len(vocab)
        self.global_at = self.stop_at + len(STOPWORDS)
        self.topic_at = self.global_at + len(GLOBAL_PHRASES)
        self.table = np.array(vocab + STOPWORDS + GLOBAL_PHRASES + phrases, dtype=object)

    def words(self, g: np.random.Generator, topic: int, n: int) -> list[str]:
        """n words on `topic`: topical words, general Zipf words, stopwords, set phrases."""
        kind = g.random(n)
        general = self.zipf[g.integers(0, 1 << 16, n)]
        topical = self.topic_words[topic][g.integers(0, 250, n)]
        idx = np.where(kind < 0.3, topical, general)
        idx = np.where(kind > 0.78, self.stop_at + g.integers(0, len(STOPWORDS), n), idx)
        at = g.integers(0, n, max(1, n // 45))
        idx[at] = np.where(
            g.random(len(at)) < 0.7,
            self.topic_at + topic * 40 + g.integers(0, 40, len(at)),
            self.global_at + g.integers(0, len(GLOBAL_PHRASES), len(at)),
        )
        return self.table[idx].tolist()

    def sentences(self, g: np.random.Generator, topic: int, n_words: int) -> list[str]:
        words = self.words(g, topic, n_words)
        ends = np.cumsum(g.integers(10, 24, n_words // 10 + 1)).tolist()
        out, start = [], 0
        for end in ends:
            if start >= len(words):
                break
            out.append(" ".join(words[start:end]).capitalize() + ".")
            start = end
        return out

    @staticmethod
    def topic_of(n: int) -> int:
        return (n * 7919) % TOPICS

    def story_sentences(self, n: int) -> list[str]:
        g = np.random.default_rng([SEED, n])
        return self.sentences(g, self.topic_of(n), int(g.integers(250, 900)))

    def text(self, n: int) -> str:
        return " ".join(self.story_sentences(n))

    def lifted_piece(self, n: int, q: int) -> str:
        """A new 1,000-word piece: a new opening, 30% of story n's sentences in two runs,
        each lifted sentence's first words rewritten (reworded joins), new text between."""
        g = np.random.default_rng([SEED, 7, q])
        source = self.story_sentences(n)
        topic = self.topic_of(n)
        total = sum(len(s.split()) for s in source)
        run_a, run_b = [], []
        start = int(g.integers(0, max(1, len(source) // 2)))
        taken = 0
        i = start
        while taken < LIFT * total / 2 and i < len(source):
            run_a.append(source[i])
            taken += len(source[i].split())
            i += 1
        j = min(len(source) - 1, i + 2)
        while taken < LIFT * total and j < len(source):
            run_b.append(source[j])
            taken += len(source[j].split())
            j += 1
        if taken < LIFT * total:  # ran off the end: take earlier sentences too
            k = start - 1
            while taken < LIFT * total and k >= 0:
                run_a.insert(0, source[k])
                taken += len(source[k].split())
                k -= 1

        def reword(sentence: str) -> str:
            words = sentence.split()
            fresh = self.words(g, topic, 2)
            return " ".join(fresh + words[2:]).capitalize()

        opening = self.sentences(g, topic, 120)
        middle = self.sentences(g, topic, 60)
        lifted = [reword(s) for s in run_a] + middle + [reword(s) for s in run_b]
        used = sum(len(s.split()) for s in opening + lifted)
        closing = self.sentences(g, topic, max(20, PIECE_WORDS - used))
        return " ".join(opening + lifted + closing)

    def unrelated_piece(self, topic: int, q: int) -> str:
        g = np.random.default_rng([SEED, 11, q])
        return " ".join(self.sentences(g, topic, PIECE_WORDS))


# --- child process: one database ------------------------------------------------------------
def _setup(database_url: str, var_dir: Path, pg_url: str = "") -> list[str]:
    """Django on the bench databases only: `default` (SQLite in var_dir, or database_url)
    and, for the one-pass build, `pg`. Returns the aliases."""
    var_dir.mkdir(parents=True, exist_ok=True)
    os.environ["PEWARTA_VAR_DIR"] = str(var_dir)
    os.environ.pop("REDIS_URL", None)
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "pewarta.settings"
    import dj_database_url
    import django
    from django.conf import settings

    aliases = ["default"]
    if pg_url:
        settings.DATABASES["pg"] = dj_database_url.parse(pg_url)
        aliases.append("pg")
    django.setup()
    from django.core.management import call_command
    from django.db import connections

    for alias in aliases:
        call_command("migrate", database=alias, verbosity=0)
        with connections[alias].cursor() as c:
            if connections[alias].vendor == "sqlite":
                c.execute("PRAGMA cache_size=-1000000")  # 1 GB: the bands of a big archive
            c.execute("CREATE TABLE IF NOT EXISTS bench_meta (name varchar(40) PRIMARY KEY, "
                      "value text)")  # fmt: skip
    return aliases


def _meta(name: str, value=None, using: str = "default"):
    from django.db import connections

    with connections[using].cursor() as c:
        if value is None:
            c.execute("SELECT value FROM bench_meta WHERE name = %s", [name])
            row = c.fetchone()
            return json.loads(row[0]) if row else None
        c.execute("DELETE FROM bench_meta WHERE name = %s", [name])
        c.execute("INSERT INTO bench_meta (name, value) VALUES (%s, %s)", [name, json.dumps(value)])


_CORPUS = None


def _prepared(span: tuple[int, int]):
    """In a worker: signatures of stories start..end-1 and the stems of the words it met
    first (pure, no database)."""
    global _CORPUS
    from pewarta.integrity.index import prepare
    from pewarta.integrity.text import learned_take

    if _CORPUS is None:
        _CORPUS = Corpus()
    return [prepare("story", n, _CORPUS.text(n)) for n in range(*span)], learned_take()


def _finish(alias: str) -> None:
    from django.db import connections

    from pewarta.integrity.index import common_keys_refresh

    common_keys_refresh(using=alias)
    connection = connections[alias]
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        raw = connection.connection
        raw.autocommit = True
        raw.execute("VACUUM ANALYZE integrity_band")
        raw.execute("VACUUM ANALYZE integrity_fingerprint")
        raw.execute("VACUUM ANALYZE integrity_commonkey")
        raw.execute("VACUUM ANALYZE integrity_wordstem")  # autocommit stays on, as Django has it
    else:
        with connection.cursor() as c:
            c.execute("ANALYZE")


def build(stories: int, jobs: int, done: dict[str, int], wanted: dict) -> dict:
    """The archive's signatures, generated by `jobs` workers and inserted by this process
    into each database of `done` (alias -> stories it already holds: a stopped build goes on
    where it stopped). Progress is recorded with every batch."""
    from django.db import transaction

    from pewarta.integrity import index
    from pewarta.integrity.stems import stems_keep

    for alias, count in done.items():
        if count == 0:
            index.index_clear(using=alias)
    first = min(done.values()) + 1
    started, shown, made = time.perf_counter(), time.monotonic(), 0
    spans = [(s, min(s + BATCH, stories + 1)) for s in range(first, stories + 1, BATCH)]
    with ExitStack() as stack:
        for alias in done:  # PostgreSQL: the bands' key built once, at the end
            stack.enter_context(index.bulk_load(alias))
        pool = stack.enter_context(get_context("fork").Pool(jobs))
        for prepared, learned in pool.imap(_prepared, spans):
            last = prepared[-1][1]
            for alias, count in done.items():
                stems_keep(learned, using=alias)  # a resumed build: the words met before
                if last <= count:
                    continue
                with transaction.atomic(using=alias):
                    index.fingerprints_insert([p for p in prepared if p[1] > count], using=alias)
                    _meta("progress", {"wanted": wanted, "done": last}, using=alias)
            made += len(prepared)
            if time.monotonic() - shown > 120:
                rate = made / (time.perf_counter() - started)
                print(f"   ... {last:,}/{stories:,} ({rate:,.0f}/s)", file=sys.stderr, flush=True)
                shown = time.monotonic()
    for alias in done:
        _finish(alias)
    seconds = time.perf_counter() - started
    built_at = time.strftime("%Y-%m-%d %H:%M")
    return {"stories": stories, "seconds": seconds, "rate": made / max(seconds, 1e-9),
            "jobs": jobs, "databases": len(done), "built_at": built_at}  # fmt: skip


def build_rate(sample: int, jobs: int) -> dict:
    """The product's rebuild path (`fingerprints_bulk`) on a fresh index, in one process
    and with `jobs` signing processes; beside it the search index's analysis of the same
    texts (one process)."""
    from pewarta.integrity import index
    from pewarta.search.analysis import index_text

    corpus = Corpus()
    start = 5_000_000  # numbers the big archive does not use
    texts = [(n, corpus.text(n)) for n in range(start, start + sample)]
    for _n, text in texts:  # both with a warm stem cache, as a long rebuild has it
        index_text(text)
    rates = {}
    for workers in (1, jobs):
        index.index_clear()
        t0 = time.perf_counter()
        index.fingerprints_bulk((("story", n, text) for n, text in texts), jobs=workers)
        rates[workers] = sample / (time.perf_counter() - t0)
    t0 = time.perf_counter()
    for _n, text in texts:
        index_text(text)
    search = time.perf_counter() - t0
    index.index_clear()
    return {"ours": rates[1], "ours_jobs": rates[jobs], "jobs": jobs, "search": sample / search}


def _loader(corpus: Corpus):
    from pewarta.integrity.similarity import Source

    def load(ids):
        return {
            n: Source(
                kind="story",
                id=n,
                headline=f"Arsip {n}",
                url=f"/arsip/{n}",
                date="",
                writer="",
                text=corpus.text(n),
            )  # fmt: skip
            for n in ids
        }

    return load


def queries(corpus: Corpus, stories: int, count: int):
    rng = random.Random(SEED + 3)
    sources = rng.sample(range(1, stories + 1), count)
    lifted = [(corpus.lifted_piece(n, q), n) for q, n in enumerate(sources)]
    unrelated = [
        (corpus.unrelated_piece(corpus.topic_of(n), q), None) for q, n in enumerate(sources)
    ]
    return lifted, unrelated


def measure(stories: int, count: int) -> dict:
    from pewarta.integrity.similarity import check_text

    corpus = Corpus()
    load = _loader(corpus)
    lifted, unrelated = queries(corpus, stories, count)
    for text, _source in lifted[:20] + unrelated[:20]:  # warm caches (stems, pages)
        check_text(text, load_stories=load)
    times, found, reported, correct, flagged = [], 0, 0, 0, 0
    for text, source in lifted + unrelated:
        t0 = time.perf_counter()
        result = check_text(text, load_stories=load)
        times.append(time.perf_counter() - t0)
        ids = {m.source.id for m in result.matches}
        reported += len(ids)
        flagged += source is None and bool(ids)
        if source is not None and source in ids:
            found += 1
            correct += 1
    ordered = sorted(times)
    return {
        "p50_ms": statistics.median(ordered) * 1000,
        "p95_ms": ordered[int(round(0.95 * (len(ordered) - 1)))] * 1000,
        "recall": found / len(lifted),
        "precision": correct / reported if reported else 1.0,
        "false_on_unrelated": flagged / len(unrelated),
    }


def exact_reference(stories: int, count: int, sample: int, timed: int = 20) -> dict:
    """Brute force: exact shares of each piece against every story of a sample (which holds
    every query's true source). The scan is timed on `timed` pieces; the shares of all
    pieces are the same exact numbers, found faster through one sorted array."""
    from pewarta.integrity.similarity import min_share, min_shared
    from pewarta.integrity.text import distinct, shingle_hashes, term_ids

    corpus = Corpus()
    lifted, unrelated = queries(corpus, stories, count)
    rng = random.Random(SEED + 5)
    truth = {s for _t, s in lifted}
    others = [n for n in rng.sample(range(1, stories + 1), sample) if n not in truth]
    ids = sorted(truth | set(others[: sample - len(truth)]))
    sets = [distinct(shingle_hashes(term_ids(corpus.text(n)))) for n in ids]
    lengths = np.array([len(s) for s in sets])
    owner = np.repeat(np.arange(len(ids)), lengths)
    flat = np.concatenate(sets)
    order = np.argsort(flat, kind="stable")
    flat_sorted, owner_sorted = flat[order], owner[order]

    def shared_scan(piece):
        return np.bincount(owner[np.isin(flat, piece)], minlength=len(ids))

    def shared_sorted(piece):
        lo = np.searchsorted(flat_sorted, piece, side="left")
        hi = np.searchsorted(flat_sorted, piece, side="right")
        hit = np.concatenate(
            [owner_sorted[a:b] for a, b in zip(lo, hi, strict=True) if b > a]
            or [np.array([], dtype=np.int64)]
        )
        return np.bincount(hit, minlength=len(ids))

    pieces = lifted + unrelated
    times = []
    for text, _source in pieces[: timed // 2] + pieces[len(lifted) : len(lifted) + timed // 2]:
        t0 = time.perf_counter()
        shared_scan(distinct(shingle_hashes(term_ids(text))))
        times.append(time.perf_counter() - t0)
    found, reported, correct = 0, 0, 0
    for text, source in pieces:
        piece = distinct(shingle_hashes(term_ids(text)))
        shared = shared_sorted(piece)
        share = np.maximum(shared / np.maximum(lengths, 1), shared / max(len(piece), 1))
        hits = {ids[i] for i in np.flatnonzero((share >= min_share()) & (shared >= min_shared()))}
        reported += len(hits)
        if source is not None and source in hits:
            found += 1
            correct += 1
    per_piece = statistics.median(times)
    return {
        "sample": len(ids),
        "scan_ms": per_piece * 1000,
        "scan_full_ms": per_piece * 1000 * stories / len(ids),
        "recall": found / len(lifted),
        "precision": correct / reported if reported else 1.0,
    }


def _wanted(stories: int) -> dict:
    from pewarta.integrity.text import SCHEME

    return {"stories": stories, "seed": SEED, "scheme": SCHEME, "topics": TOPICS, "stems": 1}


def _progress(alias: str, wanted: dict) -> int:
    progress = _meta("progress", using=alias)
    return progress["done"] if progress and progress.get("wanted") == wanted else 0


def child_build(args) -> None:
    """Build the big archive where it is missing or stale (both databases in one pass)."""
    aliases = _setup("", BENCH_DIR / "sqlite", args.database_url)
    wanted = _wanted(args.stories)
    done = {}
    if args.only == "pg" and "pg" in aliases:  # SQLite's copy is left as it is
        aliases.remove("default")
    for alias in aliases:
        built = _meta("dataset", using=alias)
        if not built or {k: built.get(k) for k in wanted} != wanted:
            done[alias] = _progress(alias, wanted)
    if done:
        print(f"   building {args.stories:,} stories into {', '.join(done)} ...", file=sys.stderr)
        result = wanted | build(args.stories, args.jobs, done, wanted)
        for alias in done:
            _meta("dataset", result, using=alias)
    print(json.dumps({"built": list(done)}), flush=True)


def child(args) -> None:
    _setup(args.database_url, BENCH_DIR / "sqlite")
    wanted = _wanted(args.stories)
    built = _meta("dataset")
    if not built or {k: built.get(k) for k in wanted} != wanted:
        # A stopped build: measure what is there (counted, analysed) and say so.
        count = _progress("default", wanted)
        if not count:
            raise SystemExit(f"no archive for {args.stories:,} stories in {args.label}")
        if (_meta("finished") or {}).get("done") != count:
            _finish("default")
            _meta("finished", {"done": count})
        built = {"stories": count, "partial": True, "rate": 0, "jobs": 0, "seconds": 0,
                 "built_at": "-"}  # fmt: skip
    print(json.dumps({"label": args.label, "dataset": built,
                      "check": measure(built["stories"], args.queries)}), flush=True)  # fmt: skip


def child_build_rate(args) -> None:
    _setup(args.database_url, BENCH_DIR / (args.label + "-build"))
    build = build_rate(args.build_sample, args.jobs)
    print(json.dumps({"label": args.label, "build": build}), flush=True)


def child_reference(args) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "pewarta.settings"
    import django

    django.setup()
    print(json.dumps({"reference": exact_reference(args.stories, args.queries, args.sample)}))


# --- parent ---------------------------------------------------------------------------------
def _pg_ready(url: str) -> bool:
    import psycopg

    admin, name = url.rsplit("/", 1)[0] + "/postgres", url.rsplit("/", 1)[1]
    try:
        with psycopg.connect(admin, connect_timeout=3, autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')
        return True
    except psycopg.Error as exc:
        print(f"   PostgreSQL not reachable ({exc.__class__.__name__}): SQLite only.")
        return False


def _run(mode: str, args, label: str = "", url: str = "", stories: int = 0) -> dict:
    command = [sys.executable, "-m", "bench.bench_integrity", f"--{mode}",
               "--stories", str(stories or args.stories), "--queries", str(args.queries),
               "--sample", str(args.sample), "--build-sample", str(args.build_sample),
               "--jobs", str(args.jobs), "--label", label, "--database-url", url,
               "--only", args.only]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    out = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    sys.stderr.write("".join(line + "\n" for line in out.stderr.splitlines() if "INFO" not in line))
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    if out.returncode or not lines:
        raise RuntimeError(f"{mode} {label} failed: {out.stdout[-2000:]} {out.stderr[-2000:]}")
    return json.loads(lines[-1])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--stories", type=int, default=STORIES)
    parser.add_argument(
        "--queries", type=int, default=200, help="lifted pieces (and as many unrelated)"
    )
    parser.add_argument("--sample", type=int, default=20000, help="stories the exact scan reads")
    parser.add_argument("--build-sample", type=int, default=20000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--label", default="")
    parser.add_argument("--database-url", default="")
    parser.add_argument(
        "--only", default=os.environ.get("PEWARTA_BENCH_INTEGRITY_ONLY", ""), help="sqlite or pg"
    )
    parser.add_argument("--no-build", action="store_true", help="measure what is built")
    for mode in ("child", "build", "build-rate", "reference"):
        parser.add_argument(f"--{mode}", action="store_true")
    args = parser.parse_args(argv if argv is not None else [])
    if args.build:
        return child_build(args)
    if args.child:
        return child(args)
    if args.build_rate:
        return child_build_rate(args)
    if args.reference:
        return child_reference(args)

    targets = [("SQLite", "sqlite", "")]
    if args.only != "sqlite" and _pg_ready(PG_URL) and _pg_ready(PG_URL + "_build"):
        targets.append(("PostgreSQL", "pg", PG_URL))
    if args.only == "pg":
        targets = targets[1:]
    pg_url = next((url for _n, label, url in targets if label == "pg"), "")
    if not args.no_build:
        _run("build", args, "", pg_url)
    rows = []
    for name, label, url in targets:
        build = _run("build-rate", args, label, url + "_build" if url else "")["build"]
        rows.append((name, build, _run("child", args, label, url)))
    archive = min(result["dataset"]["stories"] for _n, _b, result in rows)
    reference = _run("reference", args, stories=archive)["reference"]
    partial = any(result["dataset"].get("partial") for _n, _b, result in rows)
    print(f"   archive {archive:,} stories{' (a build stopped early)' if partial else ''};"
          f" {args.queries} pieces lifting 30% of one story"
          f" + {args.queries} unrelated pieces on the same topics")  # fmt: skip
    print(f"   reference: exact containment scan over {reference['sample']:,} stories:"
          f" {reference['scan_ms']:.0f} ms a piece, {reference['scan_full_ms']:,.0f} ms scaled"
          f" to the archive; recall {reference['recall']:.3f}, precision"
          f" {reference['precision']:.3f}")  # fmt: skip
    header = f"   {'':<11}{'p50 ms':>8}{'p95 ms':>8}{'vs scan':>9}{'recall':>8}{'precis.':>8}"
    print(header + f"{'false+':>8}{'build/s':>9}{f'{args.jobs} proc.':>9}{'search/s':>9}")
    for name, build, result in rows:
        check, data = result["check"], result["dataset"]
        speedup = reference["scan_full_ms"] * data["stories"] / archive / max(check["p95_ms"], 1e-9)
        cells = (f"{check['p50_ms']:>8.1f}{check['p95_ms']:>8.1f}{speedup:>8,.0f}x"
                 f"{check['recall']:>8.3f}{check['precision']:>8.3f}"
                 f"{check['false_on_unrelated']:>8.3f}")  # fmt: skip
        rates = f"{build['ours']:>9,.0f}{build['ours_jobs']:>9,.0f}{build['search']:>9,.0f}"
        print(f"   {name:<11}{cells}{rates}")
        if not data.get("partial"):
            print(f"   {'':<11}archive of {data['stories']:,} built {data['built_at']}:"
                  f" {data['rate']:,.0f} stories/s with {data['jobs']} workers"
                  f" ({data['seconds']:,.0f} s)")  # fmt: skip
    print(f"   build/s: the rebuild in one process; {args.jobs} proc.: with --jobs {args.jobs};"
          " search/s: the search index's analysis of the same stories, one process")  # fmt: skip
    print("   targets: p95 <= 20 ms, recall >= 0.95, precision >= 0.95, build >= 2,000/s")


if __name__ == "__main__":
    main(sys.argv[1:])
