"""Listing pages at 1,000,000 stories on PostgreSQL: page 1 and page 5,000 alike.

    make bench                                            # 1,000,000 stories
    PEWARTA_BENCH_LISTING_STORIES=200000 python -m bench listings

Section, tag and author listings walk by keyset (`?sebelum=<cursor>`, public/listing.py) over
partial indexes of published stories. Each page is requested through Django (page cache
off, so every request runs the view and its queries) and timed; p95 target <= 50 ms for the
first page and for a deep one (the 5,000th of a section; the last of a tag or an author).
Reference, in the same run: the same deep page fetched the way listings used to, by OFFSET.

The stories are the reader-site bench's synthetic ones (bench_public.seed, bulk inserts), in
their own PostgreSQL database `pewarta_bench_listings` (PEWARTA_BENCH_LISTINGS_PG).
"""

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STORIES = int(os.environ.get("PEWARTA_BENCH_LISTING_STORIES", "1000000"))
PG_URL = os.environ.get(
    "PEWARTA_BENCH_LISTINGS_PG", "postgres://postgres@127.0.0.1:5432/pewarta_bench_listings"
)
REQUESTS = 40
TARGET_MS = 50.0


def _env() -> dict:
    env = dict(os.environ)
    env.pop("REDIS_URL", None)
    env.update(
        DATABASE_URL=PG_URL,
        DJANGO_SETTINGS_MODULE="pewarta.settings",
        PEWARTA_VAR_DIR=str(ROOT / "var" / "bench" / "listings"),
        PEWARTA_PAGE_CACHE="0",
        PEWARTA_FRAGMENT_CACHE="0",
        LOG_LEVEL="WARNING",
        DEBUG="0",
    )
    return env


def _create_database() -> None:
    import psycopg

    name = PG_URL.rsplit("/", 1)[1]
    admin = PG_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and _published(PG_URL) < STORIES:  # seeded for a smaller run: start again
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def _published(url: str) -> int:
    import psycopg

    with psycopg.connect(url) as conn:
        table = conn.execute("SELECT to_regclass('desk_story')").fetchone()[0]
        if table is None:
            return 0
        query = "SELECT count(*) FROM desk_story WHERE status = 'published'"
        return conn.execute(query).fetchone()[0]


def _p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1] if len(samples) > 1 else samples[0]


def _timed(target, client) -> float:
    """p95 in ms of a page through Django (client) or of a queryset evaluated afresh."""
    samples = []
    for _ in range(REQUESTS + 1):
        started = time.perf_counter()
        if client is None:
            list(target.all())
        else:
            response = client.get(target)
            assert response.status_code == 200, (target, response.status_code)
        samples.append((time.perf_counter() - started) * 1000)
    return _p95(samples[1:])  # the first warms caches


def measure() -> None:
    """Child process (Django set up on the bench database)."""
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from pewarta.accounts.models import Contributor
    from pewarta.desk.models import Section, Story, Tag
    from pewarta.public.listing import PAGE_SIZE, cursor_of

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE desk_story")
    client = Client()
    section = Section.objects.get(slug="berita")
    tag = Tag.objects.get(slug="topik-1")
    author = Contributor.objects.get(slug="penulis-warga-1")
    published = Story.objects.published()
    cases = [
        ("section berita", "/berita/", published.filter(section=section), 5000),
        ("tag topik-1", "/tag/topik-1", published.filter(tags=tag), None),
        (
            "author penulis-warga-1",
            "/penulis/penulis-warga-1",
            published.filter(authors=author),
            None,
        ),
    ]
    print(f"   {published.count():,} published stories; {REQUESTS} requests per page")
    health = _timed("/health", client)
    print(f"   reference: /health through the same Django stack, p95 {health:6.1f} ms")
    for name, url, stories, page in cases:
        total = stories.count()
        page = min(page or total, max(1, total // PAGE_SIZE))  # the deepest that exists
        offset = (page - 1) * PAGE_SIZE
        ordered = stories.order_by("-published_at", "-pk")
        before = ordered[offset - 1 : offset][0]
        deep = f"{url}?sebelum={cursor_of(before)}"

        first, last = _timed(url, client), _timed(deep, client)
        reference = _timed(ordered.for_listing()[offset : offset + PAGE_SIZE + 1], None)
        verdict = "ok" if max(first, last) <= TARGET_MS else "ABOVE TARGET"
        print(
            f"   {name:<24} page 1 p95 {first:6.1f} ms   page {page:,} p95 {last:6.1f} ms"
            f"   (target <= {TARGET_MS:.0f} ms) {verdict}"
        )
        print(
            f"   {'':<24} reference: page {page:,} by OFFSET, query only, p95 {reference:6.1f} ms"
        )


def main() -> None:
    try:
        _create_database()
    except Exception as exc:  # noqa: BLE001 - reported, the other benches go on
        print(f"   PostgreSQL unreachable at {PG_URL}: {exc}")
        return
    python = sys.executable
    env = _env()
    subprocess.run(
        [python, "-m", "pewarta.cli", "migrate", "--no-input", "-v0"], env=env, check=True
    )
    started = time.perf_counter()
    subprocess.run([python, "-m", "bench.bench_public", "seed", str(STORIES)], env=env, check=True)
    print(f"   database ready: {STORIES:,} stories ({time.perf_counter() - started:.0f} s)")
    subprocess.run([python, "-m", "bench.bench_listings", "measure"], env=env, check=True)


if __name__ == "__main__":
    if sys.argv[1:] == ["measure"]:
        measure()
    else:
        main()
