"""Complaints: the compliance report over a year of complaints, and the story notices block.

    make bench                                          # 20,000 complaints
    BENCH_COMPLAINTS=100000 python -m bench complaints

1. The compliance report folds every complaint Event of the period (received, claimed,
   resolved, reminders) into rows. Reference, measured in the same run: the bare query that
   reads the same Event rows (values_list, no folding) — the report cannot be cheaper than
   reading its evidence. Target: report <= 4x the reference.
2. `{% story_notices %}` for a story with 0 and with 60 notices: queries (target: the same, 2)
   and render time, the reference being the empty block.

Runs in a child process on its own SQLite database under var/bench/complaints/, written with
bulk_create (this is data, not behaviour).
"""

import os
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench" / "complaints"
COMPLAINTS = int(os.environ.get("BENCH_COMPLAINTS", "20000"))
START = datetime(2025, 1, 1, tzinfo=UTC)


def _best(fn, runs=5) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def seed(n: int) -> None:
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction

    from pewarta.complaints.models import Complaint
    from pewarta.desk.models import Event, Revision, Status, Story

    if Complaint.objects.count() >= n:
        return
    with transaction.atomic():
        story = Story.objects.create(status=Status.PUBLISHED, slug="bench", published_at=START)
        revision = Revision.objects.create(story=story, number=1, headline="Bench", body_html="")
        Story.objects.filter(pk=story.pk).update(live_revision=revision, draft_revision=revision)
        kinds = ["report", "report", "reply", "correction", "takedown"]
        complaints = []
        for i in range(n):
            received = START + timedelta(minutes=26 * i)
            complaints.append(
                Complaint(
                    kind=kinds[i % 5],
                    story=story,
                    reason="sara" if i % 5 < 2 else "",
                    received_at=received,
                    deadline_at=received + timedelta(hours=48),
                )
            )
        Complaint.objects.bulk_create(complaints, batch_size=2000)
        content_type = ContentType.objects.get_for_model(Complaint)
        events = []
        for i, complaint in enumerate(Complaint.objects.order_by("pk")):
            at = complaint.received_at
            common = {"story": story, "content_type": content_type, "object_id": str(complaint.pk)}
            events.append(
                Event(
                    action="complaint.received",
                    created_at=at,
                    payload={
                        "kind": complaint.kind,
                        "deadline_at": complaint.deadline_at.isoformat(),
                    },
                    **common,
                )
            )
            events.append(
                Event(
                    action="complaint.claimed", created_at=at + timedelta(hours=2 + i % 7), **common
                )
            )
            if i % 3:
                events.append(
                    Event(
                        action="complaint.reminder_sent",
                        created_at=at + timedelta(hours=42),
                        **common,
                    )
                )
            done = at + timedelta(hours=10 + (i % 50))
            events.append(
                Event(
                    action="complaint.resolved",
                    created_at=done,
                    payload={"outcome": "dismissed", "met": done <= complaint.deadline_at},
                    **common,
                )
            )
        Event.objects.bulk_create(events, batch_size=2000)


def measure(n: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.template import Context, Template
    from django.test.utils import CaptureQueriesContext

    from pewarta.complaints.models import Complaint, Correction, RightOfReply
    from pewarta.complaints.report import compliance_report
    from pewarta.desk.models import Event, Revision, Status, Story

    call_command("migrate", verbosity=0)
    seed(n)
    start, end, now = START, START + timedelta(days=3650), START + timedelta(days=3650)

    def reference():
        list(
            Event.objects.filter(content_type__model="complaint").values_list(
                "object_id", "action", "created_at", "payload"
            )
        )

    report = compliance_report(start=start, end=end, now=now)
    ref = _best(reference)
    took = _best(lambda: compliance_report(start=start, end=end, now=now))
    events = Event.objects.filter(content_type__model="complaint").count()
    print(f"   compliance report: {report.received} complaints, {events} events")
    print(f"   reference (read the events): {ref * 1000:.0f} ms")
    print(f"   report (read + fold):        {took * 1000:.0f} ms  ratio {took / ref:.2f}")
    print("   target: ratio <= 4")
    median = report.median_hours_to_first_action
    print(f"   verdicts {report.verdicts}, median to first action {median} h")

    story = Story.objects.filter(slug="bench-notices").first()
    empty = Story.objects.filter(slug="bench-empty").first()
    if story is None:
        story = Story.objects.create(
            status=Status.PUBLISHED, slug="bench-notices", published_at=START
        )
        empty = Story.objects.create(
            status=Status.PUBLISHED, slug="bench-empty", published_at=START
        )
        for s in (story, empty):
            rev = Revision.objects.create(story=s, number=1, headline=s.slug, body_html="")
            Story.objects.filter(pk=s.pk).update(live_revision=rev, draft_revision=rev)
        Correction.objects.bulk_create(
            Correction(story=story, kind="ralat", text=f"Ralat {i}") for i in range(40)
        )
        RightOfReply.objects.bulk_create(
            RightOfReply(story=story, respondent=f"W{i}", title=f"J{i}", body_html="x")
            for i in range(20)
        )
    template = Template("{% load complaints %}{% story_notices story %}")

    def render(target):
        return template.render(Context({"story": target}))

    with CaptureQueriesContext(connection) as q_empty:
        render(empty)
    with CaptureQueriesContext(connection) as q_full:
        html = render(story)
    t_empty = _best(lambda: render(empty), runs=20)
    t_full = _best(lambda: render(story), runs=20)
    shown = html.count('class="story-notice ')
    print(f"   story_notices: {shown} notices in {len(q_full)} queries")
    print(f"   (empty block: {len(q_empty)} queries)")
    print(
        f"   render 60 notices {t_full * 1000:.1f} ms vs empty {t_empty * 1000:.1f} ms"
        f"  ratio {t_full / t_empty:.1f}"
    )
    assert Complaint.objects.count() >= n


def main() -> None:
    VAR.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    env.update(
        DJANGO_SETTINGS_MODULE="pewarta.settings",
        PEWARTA_VAR_DIR=str(VAR),
        LOG_LEVEL="WARNING",
    )
    subprocess.run(
        [sys.executable, "-m", "bench.bench_complaints", "run", str(COMPLAINTS)],
        env=env,
        check=True,
        cwd=ROOT,
    )


if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "run":
        measure(int(sys.argv[2]))
    else:
        main()
