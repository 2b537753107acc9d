"""Desk queue: the whole queue with its warnings, against a plain listing of the same rows.

`main()` (run by `make bench`): a fresh SQLite database under var/bench/desk/ with
PEWARTA_BENCH_DESK_OPEN open stories (default 1,000) and PEWARTA_BENCH_DESK_RECENT stories
published in the last 30 days (default 3,000), ~250 words each, written with bulk_create
(data, not behaviour). Then it times, best of 3:

- reference: listing the open stories with their revision, section and authors (what any
  list page costs);
- `queue.build_queue` with warm MinHash signatures, after one story changed (the LSH index
  is rebuilt from memoised signatures) (the usual case: revisions are immutable,
  signatures are cached by text digest) and cold (cache cleared: first load after a restart).

It prints milliseconds and the ratio to the reference. Target: warm <= 10x the reference.
Every 50th open story is a planted near-copy of a published one.
"""

import os
import random
import shutil
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench" / "desk"
OPEN = int(os.environ.get("PEWARTA_BENCH_DESK_OPEN", "1000"))
RECENT = int(os.environ.get("PEWARTA_BENCH_DESK_RECENT", "3000"))
_WORDS_TEXT = (
    "warga desa kota banjir jalan sekolah pasar harga beras pemerintah kabupaten bupati camat "
    "lurah sungai hujan jembatan rumah sakit dokter guru murid petani nelayan panen festival "
    "budaya tari musik pemuda olahraga sepak bola lapangan masjid gereja pura vihara kampung "
    "gotong royong bersih lingkungan sampah pohon hutan gunung pantai"
)
WORDS = _WORDS_TEXT.split()


def _text(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n))


def _setup():
    shutil.rmtree(VAR, ignore_errors=True)
    VAR.mkdir(parents=True)
    os.environ["PEWARTA_VAR_DIR"] = str(VAR)
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _populate():
    from django.utils import timezone

    from pewarta.accounts.models import Contributor
    from pewarta.desk.models import Revision, Section, Status, Story

    rng = random.Random(20261128)
    authors = Contributor.objects.bulk_create(
        [Contributor(pen_name=f"Penulis {i}", slug=f"penulis-{i}") for i in range(300)]
    )
    section = Section.objects.get(slug="berita")
    now = timezone.now()
    open_statuses = [Status.RECEIVED, Status.IN_REVIEW, Status.APPROVED, Status.CHANGES_REQUESTED]
    stories = []
    for i in range(OPEN + RECENT):
        published = i >= OPEN
        when = now - timezone.timedelta(minutes=rng.randint(5, 60 * 24 * 29))
        stories.append(
            Story(
                section=section,
                status=Status.PUBLISHED if published else rng.choice(open_statuses),
                submitted_at=when,
                published_at=when if published else None,
                first_published_at=when if published else None,
                slug=f"naskah-{i}",
            )
        )
    stories = Story.objects.bulk_create(stories, batch_size=1000)
    revisions = Revision.objects.bulk_create(
        [
            Revision(
                story=s,
                number=1,
                headline=_text(rng, 8).title(),
                body_html="".join(f"<p>{_text(rng, 50)}</p>" for _ in range(5)),
            )
            for s in stories
        ],
        batch_size=1000,
    )
    for i in range(0, OPEN, 50):  # plant near-copies of published stories among the open ones
        source = revisions[OPEN + i % RECENT]
        revisions[i].headline = source.headline
        revisions[i].body_html = source.body_html + "<p>Tambahan.</p>"
    Revision.objects.bulk_update(revisions[:OPEN], ["headline", "body_html"], batch_size=1000)
    for story, revision in zip(stories, revisions, strict=True):
        story.draft_revision = revision
        story.live_revision = revision if story.status == Status.PUBLISHED else None
    Story.objects.bulk_update(stories, ["draft_revision", "live_revision"], batch_size=1000)
    through = Story.authors.through
    through.objects.bulk_create(
        [through(story_id=s.pk, contributor_id=rng.choice(authors).pk) for s in stories],
        batch_size=2000,
    )


def _best(func, runs=3):
    best = None
    for _ in range(runs):
        started = time.perf_counter()
        func()
        elapsed = time.perf_counter() - started
        best = elapsed if best is None else min(best, elapsed)
    return best * 1000


def main():
    _setup()
    _populate()
    from pewarta.desk import queue

    def reference():
        rows = list(queue.queue_queryset())
        for story in rows:
            list(story.authors.all())

    def warm():
        return queue.build_queue(user=None, filters={})

    def cold():
        queue._signatures.clear()
        queue._index.clear()
        return queue.build_queue(user=None, filters={})

    def changed():
        # One story saved since the last load (the common case): the index is rebuilt from
        # memoised signatures.
        from django.utils import timezone

        from pewarta.desk.models import Story

        Story.objects.filter(pk=Story.objects.order_by("?").values("pk")[:1]).update(
            updated_at=timezone.now()
        )
        return queue.build_queue(user=None, filters={})

    items = warm()
    ref_ms = _best(reference)
    warm_ms = _best(warm)
    changed_ms = _best(changed)
    cold_ms = _best(cold, runs=1)
    duplicates = sum("duplicate" in item.warnings for item in items)
    print(
        f"   {len(items)} open stories, {RECENT} recently published; {duplicates} flagged duplicate"
    )
    print(f"   reference listing       {ref_ms:8.1f} ms")
    print(f"   queue, warm signatures  {warm_ms:8.1f} ms   ratio {warm_ms / ref_ms:5.1f}x")
    print(f"   queue, one story changed{changed_ms:8.1f} ms   ratio {changed_ms / ref_ms:5.1f}x")
    print(f"   queue, cold signatures  {cold_ms:8.1f} ms   ratio {cold_ms / ref_ms:5.1f}x")
    print("   target: warm <= 10x the reference")
