"""Every write about honoraria. Ledger entries are only ever added (a reversal undoes one).

Publishing writes an earning per credited writer at the kind's current rate (an effect handler
after the desk's commit); retracting or unpublishing reverses every live entry of the story; a
correction reverses one entry and adds the right one; a daily task adds bonuses by views.
"""

import csv
import io
import logging
import re

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from pewarta.accounts.models import Contributor
from pewarta.accounts.roles import FINANCE, has_role
from pewarta.audit.services import event_record
from pewarta.common.errors import NotPermitted, ValidationFailed
from pewarta.desk.models import Kind, Status, Story
from pewarta.honorarium import crypto
from pewarta.honorarium.models import BankAccount, BonusTier, LedgerEntry, Rate
from pewarta.honorarium.views_source import total_views

logger = logging.getLogger(__name__)
PERIOD = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def check_finance(actor) -> None:
    if not has_role(actor, FINANCE):
        raise NotPermitted()


def period_of(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m")


def current_rates() -> dict[str, Rate]:
    rates = {}
    for rate in Rate.objects.order_by("kind", "-created_at", "-id"):
        rates.setdefault(rate.kind, rate)
    return rates


def rate_set(*, kind: str, amount: int, actor, note: str = "") -> Rate:
    """Finance sets the rate of a kind from now on (earlier entries keep their rate)."""
    check_finance(actor)
    if kind not in Kind.values:
        raise ValidationFailed(_("Jenis naskah tidak dikenal."))
    if amount is None or int(amount) < 0:
        raise ValidationFailed(_("Tarif harus berupa angka rupiah, nol atau lebih."))
    with transaction.atomic():
        rate = Rate.objects.create(kind=kind, amount=int(amount), note=note[:200], created_by=actor)
        event_record(
            action="honorarium.rate_set",
            actor=actor,
            subject=rate,
            payload={"kind": kind, "amount": rate.amount},
        )
    return rate


def bonus_tier_set(*, kind: str, min_views: int, amount: int, actor) -> BonusTier:
    check_finance(actor)
    if kind and kind not in Kind.values:
        raise ValidationFailed(_("Jenis naskah tidak dikenal."))
    if int(min_views) < 1 or int(amount) < 1:
        raise ValidationFailed(_("Isi jumlah pembaca dan bonus (angka lebih dari nol)."))
    with transaction.atomic():
        tier = BonusTier.objects.create(
            kind=kind, min_views=int(min_views), amount=int(amount), created_by=actor
        )
        event_record(
            action="honorarium.bonus_tier_set",
            actor=actor,
            subject=tier,
            payload={"kind": kind, "min_views": tier.min_views, "amount": tier.amount},
        )
    return tier


def _live(entries):
    """Entries not reversed and not themselves reversals."""
    return entries.exclude(entry_type=LedgerEntry.Type.REVERSAL).filter(reversed_by__isnull=True)


def _reverse(entry: LedgerEntry, *, actor=None, note: str) -> LedgerEntry:
    return LedgerEntry.objects.create(
        contributor_id=entry.contributor_id,
        story_id=entry.story_id,
        entry_type=LedgerEntry.Type.REVERSAL,
        kind=entry.kind,
        amount=-entry.amount,
        reverses=entry,
        period=period_of(timezone.now()),
        note=note[:300],
        created_by=actor,
    )


def _pay_once(story, contributor, entry_type, amount, *, rate=None, tier=None, note=""):
    """One entry of this type (for this rate's kind, or this bonus tier) per writer and story:
    None when a live one is already there."""
    same = {"tier": tier} if tier is not None else {"entry_type": entry_type}
    if _live(LedgerEntry.objects.filter(story=story, contributor=contributor, **same)).exists():
        return None
    return LedgerEntry.objects.create(
        contributor=contributor, story=story, entry_type=entry_type, kind=story.kind,
        amount=amount, rate=rate, tier=tier, period=period_of(timezone.now()), note=note,
    )  # fmt: skip


def story_earnings_record(story: Story) -> list[LedgerEntry]:
    """A published story earns its kind's rate once per credited writer (idempotent)."""
    rate = current_rates().get(story.kind)
    if rate is None:
        logger.info("no honorarium rate for kind %s; story %s earns nothing", story.kind, story.pk)
        return []
    created = []
    with transaction.atomic():
        Story.objects.select_for_update().filter(pk=story.pk).values_list("pk").first()
        for contributor in story.authors.filter(erased_at__isnull=True):
            entry = _pay_once(story, contributor, LedgerEntry.Type.EARNING, rate.amount, rate=rate)
            if entry is not None:
                created.append(entry)
    return created


def story_earnings_reverse(story: Story, *, note: str, actor=None) -> list[LedgerEntry]:
    with transaction.atomic():
        locked = LedgerEntry.objects.select_for_update(of=("self",)).filter(story=story)
        entries = list(_live(locked))
        return [_reverse(entry, actor=actor, note=note) for entry in entries]


def on_story_change(*, story_id: int, action: str, event_id: int | None = None) -> None:
    """Desk effect handler: publishing earns, retracting or unpublishing reverses."""
    if action not in ("publish", "retract", "unpublish"):
        return
    story = Story.objects.filter(pk=story_id).first()
    if story is None:
        return
    if action == "publish" and story.status == Status.PUBLISHED:
        story_earnings_record(story)
    elif action != "publish":
        story_earnings_reverse(story, note=_("Naskah dicabut atau diturunkan"))


def entry_correct(*, entry: LedgerEntry, amount: int, actor, note: str) -> LedgerEntry:
    """Finance corrects an amount: the entry is reversed and the right one added, never edited."""
    check_finance(actor)
    if not note.strip():
        raise ValidationFailed(_("Tulis alasan koreksi."))
    if int(amount) < 0:
        raise ValidationFailed(_("Jumlah koreksi tidak boleh negatif."))
    with transaction.atomic():
        entry = LedgerEntry.objects.select_for_update().get(pk=entry.pk)
        if entry.entry_type == LedgerEntry.Type.REVERSAL or hasattr(entry, "reversed_by"):
            raise ValidationFailed(_("Entri ini sudah dibatalkan atau merupakan pembatalan."))
        _reverse(entry, actor=actor, note=_("Koreksi: %(note)s") % {"note": note})
        fixed = LedgerEntry.objects.create(
            contributor_id=entry.contributor_id,
            story_id=entry.story_id,
            entry_type=entry.entry_type,
            kind=entry.kind,
            amount=int(amount),
            rate=entry.rate,
            tier=entry.tier,
            period=period_of(timezone.now()),
            note=note[:300],
            created_by=actor,
        )
        event_record(
            action="honorarium.entry_corrected",
            actor=actor,
            story=entry.story,
            subject=fixed,
            note=note,
            payload={"entry": entry.pk, "from": entry.amount, "to": fixed.amount},
        )
    return fixed


def bonuses_award() -> list[LedgerEntry]:
    """Bonus tiers reached by published pieces (views from the reader site), once per tier."""
    tiers = list(BonusTier.objects.filter(active=True))
    if not tiers:
        return []
    stories = {s.pk: s for s in Story.objects.published().prefetch_related("authors")}
    views = total_views(stories)
    created = []
    for story_id, count in views.items():
        story = stories.get(story_id)
        if story is None:
            continue
        for tier in tiers:
            if count < tier.min_views or (tier.kind and tier.kind != story.kind):
                continue
            for contributor in story.authors.all():
                if contributor.erased_at:
                    continue
                entry = _pay_once(
                    story, contributor, LedgerEntry.Type.BONUS, tier.amount, tier=tier,
                    note=_("Dibaca %(n)d kali") % {"n": count},
                )  # fmt: skip
                if entry is not None:
                    created.append(entry)
    return created


# --- statements and export ----------------------------------------------------------------------


def pph(gross: int) -> int:
    """Withholding (PPh) at PEWARTA_HONORARIUM_PPH_PERCENT, rounded to the rupiah."""
    if gross <= 0:
        return 0
    return round(gross * settings.PEWARTA_HONORARIUM_PPH_PERCENT / 100)


def statements(contributor: Contributor) -> list[dict]:
    """Monthly totals of one contributor, newest first: gross, PPh, net."""
    rows = (
        LedgerEntry.objects.filter(contributor=contributor)
        .values("period")
        .annotate(gross=Sum("amount"))
        .order_by("-period")
    )
    return [
        {"period": r["period"], "gross": r["gross"], "pph": pph(r["gross"]),
         "net": r["gross"] - pph(r["gross"])}
        for r in rows
    ]  # fmt: skip


def check_period(period: str) -> str:
    if not PERIOD.match(period or ""):
        raise ValidationFailed(_("Bulan harus ditulis TTTT-BB, misalnya 2026-11."))
    return period


CSV_HEADER = [
    "penulis_id",
    "nama_pena",
    "nama_asli",
    "email",
    "bank",
    "pemilik_rekening",
    "nomor_rekening",
    "entri",
    "bruto",
    "pph_persen",
    "pph",
    "neto",
]


def month_csv(*, period: str, actor) -> str:
    """Finance exports a month: one line per writer with gross, PPh and net, and bank details
    in clear (only finance may)."""
    check_finance(actor)
    check_period(period)
    totals = (
        LedgerEntry.objects.filter(period=period)
        .values("contributor_id")
        .annotate(gross=Sum("amount"), entries=Count("id"))
        .order_by("contributor_id")
    )
    people = Contributor.objects.in_bulk([t["contributor_id"] for t in totals])
    banks = {b.contributor_id: b for b in BankAccount.objects.filter(contributor_id__in=people)}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for total in totals:
        person = people[total["contributor_id"]]
        bank = banks.get(person.pk)
        gross = total["gross"] or 0
        writer.writerow(
            [
                person.pk,
                person.pen_name,
                person.real_name,
                person.email,
                bank.bank_name if bank else "",
                bank.holder if bank else "",
                bank.number if bank else "",
                total["entries"],
                gross,
                settings.PEWARTA_HONORARIUM_PPH_PERCENT,
                pph(gross),
                gross - pph(gross),
            ]
        )
    event_record(action="honorarium.month_exported", actor=actor, payload={"period": period})
    return out.getvalue()


# --- bank details -------------------------------------------------------------------------------

_DIGITS = re.compile(r"^[0-9]{5,20}$")


def bank_account_set(
    *, contributor: Contributor, bank_name: str, holder: str, number: str
) -> BankAccount:
    """The contributor gives where to be paid; holder and number are stored encrypted."""
    number = re.sub(r"[\s.-]", "", number or "")
    if not bank_name.strip() or not holder.strip():
        raise ValidationFailed(_("Isi nama bank dan nama pemilik rekening."))
    if not _DIGITS.match(number):
        raise ValidationFailed(_("Nomor rekening harus 5–20 angka."))
    account, _created = BankAccount.objects.update_or_create(
        contributor=contributor,
        defaults={
            "bank_name": bank_name.strip()[:100],
            "holder_encrypted": crypto.encrypt(holder.strip()[:200]),
            "number_encrypted": crypto.encrypt(number),
        },
    )
    return account


def entries_for(contributor: Contributor, period: str | None = None):
    entries = LedgerEntry.objects.filter(contributor=contributor).select_related(
        "story", "story__live_revision", "story__draft_revision"
    )
    if period:
        entries = entries.filter(period=period)
    return entries
