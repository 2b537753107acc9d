from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class InboundMessage(models.Model):
    """One raw email exactly as received. Only the outcome fields ever change after storage."""

    class Channel(models.TextChoices):
        SMTP = "smtp", _("SMTP")
        LMTP = "lmtp", _("LMTP")
        IMAP = "imap", _("IMAP")
        FILE = "file", _("Berkas")

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Menunggu diproses")
        ACCEPTED = "accepted", _("Diterima")
        DUPLICATE = "duplicate", _("Duplikat")
        QUARANTINED = "quarantined", _("Dikarantina")
        AWAITING_CONFIRMATION = "awaiting_confirmation", _("Menunggu konfirmasi pengirim")
        REPLY = "reply", _("Balasan dalam percakapan")
        DISCARDED = "discarded", _("Dibuang")

    raw = models.BinaryField(_("pesan mentah"))
    sender = models.CharField(_("pengirim (From)"), max_length=320, blank=True, db_index=True)
    content_key = models.CharField(max_length=64, blank=True, db_index=True)
    sha256 = models.CharField(max_length=64, db_index=True)
    message_id = models.CharField(_("Message-ID"), max_length=998, blank=True, db_index=True)
    channel = models.CharField(_("kanal"), max_length=8, choices=Channel)
    envelope_from = models.CharField(_("pengirim (envelope)"), max_length=998, blank=True)
    envelope_to = models.JSONField(_("penerima (envelope)"), default=list, blank=True)
    peer = models.CharField(_("alamat jaringan"), max_length=200, blank=True)
    received_at = models.DateTimeField(_("diterima"), default=timezone.now, db_index=True)
    outcome = models.CharField(
        _("hasil"), max_length=24, choices=Outcome, default=Outcome.PENDING, db_index=True
    )
    reason = models.TextField(_("alasan"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("percobaan"), default=0)
    processed_at = models.DateTimeField(_("diproses"), null=True, blank=True)
    story = models.ForeignKey(
        "desk.Story",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="inbound_messages",
    )

    class Meta:
        verbose_name = _("email masuk")
        verbose_name_plural = _("email masuk")
        ordering = ["-received_at"]

    def __str__(self):
        return f"{self.message_id or self.sha256[:12]} ({self.outcome})"


class SenderConfirmation(models.Model):
    """A story waiting for its sender to prove the address (signed link in a mail)."""

    story = models.ForeignKey(
        "desk.Story", on_delete=models.CASCADE, related_name="sender_confirmations"
    )
    inbound = models.ForeignKey(
        InboundMessage, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    address = models.EmailField(_("alamat pengirim"), max_length=320)
    name = models.CharField(_("nama pengirim"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("dikonfirmasi"), null=True, blank=True)
    contributor = models.ForeignKey(
        "accounts.Contributor", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("konfirmasi pengirim")
        verbose_name_plural = _("konfirmasi pengirim")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.address} ({self.story_id})"


class ConsentRecord(models.Model):
    """Consent given by a contributor (purpose, terms version, time, how). Never deleted.

    The address that agreed is kept only as a keyed hash (`accounts.personal_data.address_hash`):
    proof that this address consented, without keeping the address after an erasure.
    """

    contributor = models.ForeignKey(
        "accounts.Contributor", on_delete=models.PROTECT, related_name="intake_consents"
    )
    address_hash = models.CharField(_("hash alamat (HMAC)"), max_length=64, db_index=True)
    purpose = models.CharField(_("tujuan"), max_length=80)
    terms_version = models.CharField(_("versi ketentuan"), max_length=40)
    method = models.CharField(_("cara"), max_length=40, default="email_link")
    given_at = models.DateTimeField(_("waktu"), default=timezone.now)

    class Meta:
        verbose_name = _("persetujuan")
        verbose_name_plural = _("persetujuan")
        ordering = ["-given_at"]

    def __str__(self):
        return f"{self.address_hash[:12]}: {self.purpose} ({self.terms_version})"


class Draft(models.Model):
    """A web submission being written. `token` makes submitting it idempotent."""

    contributor = models.ForeignKey(
        "accounts.Contributor", on_delete=models.CASCADE, related_name="drafts"
    )
    token = models.CharField(max_length=40, unique=True)
    kind = models.CharField(_("jenis"), max_length=20, default="berita")
    headline = models.CharField(_("judul"), max_length=300, blank=True)
    lead = models.TextField(_("teras berita"), blank=True)
    body_source = models.TextField(_("isi (seperti ditulis)"), blank=True)
    body_html = models.TextField(_("isi"), blank=True)
    dateline = models.CharField(_("tempat"), max_length=80, blank=True)
    images = models.JSONField(_("foto"), default=list, blank=True)
    affiliation_disclosure = models.TextField(_("pengungkapan afiliasi"), blank=True)
    originality_confirmed = models.BooleanField(_("pernyataan keaslian"), default=False)
    story = models.OneToOneField(
        "desk.Story",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="web_draft",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "accounts_draft"  # the table kept its first name when drafts moved here
        verbose_name = _("draf")
        verbose_name_plural = _("draf")
        ordering = ["-updated_at"]

    def __str__(self):
        return self.headline or str(_("(tanpa judul)"))
