"""Reader-site throughput: a story page cached and uncached under Granian, against nginx.

`main()` (run by `make bench`):
1. makes (once) a SQLite database under var/bench/ with >= 100,000 published stories, written
   with bulk_create, not through the services (speed; this is data, not behaviour);
2. starts Granian (2 workers, the production entry point pewarta.wsgi:application) and a
   private nginx (2 workers, its own config in a temp dir, a free port) serving the same
   story's HTML as a static file;
3. loads each over loopback with wrk: nginx static (the reference), Granian with the page
   cache (anonymous reader, answered by the front WSGI layer), and Granian with the cache
   switched off (PEWARTA_PAGE_CACHE=0: the whole Django stack and the database per request);
4. prints requests per second and the ratio to nginx. Targets: cached >= 0.5, uncached >= 0.02.

"uncached": the page cache is off, so every request runs Django (middleware, URL resolving,
the view, the page template); the story lookup and the rendered article come from Django's
cache, keyed by the purge generation. "uncached cold" also turns that off: every
request queries the database and renders the whole article (target >= 0.01, at most 8 queries:
related stories are worked out when a story is indexed, not when it is read).
"""

import contextlib
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench" / "public"
STORIES = int(os.environ.get("BENCH_STORIES", "100000"))
DURATION = os.environ.get("BENCH_DURATION", "4s")
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
CONNECTIONS = os.environ.get("BENCH_CONNECTIONS", "64")
WORKERS = os.environ.get("BENCH_WORKERS", "2")


def _env(**extra) -> dict:
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    env.update(
        DJANGO_SETTINGS_MODULE="pewarta.settings",
        PEWARTA_VAR_DIR=str(VAR),
        LOG_LEVEL="WARNING",
        DEBUG="0",
        PEWARTA_PAGE_CACHE_TTL="3600",
    )
    env.update(extra)
    return env


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()  # noqa: S310 - loopback
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer in {timeout} s")


def _wrk(url: str, *headers: str, connections: int | str = CONNECTIONS) -> float:
    args = ["wrk", "-t2", f"-c{connections}", f"-d{DURATION}", "--latency"]
    for header in headers:
        args += ["-H", header]
    out = subprocess.run([*args, url], capture_output=True, text=True, check=True).stdout
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non2xx:
        raise RuntimeError(f"{url}: {non2xx.group(1)} error responses\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


# --- the data -----------------------------------------------------------------------------------


def seed(n: int) -> None:
    """Runs in a child process with PEWARTA_VAR_DIR=var/bench (see `_ensure_database`)."""
    import django

    django.setup()
    import random

    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.utils import timezone

    from pewarta.accounts.models import Contributor
    from pewarta.common.text import random_code
    from pewarta.desk.models import Kind, Revision, Section, Status, Story, Tag

    if Story.objects.published().count() >= n:
        return
    rng = random.Random(6)
    User = get_user_model()
    editor, _ = User.objects.get_or_create(
        username="bench-editor", defaults={"first_name": "Bima", "last_name": "Editor"}
    )
    sections = {s.slug: s for s in Section.objects.all()}
    with transaction.atomic():
        users = User.objects.bulk_create(
            [User(username=f"bench-{i}", email=f"bench-{i}@example.id") for i in range(400)]
        )
        authors = Contributor.objects.bulk_create(
            [
                Contributor(
                    user=u,
                    pen_name=f"Penulis Warga {i}",
                    slug=f"penulis-warga-{i}",
                    email=u.email,
                    affiliation="Komunitas Literasi Desa" if i % 3 == 0 else "",
                )
                for i, u in enumerate(users)
            ]
        )
        tags = Tag.objects.bulk_create(
            [Tag(name=f"Topik {i}", slug=f"topik-{i}") for i in range(300)]
        )
    words = [
        "warga", "desa", "kota", "sungai", "pasar", "sekolah", "petani", "nelayan", "jalan",
        "banjir", "panen", "festival", "budaya", "pemuda", "relawan", "pantai", "hutan",
    ]  # fmt: skip
    kinds = [Kind.BERITA] * 6 + [Kind.OPINI, Kind.ESAI, Kind.KOLOM, Kind.SIARAN_PERS]
    kind_section = {
        Kind.BERITA: "berita",
        Kind.OPINI: "opini",
        Kind.ESAI: "esai",
        Kind.KOLOM: "kolom",
        Kind.SIARAN_PERS: "siaran-pers",
    }
    now = timezone.now()
    paragraph = (
        "<p>Kegiatan ini melibatkan ratusan warga dari berbagai kampung. Mereka datang sejak "
        "pagi dengan membawa peralatan sendiri dan bekal makan siang untuk bersama.</p>"
    )
    start = (Story.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    batch = 5000
    for offset in range(start, start + n, batch):
        ids = range(offset, min(offset + batch, start + n))
        stories, revisions, story_authors, story_tags = [], [], [], []
        for i in ids:
            kind = rng.choice(kinds)
            headline = " ".join(rng.choice(words) for _ in range(7)).capitalize() + f" {i}"
            when = now - timezone.timedelta(minutes=7 * i)
            stories.append(
                Story(
                    id=i,
                    tracking_code=f"PW-B{i:07d}",
                    reply_token=f"b{i:07d}{random_code(4).lower()}",
                    kind=kind,
                    section=sections[kind_section[kind]],
                    status=Status.PUBLISHED,
                    slug=f"{'-'.join(headline.lower().split())}",
                    version=3,
                    credited_editor=editor,
                    submitted_at=when,
                    published_at=when,
                    first_published_at=when,
                )
            )
            revisions.append(
                Revision(
                    id=i,
                    story_id=i,
                    number=1,
                    headline=headline,
                    lead="Warga bergotong royong menjaga lingkungan tempat tinggal mereka.",
                    body_html=paragraph * 6,
                    dateline=rng.choice(["Bandung", "Makassar", "Medan", "Kupang", ""]),
                    related=[i + 1, i + 2] if i % 5 == 0 else [],
                )
            )
            for a in rng.sample(authors, 1 + (i % 7 == 0)):
                story_authors.append(
                    Story.authors.through(story_id=i, contributor_id=a.pk, published_at=when)
                )
            for t in rng.sample(tags, 3):
                story_tags.append(Story.tags.through(story_id=i, tag_id=t.pk, published_at=when))
        with transaction.atomic():
            Story.objects.bulk_create(stories)
            Revision.objects.bulk_create(revisions)
            Story.authors.through.objects.bulk_create(story_authors)
            Story.tags.through.objects.bulk_create(story_tags)
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE desk_story SET live_revision_id = id, draft_revision_id = id "
                    "WHERE id BETWEEN %s AND %s",
                    [ids[0], ids[-1]],
                )
        print(f"   seeded {ids[-1] - start + 1} stories", flush=True)
    with connection.cursor() as cursor:
        # Setting each story's revisions left a dead copy of every row; autovacuum would have
        # cleared them on a live site (a million of them doubled a deep page's time).
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def story_url() -> None:
    """Child process: print the URL of a typical story (has authors, tags, Baca juga)."""
    import django

    django.setup()
    from pewarta.desk.models import Story

    story = Story.objects.published().filter(kind="berita", pk__gte=500).order_by("pk")
    story = next(s for s in story[:50] if s.live_revision.related)
    print(story.get_absolute_url())


def story_queries(path: str) -> None:
    """Child process: how many queries one cold render of the story costs (no caches)."""
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    with override_settings(PEWARTA_PAGE_CACHE=False, PEWARTA_FRAGMENT_CACHE=False):
        Client().get(path)  # related stories of an entry seeded without them are kept now
        with CaptureQueriesContext(connection) as ctx:
            status = Client().get(path).status_code
    print(f"{status} {len(ctx.captured_queries)}")


def _ensure_database() -> None:
    VAR.mkdir(parents=True, exist_ok=True)
    python = sys.executable
    subprocess.run(
        [python, "-m", "pewarta.cli", "migrate", "--no-input", "-v0"], env=_env(), check=True
    )
    started = time.perf_counter()
    subprocess.run(
        [python, "-m", "bench.bench_public", "seed", str(STORIES)], env=_env(), check=True
    )
    print(
        f"   database ready: {STORIES:,} published stories ({time.perf_counter() - started:.0f} s)"
    )


# --- the servers --------------------------------------------------------------------------------


class Granian:
    def __init__(self, **env):
        self.port = _free_port()
        self.proc = subprocess.Popen(
            [
                sys.executable, "-m", "granian", "--interface", "wsgi", "--workers", WORKERS,
                # One Python thread per worker: with the GIL, more threads only contend.
                "--blocking-threads", "1",
                "--host", "127.0.0.1", "--port", str(self.port), "--no-ws", "--log-level",
                "warning", "pewarta.wsgi:application",
            ],
            env=_env(**env),
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        self.base = f"http://127.0.0.1:{self.port}"
        try:
            _wait(self.base + "/health")
        except RuntimeError:
            self.stop()
            raise

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


class _Process:
    """A server process answering at `self.url` (once it does), stopped by `stop()`."""

    def _start(self, args: list[str], url: str) -> None:
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.url = url
        try:
            _wait(url)
        except RuntimeError:
            self.stop()
            raise

    def stop(self):
        self.proc.terminate()
        self.proc.wait(10)


class Nginx(_Process):
    """nginx serving `html` as a file, with `headers` (name, value) added to the response."""

    def __init__(self, root: Path, html: bytes, headers=()):
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        self.dir = root
        (root / "www").mkdir()
        (root / "www" / "story.html").write_bytes(html)
        self.port = _free_port()
        spool = root / "spool"
        (root / "nginx.conf").write_text(
            f"""worker_processes {WORKERS};
pid {root}/nginx.pid;
error_log {root}/error.log;
daemon off;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {spool}; proxy_temp_path {spool};
  fastcgi_temp_path {spool}; uwsgi_temp_path {spool}; scgi_temp_path {spool};
  types {{ text/html html; }}
  server {{ listen 127.0.0.1:{self.port}; root {root}/www; {_add_headers(headers)}}}
}}
"""
        )
        # nginx's workers run as `nobody`: they must be able to read the page.
        for path in (root, root / "www", root / "www" / "story.html"):
            path.chmod(0o755 if path.is_dir() else 0o644)
        self._start(
            [nginx, "-c", f"{root}/nginx.conf", "-p", str(root)],
            f"http://127.0.0.1:{self.port}/story.html",
        )


def _add_headers(headers) -> str:
    lines = []
    for name, value in headers:
        if "$" in value or '"' in value or "\\" in value or not name.replace("-", "").isalnum():
            raise ValueError(f"header not expressible in nginx.conf: {name}")
        lines.append(f'add_header {name} "{value}" always; ')
    return "".join(lines)


def _servers(stack, tmp, path):
    """Start everything at once; an idle server costs nothing while another is measured."""
    servers = {}
    cached = stack.enter_context(_running(Granian()))
    url = cached.base + path
    urllib.request.urlopen(url).read()  # noqa: S310 - the first request renders and stores
    with urllib.request.urlopen(url) as hit:  # noqa: S310
        html = hit.read()
        assert hit.headers.get("X-Cache") == "hit", "the page was not served from the cache"
    print(f"   story {path} ({len(html):,} bytes)")
    servers["static"] = stack.enter_context(_running(Nginx(tmp, html))).url
    servers["cached"] = url
    for name, env in (
        ("uncached", {"PEWARTA_PAGE_CACHE": "0"}),
        ("uncached cold", {"PEWARTA_PAGE_CACHE": "0", "PEWARTA_FRAGMENT_CACHE": "0"}),
    ):
        server = stack.enter_context(_running(Granian(**env)))
        with urllib.request.urlopen(server.base + path) as miss:  # noqa: S310
            assert miss.headers.get("X-Cache") is None, "the page cache should be off"
        servers[name] = server.base + path
    return servers


@contextlib.contextmanager
def _running(server):
    try:
        yield server
    finally:
        server.stop()


def main() -> None:
    if not shutil.which("wrk"):
        raise RuntimeError("wrk is missing: apt-get install wrk nginx-light (make bench does)")
    _ensure_database()
    path = subprocess.run(
        [sys.executable, "-m", "bench.bench_public", "story_url"],
        env=_env(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    shutil.rmtree(VAR / "pagecache", ignore_errors=True)
    tmp = Path(tempfile.mkdtemp(prefix="pw-public-bench-"))
    rates: dict[str, list[float]] = {}
    try:
        with contextlib.ExitStack() as stack:
            servers = _servers(stack, tmp, path)
            # Interleaved rounds, so that the shared machine's load hits every figure alike.
            for _round in range(ROUNDS):
                for name, url in servers.items():
                    rates.setdefault(name, []).append(_wrk(url))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    results = {name: statistics.median(values) for name, values in rates.items()}
    static = results["static"]
    print(f"   median of {ROUNDS} interleaved rounds of {DURATION}, {CONNECTIONS} connections")
    print(f"   nginx static file        {static:>10,.0f} req/s   (reference)")
    status, queries = subprocess.run(
        [sys.executable, "-m", "bench.bench_public", "story_queries", path],
        env=_env(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    verdict = "ok" if status == "200" and int(queries) <= 8 else "ABOVE TARGET"
    print(f"   queries per cold story render: {queries} (target <= 8) {verdict}")
    for name, target in (("cached", 0.5), ("uncached", 0.02), ("uncached cold", 0.01)):
        ratio = results[name] / static
        line = f"   granian {name:<16} {results[name]:>10,.0f} req/s   {ratio:.4f} of static"
        if target is not None:
            line += f" (target >= {target}) {'ok' if ratio >= target else 'BELOW TARGET'}"
        print(line)


if __name__ == "__main__":
    if sys.argv[1] == "seed":
        seed(int(sys.argv[2]))
    elif sys.argv[1] == "story_url":
        story_url()
    elif sys.argv[1] == "story_queries":
        story_queries(sys.argv[2])
