"""The API's public story list at 100,000 published stories, on SQLite and on PostgreSQL.

    make bench                       # BENCH_STORIES (default 100,000), both databases
    python -m bench api
    PEWARTA_BENCH_API_PG= python -m bench api      # SQLite only

`GET /api/v1/stories` through Django (test client: URL routing, ninja, the queries, JSON,
ETag), first page and a deep one by cursor, unfiltered and by section, tag and author; p95 of
40 requests, target <= 20 ms. Reference, in the same run: the same page read by
`reading.stories_rows` alone (its one query: the ORM's keyset subquery inside the page's SQL,
and the items' dicts; without URL routing, ninja, JSON and ETag).

SQLite: the reader-site bench's database (`bench_public.seed`, var/bench/public), created if
missing. PostgreSQL: the same synthetic stories in their own database `pewarta_bench_api`
(PEWARTA_BENCH_API_PG, a URL; empty to skip), created and seeded if missing, then vacuumed.
"""

import os
import statistics
import subprocess
import sys
import time

from bench import bench_public

REQUESTS = 40
TARGET_MS = 20.0
PG_URL = os.environ.get(
    "PEWARTA_BENCH_API_PG", "postgres://postgres@127.0.0.1:5432/pewarta_bench_api"
)


def _p95(samples):
    return statistics.quantiles(samples, n=20)[-1]


def _timed(fn) -> float:
    samples = []
    for _ in range(REQUESTS + 1):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return _p95(samples[1:])


def measure() -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from pewarta.api import reading

    client = Client()
    published = reading.Story.objects.published()
    print(f"   {connection.vendor}: {published.count():,} published stories; "
          f"{REQUESTS} requests per case")  # fmt: skip
    cases = [("all", {}), ("section berita", {"section": "berita"}),
             ("tag topik-1", {"tag": "topik-1"}), ("author penulis-warga-1",
             {"author": "penulis-warga-1"})]  # fmt: skip
    for name, params in cases:
        first = client.get("/api/v1/stories", params).json()
        deep_params = dict(params)
        for _ in range(50):  # 50 pages down, by cursor
            page = client.get("/api/v1/stories", deep_params).json()
            if not page["next_cursor"]:
                break
            deep_params["cursor"] = page["next_cursor"]
        assert first["items"], name

        def api(p=params):
            response = client.get("/api/v1/stories", p)
            assert response.status_code == 200
            return response

        def orm(p=params):
            return reading.stories_rows(p)

        page1, deep = _timed(api), _timed(lambda p=deep_params: api(p))
        reference = _timed(orm)
        verdict = "ok" if max(page1, deep) <= TARGET_MS else "ABOVE TARGET"
        print(f"   {name:<24} page 1 p95 {page1:6.1f} ms   page 51 p95 {deep:6.1f} ms   "
              f"(target <= {TARGET_MS:.0f} ms) {verdict}")  # fmt: skip
        print(f"   {'':<24} reference: the same query in the ORM, p95 {reference:6.1f} ms")


def _measure_env(**extra) -> dict:
    return bench_public._env(PEWARTA_PAGE_CACHE="0", PEWARTA_FRAGMENT_CACHE="0",
                             PEWARTA_RATE_LIMITS="api-read=1000000/60", **extra)  # fmt: skip


def _postgres_ready() -> bool:
    """Create the bench database if missing; False (and why) when the server does not answer."""
    import psycopg

    admin, name = PG_URL.rsplit("/", 1)[0] + "/postgres", PG_URL.rsplit("/", 1)[1]
    try:
        with psycopg.connect(admin, connect_timeout=3, autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as exc:
        print(f"   PostgreSQL not reachable at {PG_URL} ({exc.__class__.__name__}): skipped")
        return False
    return True


def _vacuum() -> None:
    """Bulk-loaded tables as autovacuum soon leaves them (visibility map set): index-only
    scans of the label links depend on it. A no-op when nothing changed since."""
    import psycopg

    with psycopg.connect(PG_URL, autocommit=True) as conn:
        for table in ("desk_story", "desk_revision", "desk_story_tags", "desk_story_authors"):
            conn.execute(f"VACUUM (ANALYZE) {table}")


def main() -> None:
    python = sys.executable
    bench_public._ensure_database()
    subprocess.run([python, "-m", "bench.bench_api", "measure"], env=_measure_env(), check=True)
    if not PG_URL:
        print("   PostgreSQL: skipped (PEWARTA_BENCH_API_PG is empty)")
        return
    if not _postgres_ready():
        return
    env = _measure_env(DATABASE_URL=PG_URL)
    subprocess.run(
        [python, "-m", "pewarta.cli", "migrate", "--no-input", "-v0"], env=env, check=True
    )
    started = time.perf_counter()
    seed = [python, "-m", "bench.bench_public", "seed", str(bench_public.STORIES)]
    subprocess.run(seed, env=env, check=True)
    _vacuum()
    print(f"   PostgreSQL database ready ({time.perf_counter() - started:.0f} s)")
    subprocess.run([python, "-m", "bench.bench_api", "measure"], env=env, check=True)


if __name__ == "__main__":
    if sys.argv[1:] == ["measure"]:
        measure()
    else:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pewarta.settings")
        main()
