"""Pure deadline arithmetic: how long the desk has for each kind of complaint."""

from datetime import datetime, timedelta

from django.conf import settings


def hours_allowed(kind: str, *, urgent: bool = False) -> int:
    """Hours to act. Reports about user content: 2x24 by PPMS section 3; the rest configurable."""
    if kind == "report":
        return settings.PEWARTA_COMPLAINT_HOURS_REPORT
    if kind == "reply":
        return settings.PEWARTA_COMPLAINT_HOURS_REPLY
    if kind == "correction":
        return settings.PEWARTA_COMPLAINT_HOURS_CORRECTION
    if kind == "takedown":
        if urgent:
            return settings.PEWARTA_COMPLAINT_HOURS_TAKEDOWN_URGENT
        return settings.PEWARTA_COMPLAINT_HOURS_TAKEDOWN
    raise ValueError(f"unknown complaint kind {kind!r}")


def deadline_for(kind: str, received_at: datetime, *, urgent: bool = False) -> datetime:
    return received_at + timedelta(hours=hours_allowed(kind, urgent=urgent))


def remind_at(deadline: datetime) -> datetime:
    return deadline - timedelta(hours=settings.PEWARTA_COMPLAINT_REMIND_BEFORE_HOURS)


def remind_at_cutoff(now: datetime) -> datetime:
    """Deadlines at or before this moment are due a reminder now."""
    return now + timedelta(hours=settings.PEWARTA_COMPLAINT_REMIND_BEFORE_HOURS)


def clock_label(deadline: datetime, now: datetime) -> str:
    """`5 j 20 m` left, or `-1 j 05 m` when overdue (the desk shows it in red)."""
    seconds = int((deadline - now).total_seconds())
    sign = "-" if seconds < 0 else ""
    minutes = abs(seconds) // 60
    hours, minutes = divmod(minutes, 60)
    return f"{sign}{hours} j {minutes:02d} m"
