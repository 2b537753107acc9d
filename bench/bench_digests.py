"""Digests for 100,000 subscribers: how long queueing them takes, and the sending rate.

`main()` (run by `make bench`):
1. makes (once) a SQLite database under var/bench/digests with 100,000 confirmed subscribers,
   each following one of 400 writers, and 200 stories published today;
2. times `digests_queue("daily")` with the real task queue (Huey on SQLite, not immediate):
   every batch task is queued, none run. Reference: one scan of the same subscribers' ids
   (the least any queueing must do). Target: within 60 s;
3. runs one batch (`send_batch`) into Django's in-memory mail backend, beside building and
   sending the same number of plain messages through that backend (the reference): the
   digest rate is the mail backend's rate times the share the digest work leaves.
"""

import os
import subprocess
import sys
import time

from bench import bench_public as public

VAR = public.ROOT / "var" / "bench" / "digests"
SUBSCRIBERS = int(os.environ.get("BENCH_SUBSCRIBERS", "100000"))


def _env(**extra) -> dict:
    return public._env(PEWARTA_VAR_DIR=str(VAR), HUEY_IMMEDIATE="0", **extra)


def seed() -> None:
    import django

    django.setup()
    from django.db import transaction
    from django.utils import timezone

    from pewarta.accounts.models import Contributor
    from pewarta.community.models import Follow, Subscriber
    from pewarta.desk.models import Story

    have = Subscriber.objects.count()
    if have >= SUBSCRIBERS:
        return
    writers = list(Contributor.objects.order_by("pk").values_list("pk", flat=True)[:400])
    now = timezone.now()
    Story.objects.filter(pk__lte=200).update(published_at=now - timezone.timedelta(hours=2))
    batch = 10_000
    for start in range(have, SUBSCRIBERS, batch):
        with transaction.atomic():
            subs = Subscriber.objects.bulk_create(
                [
                    Subscriber(
                        email=f"pembaca-{i}@example.id",
                        frequency="daily",
                        confirmed_at=now,
                        token=f"bench-token-{i:08d}",
                    )
                    for i in range(start, min(start + batch, SUBSCRIBERS))
                ]
            )
            Follow.objects.bulk_create(
                [
                    Follow(
                        subscriber=s,
                        kind="writer",
                        target_id=writers[s.pk % len(writers)],
                        active=True,
                    )
                    for s in subs
                ]  # fmt: skip
            )
        print(f"   seeded {min(start + batch, SUBSCRIBERS):,} subscribers", flush=True)


def measure() -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.core.mail import EmailMessage, get_connection
    from django.test import override_settings
    from django.urls import reverse
    from huey.contrib.djhuey import HUEY

    from pewarta.community import digests, tasks
    from pewarta.community.models import DigestSend

    HUEY.flush()
    started = time.perf_counter()
    ids = list(digests.active_subscribers("daily").values_list("pk", flat=True))
    scan = time.perf_counter() - started
    started = time.perf_counter()
    batches = tasks.digests_queue("daily")
    queued = time.perf_counter() - started
    pending = HUEY.pending_count()
    HUEY.flush()
    size = settings.PEWARTA_DIGEST_BATCH_SIZE
    print(f"   subscribers {len(ids):,}; {batches} batches of {size}; {pending} tasks queued")
    print(f"   scan of subscriber ids       {scan:>8.2f} s   (reference)")
    verdict = "ok" if queued <= 60 else "ABOVE TARGET"
    print(f"   digests queued               {queued:>8.2f} s   {queued / scan:.1f}x the scan "
          f"(target <= 60 s) {verdict}")  # fmt: skip

    reverse("public:home")  # a running worker has its URLconf loaded; this process warms up
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        ((batch, period, since, until),) = [next(iter(digests.digest_batches("daily")))]
        DigestSend.objects.filter(period=period).delete()
        started = time.perf_counter()
        sent, failed = digests.send_batch(batch, f"bench:{time.time()}", since, until)
        digest_rate = sent / (time.perf_counter() - started)
        connection = get_connection()
        started = time.perf_counter()
        for i in range(len(batch)):
            message = EmailMessage("Kabar", "Isi kabar.\n" * 20, to=[f"x{i}@example.id"])
            connection.send_messages([message])
        plain_rate = len(batch) / (time.perf_counter() - started)
    print(f"   plain mail to the backend    {plain_rate:>8,.0f} msg/s (reference)")
    share = digest_rate / plain_rate
    print(f"   digests built and sent       {digest_rate:>8,.0f} msg/s {share:.2f} of the "
          f"backend's rate ({sent} sent, {failed} failed)")  # fmt: skip


def main() -> None:
    VAR.mkdir(parents=True, exist_ok=True)
    python = sys.executable
    subprocess.run(
        [python, "-m", "pewarta.cli", "migrate", "--no-input", "-v0"], env=_env(), check=True
    )
    subprocess.run(
        [python, "-m", "bench.bench_public", "seed", "400"], env=_env(), check=True,
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    subprocess.run([python, "-m", "bench.bench_digests", "seed"], env=_env(), check=True)
    subprocess.run([python, "-m", "bench.bench_digests", "measure"], env=_env(), check=True)


if __name__ == "__main__":
    {"seed": seed, "measure": measure}[sys.argv[1]]()
