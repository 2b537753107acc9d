"""Desk numbers: submissions per day, time to first decision, decisions, backlog by age."""

from datetime import timedelta
from statistics import median

from django.db.models import Count, Min
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from pewarta.audit.models import Event
from pewarta.desk import charts, queue
from pewarta.desk.models import Story
from pewarta.desk.services import REJECTION_REASONS
from pewarta.desk.workflow import ACTION_LABELS, EVENT_NAMES

_readership = []


def register_readership(func) -> None:
    """Register `func(*, days)` -> reads per day in all, per section and per story (the public
    site counts them; the desk sits below it and only shows them)."""
    _readership[:] = [func]


def readership(days: int) -> dict | None:
    """Reads over the last `days` days with their charts, or None without a registered source."""
    if not _readership:
        return None
    data = _readership[0](days=days)
    labels = [day.strftime("%d/%m") for day in data["days"]]
    every = max(days // 10, 1)
    return {
        "total": sum(data["total"]),
        "chart": charts.bar_chart(
            list(zip(labels, data["total"], strict=True)),
            title=_("Dibaca per hari"),
            label_every=every,
        ),
        "sections": [
            (
                name,
                total,
                charts.bar_chart(
                    list(zip(labels, series, strict=True)),
                    title=name,
                    height=140,
                    label_every=every,
                ),
            )
            for name, series, total in data["sections"]
        ],  # fmt: skip
        "stories": [
            (
                story,
                total,
                charts.bar_chart(
                    list(zip(labels, series, strict=True)),
                    title=str(story),
                    height=90,
                    label_every=every,
                ),
            )
            for story, series, total in data["stories"]
        ],  # fmt: skip
    }


DECISION_ACTIONS = ["request_changes", "reject", "approve", "publish", "schedule"]
DECISIONS = [EVENT_NAMES[action] for action in DECISION_ACTIONS]

BACKLOG_BUCKETS = [
    (timedelta(hours=4), _l("< 4 jam")),
    (timedelta(hours=24), _l("4–24 jam")),
    (timedelta(days=3), _l("1–3 hari")),
    (timedelta(days=7), _l("3–7 hari")),
    (None, _l("> 7 hari")),
]


def submissions_per_day(since, days: int) -> list[tuple[str, int]]:
    counts = {}
    for submitted in Story.objects.filter(submitted_at__gte=since).values_list(
        "submitted_at", flat=True
    ):
        day = timezone.localtime(submitted).date()
        counts[day] = counts.get(day, 0) + 1
    today = timezone.localdate()
    return [
        ((today - timedelta(days=n)).strftime("%d/%m"), counts.get(today - timedelta(days=n), 0))
        for n in range(days - 1, -1, -1)
    ]


def hours_to_first_decision(since) -> list[tuple]:
    """(submitted_at, hours) for stories submitted since `since` that have had a decision."""
    rows = (
        Story.objects.filter(submitted_at__gte=since, events__action__in=DECISIONS)
        .annotate(first=Min("events__created_at"))
        .values_list("submitted_at", "first")
    )
    return [(sub, max((first - sub).total_seconds() / 3600, 0)) for sub, first in rows]


def weekly_median(pairs, weeks: int) -> list[tuple[str, float]]:
    start = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    out = []
    for n in range(weeks - 1, -1, -1):
        monday = start - timedelta(weeks=n)
        values = [
            h
            for sub, h in pairs
            if monday <= timezone.localtime(sub).date() < monday + timedelta(7)
        ]
        out.append((monday.strftime("%d/%m"), round(median(values), 1) if values else 0))
    return out


def decisions_by_reason(since) -> list[tuple[str, int]]:
    events = Event.objects.filter(created_at__gte=since, action__in=DECISIONS)
    by_action = dict(events.values_list("action").annotate(n=Count("pk")))
    rows = []
    for action in DECISION_ACTIONS:
        if action == "reject":
            continue
        rows.append((str(ACTION_LABELS[action]), by_action.get(EVENT_NAMES[action], 0)))
    reasons = {}
    for payload in events.filter(action="story.rejected").values_list("payload", flat=True):
        code = (payload or {}).get("reason", "")
        reasons[code] = reasons.get(code, 0) + 1
    for code, label in REJECTION_REASONS.items():
        rows.append((_("Tolak: %(reason)s") % {"reason": label}, reasons.get(code, 0)))
    return rows


def backlog_by_age(now=None) -> list[tuple[str, int]]:
    now = now or timezone.now()
    counts = [0] * len(BACKLOG_BUCKETS)
    for item in queue.queue_queryset().exclude(status__in=["scheduled", "published"]):
        age = now - (item.waiting_since or item.submitted_at)
        for i, (limit, _label) in enumerate(BACKLOG_BUCKETS):
            if limit is None or age < limit:
                counts[i] += 1
                break
    return [(str(label), counts[i]) for i, (_limit, label) in enumerate(BACKLOG_BUCKETS)]


def dashboard(*, days: int = 30) -> dict:
    since = timezone.now() - timedelta(days=days)
    per_day = submissions_per_day(since, days)
    pairs = hours_to_first_decision(since)
    weekly = weekly_median(pairs, max(days // 7, 1))
    decisions = decisions_by_reason(since)
    backlog = backlog_by_age()
    return {
        "days": days,
        "submitted_total": sum(n for _d, n in per_day),
        "median_hours": round(median([h for _s, h in pairs]), 1) if pairs else None,
        "decided_total": len(pairs),
        "backlog_total": sum(n for _l, n in backlog),
        "per_day": per_day,
        "chart_per_day": charts.bar_chart(
            per_day, title=_("Naskah masuk per hari"), label_every=max(days // 10, 1)
        ),
        "chart_median": charts.bar_chart(
            weekly, title=_("Median jam hingga keputusan pertama, per minggu")
        ),
        "chart_decisions": charts.hbar_chart(decisions, title=_("Keputusan menurut jenis/alasan")),
        "chart_backlog": charts.bar_chart(backlog, title=_("Antrean menurut umur")),
        "decisions": decisions,
        "backlog": backlog,
        "readership": readership(days),
    }
