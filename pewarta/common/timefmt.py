"""Dates as Indonesian newsrooms print them: `Senin, 10 September 2018 14:05 WIB`.

With English chosen the same shape in English (`Monday, 10 September 2018 14:05 WIB`), so that
a page never mixes the two languages; this does not depend on the translation catalogue.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import get_language

JAKARTA = ZoneInfo("Asia/Jakarta")
HARI = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
BULAN = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
    "September", "Oktober", "November", "Desember",
]  # fmt: skip
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
]  # fmt: skip


def _names() -> tuple[list[str], list[str]]:
    return (DAYS, MONTHS) if (get_language() or "id").startswith("en") else (HARI, BULAN)


def tanggal_lengkap(value: datetime) -> str:
    """Full Indonesian date and time in Western Indonesian Time (WIB)."""
    if value is None:
        return ""
    local = timezone.localtime(value, JAKARTA)
    days, months = _names()
    return (
        f"{days[local.weekday()]}, {local.day} {months[local.month - 1]} {local.year} "
        f"{local:%H:%M} WIB"
    )


def tanggal(value: datetime) -> str:
    """Indonesian date without the time: `10 September 2018`."""
    if value is None:
        return ""
    local = timezone.localtime(value, JAKARTA)
    return f"{local.day} {_names()[1][local.month - 1]} {local.year}"
