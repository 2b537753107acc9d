"""Desk under a spam flood: /desk/ before, during and after thousands of unconfirmed pieces.

`main()` (run by `make bench`): a fresh database (SQLite under var/bench/desk_flood/, or the
throw-away PostgreSQL database named by PEWARTA_BENCH_DATABASE_URL, flushed first) with an
editorial queue of PEWARTA_BENCH_FLOOD_OPEN open stories (default 300), 3,000 published ones
and 510 pieces already awaiting their sender. Then:

- before: GET /desk/ as an editor, PEWARTA_BENCH_FLOOD_SAMPLES times (default 40): the
  reference;
- during: a second process pushes PEWARTA_BENCH_FLOOD_MESSAGES mails (default 5,000) from
  PEWARTA_BENCH_FLOOD_ADDRESSES senders (default 480, none verified, so every one waits for
  confirmation) through the real intake pipeline (stored, parsed, story, confirmation mail
  queued; the tasks it queues are left to a consumer, as on a server), while this one keeps
  loading /desk/;
- after: the same loads again, and the unconfirmed tab (/desk/konfirmasi/) once flooded.

Prints p50 and p95 in milliseconds, each beside the "before" figure (ratio). Target: /desk/
p95 <= 300 ms during and after the flood.
"""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench" / "desk_flood"
OPEN = int(os.environ.get("PEWARTA_BENCH_FLOOD_OPEN", "300"))
PUBLISHED = 3000
WAITING = 510
MESSAGES = int(os.environ.get("PEWARTA_BENCH_FLOOD_MESSAGES", "5000"))
ADDRESSES = int(os.environ.get("PEWARTA_BENCH_FLOOD_ADDRESSES", "480"))
SAMPLES = int(os.environ.get("PEWARTA_BENCH_FLOOD_SAMPLES", "40"))
_WORDS_TEXT = (
    "warga desa kota banjir jalan sekolah pasar harga beras pemerintah kabupaten bupati camat "
    "lurah sungai hujan jembatan rumah sakit dokter guru murid petani nelayan panen festival"
)
WORDS = _WORDS_TEXT.split()


def _environment() -> dict:
    env = dict(os.environ, PEWARTA_VAR_DIR=str(VAR), DJANGO_SETTINGS_MODULE="pewarta.settings")
    env.pop("DATABASE_URL", None)
    if os.environ.get("PEWARTA_BENCH_DATABASE_URL"):
        env["DATABASE_URL"] = os.environ["PEWARTA_BENCH_DATABASE_URL"]
    env["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    return env


def _django(immediate: bool):
    os.environ.update(_environment())
    os.environ["HUEY_IMMEDIATE"] = "1" if immediate else "0"
    import django

    django.setup()


def _text(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n))


def _populate():
    """The newsroom before the flood (bulk_create: data, not behaviour)."""
    import random

    from django.utils import timezone

    from pewarta.accounts.models import Contributor
    from pewarta.accounts.roles import EDITOR, grant_role
    from pewarta.audit.models import Event
    from pewarta.desk.models import Revision, Section, Status, Story

    rng = random.Random(20261130)
    authors = Contributor.objects.bulk_create(
        [Contributor(pen_name=f"Penulis {i}", slug=f"penulis-{i}") for i in range(300)]
    )
    section = Section.objects.get(slug="berita")
    now = timezone.now()
    open_statuses = [Status.RECEIVED, Status.IN_REVIEW, Status.APPROVED, Status.CHANGES_REQUESTED]
    plan = (
        [rng.choice(open_statuses) for _ in range(OPEN)]
        + [Status.PUBLISHED] * PUBLISHED
        + [Status.AWAITING_CONFIRMATION] * WAITING
    )
    stories = []
    for i, status in enumerate(plan):
        when = now - timezone.timedelta(minutes=rng.randint(5, 60 * 24 * 29))
        published = status == Status.PUBLISHED
        stories.append(
            Story(
                section=section,
                status=status,
                submitted_at=when,
                slug=f"naskah-{i}",
                published_at=when if published else None,
                first_published_at=when if published else None,
            )  # fmt: skip
        )
    stories = Story.objects.bulk_create(stories, batch_size=1000)
    revisions = Revision.objects.bulk_create(
        [
            Revision(
                story=s,
                number=1,
                headline=_text(rng, 8).title(),
                body_html="".join(f"<p>{_text(rng, 50)}</p>" for _ in range(4)),
            )
            for s in stories
        ],  # fmt: skip
        batch_size=1000,
    )
    for story, revision in zip(stories, revisions, strict=True):
        story.draft_revision = revision
        story.live_revision = revision if story.status == Status.PUBLISHED else None
    Story.objects.bulk_update(stories, ["draft_revision", "live_revision"], batch_size=1000)
    through = Story.authors.through
    through.objects.bulk_create(
        [through(story_id=s.pk, contributor_id=rng.choice(authors).pk)
         for s in stories if s.status != Status.AWAITING_CONFIRMATION],
        batch_size=2000,
    )  # fmt: skip
    Event.objects.bulk_create(
        [Event(story=s, action="story.created", to_status=s.status, created_at=s.submitted_at)
         for s in stories],
        batch_size=2000,
    )  # fmt: skip
    from django.contrib.auth import get_user_model

    editor = get_user_model().objects.create_user(username="editor-bench", email="e@example.id")
    grant_role(editor, EDITOR)
    return editor


def _flood(count: int, addresses: int) -> None:
    """Run in the second process: the flood through the real intake pipeline."""
    _django(immediate=False)
    from email.message import EmailMessage

    from pewarta.intake import services

    started = time.perf_counter()
    for i in range(count):
        msg = EmailMessage()
        sender = f"promo{i % addresses}@banjir-promo.example"
        msg["From"] = f"Promo Kilat <{sender}>"
        msg["To"] = "redaksi@localhost"
        msg["Subject"] = f"Pinjaman cair lima menit tanpa agunan nomor {i}"
        msg["Message-ID"] = f"<flood-{i}-{time.time_ns()}@banjir-promo.example>"
        msg.set_content(f"Penawaran {i}: pinjaman cair dalam lima menit, hubungi kami sekarang.")
        stored = services.inbound_message_store(
            raw=bytes(msg), channel="smtp", envelope_from=sender
        )
        services.inbound_message_process_safely(message=stored)
    elapsed = time.perf_counter() - started
    print(f"   flood: {count} messages from {addresses} addresses in {elapsed:.1f} s "
          f"({count / elapsed:.0f}/s)", flush=True)  # fmt: skip


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p50 = ordered[len(ordered) // 2]
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return p50, p95


def _load(client, path="/desk/") -> float:
    started = time.perf_counter()
    response = client.get(path)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (path, response.status_code)
    return elapsed


def main():
    shutil.rmtree(VAR, ignore_errors=True)
    VAR.mkdir(parents=True)
    _django(immediate=False)
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from pewarta.desk.models import Status, Story

    if settings.IS_POSTGRES:
        call_command("migrate", verbosity=0)
        call_command("flush", verbosity=0, interactive=False)
        call_command("migrate", verbosity=0)  # flush removed the data migrations' rows
    else:
        call_command("migrate", verbosity=0)
    editor = _populate()
    client = Client()
    client.force_login(editor)
    _load(client)  # warm templates and imports
    before = [_load(client) for _ in range(SAMPLES)]

    flood = subprocess.Popen(
        [sys.executable, "-m", "bench.bench_desk_flood", "flood", str(MESSAGES), str(ADDRESSES)],
        cwd=ROOT,
        env=_environment(),
    )
    during = []
    while flood.poll() is None:
        during.append(_load(client))
        time.sleep(0.05)
    if flood.returncode:
        raise RuntimeError(f"the flood process failed ({flood.returncode})")
    after = [_load(client) for _ in range(SAMPLES)]
    tab = [_load(client, "/desk/konfirmasi/") for _ in range(max(5, SAMPLES // 4))]
    waiting = Story.objects.filter(status=Status.AWAITING_CONFIRMATION).count()

    b50, b95 = _percentiles(before)
    print(f"   {OPEN} open, {PUBLISHED} published; {waiting} awaiting confirmation after the flood"
          f" ({'PostgreSQL' if settings.IS_POSTGRES else 'SQLite'})")  # fmt: skip
    print(f"   /desk/ before the flood    p50 {b50:7.1f} ms  p95 {b95:7.1f} ms  (reference)")
    for label, samples in (("during", during), ("after", after)):
        p50, p95 = _percentiles(samples)
        print(f"   /desk/ {label:<6} the flood    p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  "
              f"ratio p95 {p95 / b95:5.2f}x  ({len(samples)} loads)")  # fmt: skip
    t50, t95 = _percentiles(tab)
    print(f"   /desk/konfirmasi/ after    p50 {t50:7.1f} ms  p95 {t95:7.1f} ms  "
          f"ratio p95 {t95 / b95:5.2f}x")  # fmt: skip
    print("   target: /desk/ p95 <= 300 ms during and after the flood")


if __name__ == "__main__":
    if sys.argv[1:2] == ["flood"]:
        _flood(int(sys.argv[2]), int(sys.argv[3]))
    else:
        main()
