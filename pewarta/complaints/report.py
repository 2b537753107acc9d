"""The compliance report: what was received, how fast the desk acted, whether deadlines held.

Computed from the audit Events only (never from the mutable Complaint rows), so the figures
are what the newsroom can prove. `rows_from_events` is pure; `compliance_report` loads.
"""

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from statistics import median

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from pewarta.audit.models import Event
from pewarta.complaints.models import Complaint
from pewarta.complaints.services import ACTION_EVENTS

MET, MISSED, OPEN = "met", "missed", "open"


@dataclass
class Row:
    complaint_id: int
    kind: str
    story_id: int | None
    received_at: datetime
    deadline_at: datetime
    first_action_at: datetime | None = None
    resolved_at: datetime | None = None
    outcome: str = ""

    @property
    def hours_to_first_action(self) -> float | None:
        if self.first_action_at is None:
            return None
        return round((self.first_action_at - self.received_at) / timedelta(hours=1), 2)

    def verdict(self, now: datetime) -> str:
        if self.resolved_at is not None:
            return MET if self.resolved_at <= self.deadline_at else MISSED
        return MISSED if now > self.deadline_at else OPEN


@dataclass
class Report:
    start: datetime
    end: datetime
    now: datetime
    rows: list[Row] = field(default_factory=list)

    @property
    def received(self) -> int:
        return len(self.rows)

    @property
    def by_kind(self) -> dict[str, int]:
        return dict(Counter(row.kind for row in self.rows))

    @property
    def verdicts(self) -> dict[str, int]:
        counts = Counter(row.verdict(self.now) for row in self.rows)
        return {key: counts.get(key, 0) for key in (MET, MISSED, OPEN)}

    @property
    def outcomes(self) -> dict[str, int]:
        return dict(Counter(row.outcome for row in self.rows if row.outcome))

    @property
    def median_hours_to_first_action(self) -> float | None:
        hours = [h for row in self.rows if (h := row.hours_to_first_action) is not None]
        return round(median(hours), 2) if hours else None


EVENT_FIELDS = ("object_id", "action", "created_at", "payload", "story_id")


def rows_from_events(events, start=None, end=None) -> list[Row]:
    """Fold complaint Events (dicts of EVENT_FIELDS, oldest first) into one Row per complaint
    received in [start, end)."""
    rows: dict[str, Row] = {}
    for event in events:
        key, action, at, payload = (
            event["object_id"],
            event["action"],
            event["created_at"],
            event["payload"],
        )
        if action == "complaint.received":
            if (start and at < start) or (end and at >= end):
                continue
            rows[key] = Row(
                complaint_id=int(key),
                kind=payload.get("kind", ""),
                story_id=event["story_id"],
                received_at=parse_datetime(payload.get("received_at", "")) or at,
                deadline_at=parse_datetime(payload["deadline_at"]),
            )
            continue
        row = rows.get(key)
        if row is None or action not in ACTION_EVENTS:
            continue
        if row.first_action_at is None:
            row.first_action_at = at
        if action == "complaint.resolved" and row.resolved_at is None:
            row.resolved_at = at
            row.outcome = payload.get("outcome", "")
    return list(rows.values())


def compliance_report(*, start: datetime, end: datetime, now: datetime | None = None) -> Report:
    """Complaints received in [start, end) and everything the desk did about them since."""
    # One range scan: a complaint's later events all come after its received event.
    events = (
        Event.objects.filter(
            content_type=ContentType.objects.get_for_model(Complaint), created_at__gte=start
        )
        .order_by("created_at", "id")
        .values(*EVENT_FIELDS)
    )
    rows = rows_from_events(events.iterator(chunk_size=5000), start, end)
    return Report(start=start, end=end, now=now or timezone.now(), rows=rows)


CSV_HEADER = [
    "pengaduan",
    "jenis",
    "naskah",
    "diterima",
    "batas_waktu",
    "tindakan_pertama",
    "jam_ke_tindakan_pertama",
    "diselesaikan",
    "hasil",
    "tenggat",
]


def report_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for row in report.rows:
        writer.writerow(
            [
                row.complaint_id,
                row.kind,
                row.story_id or "",
                row.received_at.isoformat(),
                row.deadline_at.isoformat(),
                row.first_action_at.isoformat() if row.first_action_at else "",
                "" if row.hours_to_first_action is None else row.hours_to_first_action,
                row.resolved_at.isoformat() if row.resolved_at else "",
                row.outcome,
                row.verdict(report.now),
            ]
        )
    return out.getvalue()
