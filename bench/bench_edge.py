"""The edge cache on the scale profile: Varnish against nginx, and how soon a change is seen.

`main()` (run by `make bench`, or `python -m bench edge`):
1. starts the cluster profile (pewarta.common.cluster: SeaweedFS + S3, two Granian web nodes,
   two Huey consumers, Varnish with deploy/varnish.vcl) on PostgreSQL database
   `pewarta_bench_edge` (created, emptied, demo content loaded) and Redis database 3;
2. throughput: wrk on one cached story page through Varnish, against nginx serving the same
   response as a file: the page's bytes and the application's headers (the reference, as in
   bench_public). Target: at least 0.8x. A second reference: Varnish itself with a one-line
   VCL over that nginx (the same response, no logic), the ceiling any VCL could reach on this
   machine. Then one round of all three at other numbers of connections (BENCH_EDGE_SWEEP),
   which shows how the ratio moves with the load;
3. freshness: 100 changes (publish, correction, retraction) made through the desk services in
   this process; each is timed from the commit until every page that shows the story (home,
   section, feed and the story's own page) shows the change through Varnish. The purge travels
   the production path: on_commit -> Huey task on Redis -> a consumer -> PURGE xkey. Target:
   p95 at most 1 s. Reference: one uncached render of the same page through Varnish.
The work runs in a child process so that its settings (PostgreSQL, Redis, S3) never mix
with the other benchmarks'.
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench.bench_public import CONNECTIONS, Nginx, _free_port, _Process, _wrk

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = os.environ.get(
    "BENCH_EDGE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/pewarta_bench_edge"
)
REDIS_URL = os.environ.get("BENCH_EDGE_REDIS_URL", "redis://127.0.0.1:6379/3")
CHANGES = int(os.environ.get("BENCH_CHANGES", "100"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
# One round each at other loads: nginx answers many ready connections per wake-up, Varnish
# gives each connection a thread, so the ratio falls as connections rise on two cores.
LOAD = int(CONNECTIONS)
SWEEP = [int(c) for c in os.environ.get("BENCH_EDGE_SWEEP", "8,16,256").split(",") if c]
SWEEP = [c for c in SWEEP if c != LOAD]
SITE = "http://127.0.0.1:8000"


def _fetch(path: str, **headers) -> tuple[int, str]:
    request = urllib.request.Request(SITE + path, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


# Headers Varnish or nginx write themselves; the rest of a page's headers are the application's.
SERVER_HEADERS = {
    "accept-ranges", "age", "connection", "content-length", "content-type", "date", "etag",
    "last-modified", "server", "via", "x-cache", "x-served-by", "x-varnish",
}  # fmt: skip


def _application_headers(path: str) -> list[tuple[str, str]]:
    with urllib.request.urlopen(SITE + path, timeout=10) as response:  # noqa: S310 - loopback
        return [(k, v) for k, v in response.headers.items() if k.lower() not in SERVER_HEADERS]


def _cluster_env() -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PEWARTA_")}
    env.update(
        DATABASE_URL=DATABASE_URL,
        REDIS_URL=REDIS_URL,
        PEWARTA_VAR_DIR=str(ROOT / "var" / "bench" / "edge"),
        LOG_LEVEL="WARNING",
        DEBUG="0",
        HUEY_IMMEDIATE="0",
        PEWARTA_EDGE_PURGE_RETRY_SECONDS="1",
    )
    return env


def main() -> None:
    env = _cluster_env()
    result = subprocess.run(
        [sys.executable, "-m", "bench.bench_edge"], env=env, cwd=ROOT, check=False
    )
    if result.returncode:
        raise RuntimeError("bench_edge failed (see above)")


# --- inside the child process --------------------------------------------------------------


def _empty_database() -> None:
    import psycopg

    from pewarta.common.cluster import ensure_database

    if not ensure_database(DATABASE_URL):
        with psycopg.connect(DATABASE_URL, autocommit=True) as conn:
            conn.execute("DROP SCHEMA public CASCADE")
            conn.execute("CREATE SCHEMA public")


def _people():
    from django.contrib.auth import get_user_model

    from pewarta.accounts.roles import EDITOR, SENIOR_EDITOR, grant_role
    from pewarta.accounts.services import contributor_register

    users = get_user_model().objects
    editor, _ = users.get_or_create(username="bench-editor", defaults={"email": "e@bench.id"})
    grant_role(editor, EDITOR)
    senior, _ = users.get_or_create(username="bench-senior", defaults={"email": "s@bench.id"})
    grant_role(senior, SENIOR_EDITOR)
    writer, created = users.get_or_create(username="bench-writer", defaults={"email": "w@bench.id"})
    if created:
        contributor_register(user=writer, pen_name="Penulis Uji Kecepatan", birth_year=1988)
    return editor, senior, writer.contributor


def _publish(n, editor, contributor):
    from pewarta.desk import services
    from pewarta.desk.workflow import SYSTEM_ACTOR

    story = services.story_create(
        headline=f"Warga Desa Nomor {n} Gelar Kerja Bakti",
        body_html="<p>Warga bergotong royong membersihkan saluran air desa.</p>",
        authors=[contributor], actor=SYSTEM_ACTOR,
    )  # fmt: skip
    services.story_answer_risk_checklist(
        story=story, actor=editor, victim=False, minor=False, sara=False, defamation=False
    )
    services.story_review(story=story, actor=editor)
    services.story_approve(story=story, actor=editor)
    return services.story_publish(story=story, actor=editor)


def _shown_everywhere(story, text, *, gone=False) -> bool:
    story.refresh_from_db()
    pages = ["/", "/berita/", "/feed/"]
    for path in pages:
        _status, body = _fetch(path)
        if (text in body) == gone:
            return False
    status, body = _fetch(story.get_absolute_url())
    if gone:
        return status == 410
    return status == 200 and text in body


def _timed(check) -> float:
    started = time.perf_counter()
    while not check():
        if time.perf_counter() - started > 30:
            raise RuntimeError("a change was not visible after 30 s")
        time.sleep(0.01)
    return time.perf_counter() - started


def _freshness(editor, senior, contributor) -> list[float]:
    from pewarta.desk import services

    timings, live = [], []
    for n in range(CHANGES):
        kind = ("publish", "correct", "retract")[n % 3] if live else "publish"
        for page in ("/", "/berita/", "/feed/"):
            _fetch(page)  # every page cached before the change
        if kind == "publish":
            story = _publish(n, editor, contributor)
            live.append(story)
            timings.append(_timed(lambda s=story: _shown_everywhere(s, s.live_revision.headline)))
        elif kind == "correct":
            story = live[-1]
            _fetch(story.get_absolute_url())
            headline = f"Ralat: Kerja Bakti Ke-{n} Diikuti Seratus Warga"
            story.refresh_from_db()
            services.story_edit(story=story, actor=editor, expected_version=story.version,
                                headline=headline)  # fmt: skip
            services.story_publish_update(story=story, actor=editor, note="Jumlah warga diralat.")
            timings.append(_timed(lambda s=story, h=headline: _shown_everywhere(s, h)))
        else:
            story = live.pop(0)
            story.refresh_from_db()
            _fetch(story.get_absolute_url())
            headline = story.live_revision.headline
            services.story_retract(story=story, actor=senior, reason="sara",
                                   note="Dicabut untuk uji kecepatan.")  # fmt: skip
            timings.append(_timed(lambda s=story, h=headline: _shown_everywhere(s, h, gone=True)))
    return timings


class BareVarnish(_Process):
    """varnishd with a VCL that caches everything from one backend for an hour."""

    def __init__(self, root: Path, backend_port: int):
        self.port = _free_port()
        vcl = root / "bare.vcl"
        vcl.write_text(
            "vcl 4.1;\n"
            f'backend default {{ .host = "127.0.0.1"; .port = "{backend_port}"; }}\n'
            "sub vcl_recv { return (hash); }\n"
            "sub vcl_backend_response { set beresp.ttl = 1h; }\n"
        )
        self._start(
            ["/usr/sbin/varnishd", "-F", "-j", "none", "-n", str(root / "bare-varnish"),
             "-a", f"127.0.0.1:{self.port}", "-T", "none", "-f", str(vcl),
             "-s", "malloc,64m", "-p", "thread_pool_min=100"],
            f"http://127.0.0.1:{self.port}/story.html",
        )  # fmt: skip


def run() -> None:
    from pewarta.common.cluster import Cluster, Ports

    _empty_database()
    root = ROOT / "var" / "bench" / "edge" / "cluster"
    cluster = Cluster(root, Ports(), dict(os.environ), out=lambda line: None)
    cluster.prepare_database()
    try:
        cluster.start_all(demo=True)
        os.environ.update({k: v for k, v in cluster.env.items() if k.startswith("PEWARTA_")})
        import django

        django.setup()
        editor, senior, contributor = _people()
        story = _publish("acuan", editor, contributor)
        url = story.get_absolute_url()
        html = None
        for _ in range(3):
            status, html = _fetch(url)
        with tempfile.TemporaryDirectory() as tmp:
            # The same response as the edge's: the page's bytes and the application's headers.
            nginx = Nginx(Path(tmp), html.encode(), _application_headers(url))
            rates = {}  # connections -> (nginx, bare Varnish, the site's Varnish), per round
            try:
                bare = BareVarnish(Path(tmp), nginx.port)
                try:
                    for connections in (LOAD, *SWEEP):
                        rounds = ROUNDS if connections == LOAD else 1
                        for _round in range(rounds):  # alternated: noise hits all alike
                            rates.setdefault(connections, []).append(
                                [_wrk(target, connections=connections)
                                 for target in (nginx.url, bare.url, SITE + url)]
                            )  # fmt: skip
                finally:
                    bare.stop()
            finally:
                nginx.stop()
        static, ceiling, edge = (
            statistics.median(column) for column in zip(*rates[LOAD], strict=True)
        )
        print(f"   nginx static file        {static:>10,.0f} req/s   (reference, median of "
              f"{ROUNDS} rounds, {LOAD} connections)")  # fmt: skip
        print(f"   Varnish, one-line VCL    {ceiling:>10,.0f} req/s   {ceiling / static:5.2f}x "
              "(reference: the same response from nginx through a bare Varnish)")  # fmt: skip
        print(f"   Varnish, cached story    {edge:>10,.0f} req/s   {edge / static:5.2f}x "
              "(target >= 0.80)")  # fmt: skip
        for connections in SWEEP:  # where the gap comes from: Varnish's thread per connection
            static, ceiling, edge = rates[connections][0]
            print(f"   at {connections:>3} connections      story {edge / static:5.2f}x, "
                  f"one-line VCL {ceiling / static:5.2f}x   (nginx {static:,.0f} req/s, "
                  "one round)")  # fmt: skip
        started = time.perf_counter()
        _fetch(url, **{"Accept-Language": "en"})  # passes the edge: rendered by a node
        reference = time.perf_counter() - started
        if not CHANGES:
            return
        timings = sorted(_freshness(editor, senior, contributor))
        p50 = statistics.median(timings)
        p95 = timings[max(0, round(0.95 * len(timings)) - 1)]
        print(f"   uncached render via edge {reference * 1000:>10.0f} ms      (reference)")
        print(f"   change visible, p50      {p50 * 1000:>10.0f} ms      over {len(timings)} "
              "changes (publish, correction, retraction)")  # fmt: skip
        print(f"   change visible, p95      {p95 * 1000:>10.0f} ms      (target <= 1000 ms)")
    finally:
        cluster.stop_all()


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pewarta.settings")
    run()
