"""Keyset conditions for lists walked newest first by (time, id).

`time < t OR (time = t AND id < i)` alone makes PostgreSQL walk its index from the newest row
down to the cursor (200 ms for a deep page at 200,000 stories); bounding the range with
`time <= t` first lets it start at the cursor (3 ms). The OR then only settles the ties.
"""

from django.db.models import Q


def older_than(when, pk, field: str = "published_at", tie: str = "pk") -> Q:
    """Rows after the cursor (when, pk) in newest-first order."""
    return Q(**{f"{field}__lte": when}) & (
        Q(**{f"{field}__lt": when}) | Q(**{field: when, f"{tie}__lt": pk})
    )


def newer_than(when, pk, field: str = "published_at", tie: str = "pk") -> Q:
    """Rows before the cursor (when, pk) in newest-first order."""
    return Q(**{f"{field}__gte": when}) & (
        Q(**{f"{field}__gt": when}) | Q(**{field: when, f"{tie}__gt": pk})
    )
