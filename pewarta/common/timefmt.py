"""Dates as Indonesian newsrooms print them: `Senin, 10 September 2018 14:05 WIB`."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

JAKARTA = ZoneInfo("Asia/Jakarta")
HARI = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
BULAN = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
    "September", "Oktober", "November", "Desember",
]  # fmt: skip


def tanggal_lengkap(value: datetime) -> str:
    """Full Indonesian date and time in Western Indonesian Time (WIB)."""
    if value is None:
        return ""
    local = timezone.localtime(value, JAKARTA)
    return (
        f"{HARI[local.weekday()]}, {local.day} {BULAN[local.month - 1]} {local.year} "
        f"{local:%H:%M} WIB"
    )


def tanggal(value: datetime) -> str:
    """Indonesian date without the time: `10 September 2018`."""
    if value is None:
        return ""
    local = timezone.localtime(value, JAKARTA)
    return f"{local.day} {BULAN[local.month - 1]} {local.year}"
