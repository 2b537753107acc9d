"""Comments and the page cache: a story with 1,000 approved comments against one without.

`main()` (run by `make bench`):
1. makes (once) a small SQLite database under var/bench/comments (stories seeded like
   bench_public's, then 1,000 approved comments on one story: 500 threads, 500 replies);
2. starts Granian (page cache on) and a private nginx serving the commented story's HTML as a
   static file; loads nginx (the reference), the commented story and an uncommented one with
   wrk. Target: the commented story's ratio to nginx is the uncommented story's (the story page
   does not carry the comments; they come as their own fragment);
3. renders the comments fragment of the commented story in-process, with no cache (what a
   cache miss costs), beside the same process rendering the story page without caches.
   Target: the fragment in at most 50 ms.
"""

import contextlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench import bench_public as public

VAR = public.ROOT / "var" / "bench" / "comments"
STORIES = int(os.environ.get("BENCH_COMMENT_STORIES", "300"))
COMMENTS = 1000
RENDERS = 30


def _env(**extra) -> dict:
    return public._env(PEWARTA_VAR_DIR=str(VAR), **extra)


def seed_comments() -> None:
    """Child process: 1,000 approved comments on the first story; print both stories' URLs."""
    import django

    django.setup()
    from django.db import transaction
    from django.utils import timezone

    from pewarta.accounts.models import Contributor
    from pewarta.community.models import Comment
    from pewarta.desk.models import Story

    stories = list(Story.objects.published().filter(kind="berita").order_by("pk")[:2])
    commented, plain = stories
    if Comment.objects.filter(story=commented).count() < COMMENTS:
        readers = list(Contributor.objects.order_by("pk")[:200])
        now = timezone.now()
        with transaction.atomic():
            Comment.objects.filter(story=commented).delete()
            tops = Comment.objects.bulk_create(
                [
                    Comment(
                        story=commented,
                        author=readers[i % len(readers)],
                        body=f"Komentar pembaca nomor {i}: semoga kegiatan ini terus berlanjut.",
                        state=Comment.State.APPROVED,
                        reviewed=True,
                        created_at=now - timezone.timedelta(minutes=COMMENTS - i),
                    )
                    for i in range(COMMENTS // 2)
                ]
            )
            Comment.objects.bulk_create(
                [
                    Comment(
                        story=commented,
                        parent=tops[i],
                        author=readers[(i + 7) % len(readers)],
                        body="Setuju, terima kasih sudah menulis.",
                        state=Comment.State.APPROVED,
                        reviewed=True,
                        created_at=now - timezone.timedelta(minutes=COMMENTS - i - 1, seconds=30),
                    )
                    for i in range(COMMENTS // 2)
                ]
            )
    print(commented.pk, commented.get_absolute_url(), plain.get_absolute_url())


def render_times() -> None:
    """Child process: median ms of the fragment (no caches) and of the story page (no caches)."""
    import django

    django.setup()
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory, override_settings

    from pewarta.community.views import comments_response, published_story
    from pewarta.public import views as public_views

    story_id = int(sys.argv[2])
    factory = RequestFactory()

    def request(path):
        req = factory.get(path)
        req.user = AnonymousUser()
        req.LANGUAGE_CODE = "id"
        req.session = {}
        return req

    story = published_story(story_id)
    with override_settings(PEWARTA_FRAGMENT_CACHE=False, PEWARTA_PAGE_CACHE=False):

        def fragment():
            response = comments_response(request("/"), story, full=False)
            assert response.status_code == 200 and b"komentar" in response.content

        def page():
            response = public_views._story_page(request(story.get_absolute_url()), story)
            assert response.status_code == 200

        timings = {}
        for name, call in (("fragment", fragment), ("page", page)):
            call()
            samples = []
            for _ in range(RENDERS):
                started = time.perf_counter()
                call()
                samples.append((time.perf_counter() - started) * 1000)
            timings[name] = statistics.median(samples)
    print(f"{timings['fragment']:.2f} {timings['page']:.2f}")


def _prepare() -> tuple[int, str, str]:
    VAR.mkdir(parents=True, exist_ok=True)
    python = sys.executable
    subprocess.run(
        [python, "-m", "pewarta.cli", "migrate", "--no-input", "-v0"], env=_env(), check=True
    )
    subprocess.run(
        [python, "-m", "bench.bench_public", "seed", str(STORIES)], env=_env(), check=True,
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    out = subprocess.run(
        [python, "-m", "bench.bench_comments", "seed_comments"],
        env=_env(), capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    return int(out[0]), out[1], out[2]


def main() -> None:
    if not shutil.which("wrk"):
        raise RuntimeError("wrk is missing: apt-get install wrk nginx-light (make bench does)")
    story_id, commented, plain = _prepare()
    shutil.rmtree(VAR / "pagecache", ignore_errors=True)
    tmp = Path(tempfile.mkdtemp(prefix="pw-comments-bench-"))
    rates: dict[str, list[float]] = {}
    try:
        with contextlib.ExitStack() as stack:
            granian = stack.enter_context(public._running(public.Granian(PEWARTA_VAR_DIR=str(VAR))))
            urls = {}
            for name, path in (("with comments", commented), ("without comments", plain)):
                url = granian.base + path
                urllib.request.urlopen(url).read()  # noqa: S310 - renders and stores
                with urllib.request.urlopen(url) as hit:  # noqa: S310
                    html = hit.read()
                    assert hit.headers.get("X-Cache") == "hit", f"{path} not from the page cache"
                urls[name] = url
                if name == "with comments":
                    fragment = granian.base + f"/komentar/naskah/{story_id}/fragmen"
                    urllib.request.urlopen(fragment).read()  # noqa: S310
                    with urllib.request.urlopen(fragment) as hit:  # noqa: S310
                        assert hit.headers.get("X-Cache") == "hit", "fragment not cached"
                        fragment_bytes = len(hit.read())
                    nginx = stack.enter_context(public._running(public.Nginx(tmp, html)))
            servers = {"static": nginx.url, **urls}
            for _round in range(public.ROUNDS):
                for name, url in servers.items():
                    rates.setdefault(name, []).append(public._wrk(url))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    results = {name: statistics.median(values) for name, values in rates.items()}
    static = results["static"]
    print(f"   median of {public.ROUNDS} interleaved rounds of {public.DURATION}, "
          f"{public.CONNECTIONS} connections; fragment {fragment_bytes:,} bytes")  # fmt: skip
    print(f"   nginx static file            {static:>10,.0f} req/s   (reference)")
    for name in ("without comments", "with comments"):
        ratio = results[name] / static
        print(f"   story {name:<22} {results[name]:>10,.0f} req/s   {ratio:.4f} of static")
    same = results["with comments"] / results["without comments"]
    print(f"   with / without comments      {same:.3f} (target: about 1; both from the page cache)")
    out = subprocess.run(
        [sys.executable, "-m", "bench.bench_comments", "render_times", str(story_id)],
        env=_env(), capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    fragment_ms, page_ms = float(out[0]), float(out[1])
    verdict = "ok" if fragment_ms <= 50 else "ABOVE TARGET"
    print(f"   story page render, no cache  {page_ms:>8.1f} ms   (reference)")
    print(f"   comments fragment, no cache  {fragment_ms:>8.1f} ms   "
          f"{fragment_ms / page_ms:.2f} of the page (target <= 50 ms) {verdict}")  # fmt: skip


if __name__ == "__main__":
    if sys.argv[1] == "seed_comments":
        seed_comments()
    elif sys.argv[1] == "render_times":
        render_times()
