"""Complaints (Laporkan, Hak Jawab, Hak Koreksi, take-down orders) and what they lead to.

State changes only through `complaints.services`; every one appends a desk Event, from which
the compliance report is computed.
"""

import secrets

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pewarta.common.storage import private_storage
from pewarta.desk.models import Revision, Story


def _token():
    return secrets.token_urlsafe(18)


def _evidence_path(instance, filename):
    # A random name: the uploader's file name may carry personal data.
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"complaints/{timezone.now():%Y/%m}/{secrets.token_hex(12)}.{suffix}"


class Complaint(models.Model):
    class Kind(models.TextChoices):
        REPORT = "report", _("Laporan (Laporkan)")
        REPLY = "reply", _("Hak Jawab")
        CORRECTION = "correction", _("Hak Koreksi")
        TAKEDOWN = "takedown", _("Perintah penurunan konten")

    class Reason(models.TextChoices):
        SARA = "sara", _("SARA")
        HOAX = "hoaks", _("Hoaks atau informasi palsu")
        DEFAMATION = "pencemaran", _("Pencemaran nama baik")
        PRIVACY = "privasi", _("Pelanggaran privasi")
        COPYRIGHT = "hak_cipta", _("Pelanggaran hak cipta")
        OBSCENITY = "asusila", _("Asusila")
        OTHER = "lainnya", _("Lainnya")

    class State(models.TextChoices):
        RECEIVED = "received", _("Diterima")
        IN_PROGRESS = "in_progress", _("Sedang ditangani")
        CLOSED = "closed", _("Selesai")

    class Outcome(models.TextChoices):
        NONE = "", _("Belum diputuskan")
        DISMISSED = "dismissed", _("Ditolak dengan alasan")
        CORRECTED = "corrected", _("Dikoreksi")
        REPLY_PUBLISHED = "reply_published", _("Hak Jawab dimuat")
        EDITED = "edited", _("Naskah disunting")
        RETRACTED = "retracted", _("Naskah dicabut")
        FOLLOW_UP = "follow_up", _("Berita lanjutan dimuat")
        COMMENT_REMOVED = "comment_removed", _("Komentar diturunkan")

    kind = models.CharField(_("jenis"), max_length=12, choices=Kind)
    story = models.ForeignKey(
        Story, on_delete=models.PROTECT, related_name="complaints", verbose_name=_("naskah")
    )
    token = models.CharField(max_length=40, unique=True, default=_token, editable=False)
    reason = models.CharField(_("alasan"), max_length=12, choices=Reason, blank=True)
    name = models.CharField(_("nama"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("telepon"), max_length=40, blank=True)
    identity = models.TextField(_("identitas dan hubungan dengan berita"), blank=True)
    passage = models.TextField(_("bagian yang dipersoalkan"), blank=True)
    body = models.TextField(_("isi"), blank=True)
    source = models.TextField(_("sumber"), blank=True)
    evidence = models.FileField(
        _("bukti"), upload_to=_evidence_path, storage=private_storage, blank=True
    )
    evidence_type = models.CharField(max_length=40, blank=True)
    state = models.CharField(
        _("status"), max_length=12, choices=State, default=State.RECEIVED, db_index=True
    )
    outcome = models.CharField(_("hasil"), max_length=16, choices=Outcome, blank=True)
    outcome_note = models.TextField(_("catatan hasil"), blank=True)
    received_at = models.DateTimeField(_("diterima"), default=timezone.now, db_index=True)
    deadline_at = models.DateTimeField(_("batas waktu"), db_index=True)
    first_action_at = models.DateTimeField(_("tindakan pertama"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("diselesaikan"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("pengingat terkirim"), null=True, blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("penanggung jawab"),
    )

    class Meta:
        verbose_name = _("pengaduan")
        verbose_name_plural = _("pengaduan")
        ordering = ["deadline_at", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_open(self) -> bool:
        return self.state != self.State.CLOSED

    def is_overdue(self, now=None) -> bool:
        return self.is_open and (now or timezone.now()) > self.deadline_at

    def get_tracking_url(self):
        return reverse("complaints:track", kwargs={"token": self.token})

    def get_desk_url(self):
        return reverse("complaints:desk_detail", kwargs={"pk": self.pk})


class TakedownOrder(models.Model):
    """An official order (e.g. from Komdigi or a court) recorded by staff; deadline 24 h / 4 h."""

    complaint = models.OneToOneField(Complaint, on_delete=models.PROTECT, related_name="order")
    authority = models.CharField(_("instansi pemberi perintah"), max_length=200)
    reference = models.CharField(_("nomor surat"), max_length=120, blank=True)
    urgent = models.BooleanField(_("mendesak (4 jam)"), default=False)
    document = models.FileField(
        _("dokumen perintah"), upload_to=_evidence_path, storage=private_storage, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("perintah penurunan konten")
        verbose_name_plural = _("perintah penurunan konten")

    def __str__(self):
        return f"{self.authority} {self.reference}".strip()


class Correction(models.Model):
    """A public note on a story with its own time: Ralat, Koreksi, Catatan Redaksi, follow-up."""

    class Kind(models.TextChoices):
        RALAT = "ralat", _("Ralat")
        KOREKSI = "koreksi", _("Koreksi")
        NOTE = "catatan", _("Catatan Redaksi")
        FOLLOW_UP = "tindak_lanjut", _("Berita lanjutan")
        FOLLOW_UP_OF = "lanjutan_dari", _("Lanjutan dari")

    PUBLIC_LOG_KINDS = (Kind.RALAT, Kind.KOREKSI)

    story = models.ForeignKey(Story, on_delete=models.PROTECT, related_name="corrections")
    kind = models.CharField(_("jenis"), max_length=16, choices=Kind)
    text = models.TextField(_("catatan"))
    revision = models.ForeignKey(
        Revision, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    related_story = models.ForeignKey(
        Story, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    complaint = models.ForeignKey(
        Complaint, on_delete=models.PROTECT, null=True, blank=True, related_name="corrections"
    )
    published_at = models.DateTimeField(_("waktu"), default=timezone.now, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("koreksi")
        verbose_name_plural = _("koreksi")
        ordering = ["-published_at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:60]}"

    def get_absolute_url(self):
        return reverse("complaints:correction_detail", kwargs={"pk": self.pk})


class RightOfReply(models.Model):
    """A Hak Jawab published as its own item, linked to the story and back."""

    story = models.ForeignKey(Story, on_delete=models.PROTECT, related_name="replies")
    complaint = models.OneToOneField(
        Complaint, on_delete=models.PROTECT, null=True, blank=True, related_name="published_reply"
    )
    respondent = models.CharField(_("nama pemberi hak jawab"), max_length=200)
    title = models.CharField(_("judul"), max_length=300)
    body_html = models.TextField(_("isi"))
    published_at = models.DateTimeField(_("waktu"), default=timezone.now, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("hak jawab")
        verbose_name_plural = _("hak jawab")
        ordering = ["-published_at", "-id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("complaints:reply_detail", kwargs={"pk": self.pk})
