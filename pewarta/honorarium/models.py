"""Rates, bonus tiers, the append-only ledger and contributors' bank details."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pewarta.desk.models import Kind
from pewarta.honorarium import crypto


class AppendOnly(Exception):
    pass


class Rate(models.Model):
    """What a published piece of `kind` earns from `created_at` on. Never edited: a new rate
    is a new row, and the newest row of a kind is its rate."""

    kind = models.CharField(_("jenis naskah"), max_length=20, choices=Kind)
    amount = models.PositiveIntegerField(_("honorarium (Rp)"))
    note = models.CharField(_("catatan"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("berlaku sejak"), default=timezone.now)

    class Meta:
        verbose_name = _("tarif honorarium")
        verbose_name_plural = _("tarif honorarium")
        ordering = ["kind", "-created_at", "-id"]

    def __str__(self):
        return f"{self.kind}: {self.amount}"


class BonusTier(models.Model):
    """A bonus (like K-Rewards) once a piece of `kind` (blank: any) is read `min_views` times."""

    kind = models.CharField(_("jenis naskah"), max_length=20, choices=Kind, blank=True)
    min_views = models.PositiveIntegerField(_("dibaca minimal"))
    amount = models.PositiveIntegerField(_("bonus (Rp)"))
    active = models.BooleanField(_("aktif"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("bonus pembaca")
        verbose_name_plural = _("bonus pembaca")
        ordering = ["kind", "min_views"]

    def __str__(self):
        return f"{self.kind or '*'} ≥{self.min_views}: {self.amount}"


class LedgerEntry(models.Model):
    """One line of the ledger. Append-only: a retraction or a correction adds a reversing
    entry (`reverses`), it never changes or deletes one."""

    class Type(models.TextChoices):
        EARNING = "earning", _("Honorarium naskah")
        BONUS = "bonus", _("Bonus pembaca")
        REVERSAL = "reversal", _("Pembatalan")

    contributor = models.ForeignKey(
        "accounts.Contributor", on_delete=models.PROTECT, related_name="ledger_entries"
    )
    story = models.ForeignKey("desk.Story", on_delete=models.PROTECT, related_name="+")
    entry_type = models.CharField(_("jenis entri"), max_length=10, choices=Type)
    kind = models.CharField(_("jenis naskah"), max_length=20, choices=Kind)
    amount = models.IntegerField(_("jumlah (Rp)"))
    rate = models.ForeignKey(Rate, on_delete=models.PROTECT, null=True, blank=True)
    tier = models.ForeignKey(BonusTier, on_delete=models.PROTECT, null=True, blank=True)
    reverses = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="reversed_by"
    )
    period = models.CharField(_("bulan"), max_length=7, db_index=True)  # YYYY-MM, WIB
    note = models.CharField(_("keterangan"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("dicatat"), default=timezone.now)

    class Meta:
        verbose_name = _("entri honorarium")
        verbose_name_plural = _("entri honorarium")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["contributor", "period"])]

    def __str__(self):
        return f"{self.period} {self.contributor_id} {self.amount}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnly("ledger entries are never changed; write a reversing entry")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("ledger entries are never deleted; write a reversing entry")


class BankAccount(models.Model):
    """Where a contributor is paid. Holder and number are encrypted at rest (crypto.py)."""

    contributor = models.OneToOneField(
        "accounts.Contributor", on_delete=models.CASCADE, related_name="bank_account"
    )
    bank_name = models.CharField(_("bank"), max_length=100)
    holder_encrypted = models.TextField()
    number_encrypted = models.TextField()
    updated_at = models.DateTimeField(_("diperbarui"), auto_now=True)

    class Meta:
        verbose_name = _("rekening")
        verbose_name_plural = _("rekening")

    def __str__(self):
        return f"{self.bank_name} {self.masked_number}"

    @property
    def holder(self) -> str:
        return crypto.decrypt(self.holder_encrypted)

    @property
    def number(self) -> str:
        return crypto.decrypt(self.number_encrypted)

    @property
    def masked_number(self) -> str:
        return crypto.mask(self.number)
