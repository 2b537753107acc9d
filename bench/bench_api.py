"""The API's public story list at 100,000 published stories on SQLite.

    make bench                       # BENCH_STORIES (default 100,000), the reader-site bench's data
    python -m bench api

`GET /api/v1/stories` through Django (test client: URL routing, ninja, the queries, JSON,
ETag), first page and a deep one by cursor, unfiltered and by section, tag and author; p95 of
40 requests, target <= 20 ms. Reference, in the same run: the same queries through the ORM
alone (`reading.stories_rows`: the page's rows, authors and tags as the items' dicts, without
URL routing, ninja, JSON and ETag). The database is the reader-site bench's
(`bench_public.seed`, var/bench/public), created if missing.
"""

import os
import statistics
import subprocess
import sys
import time

from bench import bench_public

REQUESTS = 40
TARGET_MS = 20.0


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
    from django.test import Client

    from pewarta.api import reading

    client = Client()
    published = reading.Story.objects.published()
    print(f"   {published.count():,} published stories; {REQUESTS} requests per case")
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


def main() -> None:
    bench_public._ensure_database()
    env = bench_public._env(PEWARTA_PAGE_CACHE="0", PEWARTA_FRAGMENT_CACHE="0",
                            PEWARTA_RATE_LIMITS="api-read=1000000/60")  # fmt: skip
    subprocess.run([sys.executable, "-m", "bench.bench_api", "measure"], env=env, check=True)


if __name__ == "__main__":
    if sys.argv[1:] == ["measure"]:
        measure()
    else:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pewarta.settings")
        main()
