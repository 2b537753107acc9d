"""Readers' comments (with reports and per-story closing), follows and digest sends."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Comment(models.Model):
    """A reader's comment (plain text). One level of replies: a reply's parent is top-level."""

    class State(models.TextChoices):
        PENDING = "pending", _("Menunggu moderasi")
        APPROVED = "approved", _("Tayang")
        REJECTED = "rejected", _("Ditolak")
        ERASED = "erased", _("Dihapus (data pribadi)")

    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam atau promosi")
        SARA = "sara", _("Kebencian SARA")
        HATE = "hate", _("Ujaran kebencian atau hasutan")
        ABUSE = "abuse", _("Serangan pribadi atau kata kasar")
        PRIVACY = "privacy", _("Membuka data pribadi orang lain")
        FALSE = "false", _("Informasi palsu")
        OFF_TOPIC = "off_topic", _("Di luar topik")
        OTHER = "other", _("Lainnya")

    story = models.ForeignKey(
        "desk.Story", on_delete=models.CASCADE, related_name="comments", verbose_name=_("naskah")
    )
    author = models.ForeignKey(
        "accounts.Contributor",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("penulis komentar"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("membalas"),
    )
    body = models.TextField(_("komentar"))
    state = models.CharField(
        _("status"), max_length=10, choices=State, default=State.PENDING, db_index=True
    )
    reason = models.CharField(_("alasan moderasi"), max_length=12, choices=Reason, blank=True)
    hints = models.JSONField(_("tanda risiko"), default=list, blank=True)
    post_moderated = models.BooleanField(_("tayang sebelum dimoderasi"), default=False)
    reviewed = models.BooleanField(_("sudah ditinjau moderator"), default=False)
    created_at = models.DateTimeField(_("dikirim"), default=timezone.now, db_index=True)
    moderated_at = models.DateTimeField(_("dimoderasi"), null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moderator"),
    )

    class Meta:
        verbose_name = _("komentar")
        verbose_name_plural = _("komentar")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["story", "state", "created_at"]),
            models.Index(fields=["reviewed", "state"]),
        ]

    def __str__(self):
        return f"#{self.pk} {self.body[:40]}"


class CommentReport(models.Model):
    """Someone reported a comment. The complaint carries the 2x24-hour clock and the report."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    complaint = models.OneToOneField(
        "complaints.Complaint", on_delete=models.PROTECT, related_name="comment_report"
    )
    reason = models.CharField(_("alasan"), max_length=12)
    created_at = models.DateTimeField(_("dilaporkan"), default=timezone.now)

    class Meta:
        verbose_name = _("laporan komentar")
        verbose_name_plural = _("laporan komentar")

    def __str__(self):
        return f"{self.comment_id}: {self.reason}"


class CommentClosure(models.Model):
    """Comments on this story are closed (by an editor, or because it was retracted)."""

    story = models.OneToOneField("desk.Story", on_delete=models.CASCADE, primary_key=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(_("alasan"), max_length=200, blank=True)
    closed_at = models.DateTimeField(_("ditutup"), default=timezone.now)

    class Meta:
        verbose_name = _("komentar ditutup")
        verbose_name_plural = _("komentar ditutup")

    def __str__(self):
        return str(self.story_id)


def _token() -> str:
    return secrets.token_urlsafe(24)


class Subscriber(models.Model):
    """An address that receives the digest of what it follows. Confirmed by a signed-in,
    verified reader's account or by the link mailed to it (double opt-in)."""

    class Frequency(models.TextChoices):
        DAILY = "daily", _("Harian")
        WEEKLY = "weekly", _("Mingguan")

    email = models.EmailField(_("email"), unique=True)
    contributor = models.OneToOneField(
        "accounts.Contributor",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="subscription",
    )
    frequency = models.CharField(
        _("frekuensi"), max_length=8, choices=Frequency, default=Frequency.WEEKLY
    )
    language = models.CharField(_("bahasa"), max_length=8, default="id")
    token = models.CharField(max_length=40, unique=True, default=_token, editable=False)
    confirmed_at = models.DateTimeField(_("dikonfirmasi"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("berhenti"), null=True, blank=True)
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)

    class Meta:
        verbose_name = _("pelanggan kabar")
        verbose_name_plural = _("pelanggan kabar")
        indexes = [models.Index(fields=["frequency", "confirmed_at", "unsubscribed_at"])]

    def __str__(self):
        return self.email

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None


class Follow(models.Model):
    """A subscriber follows a writer, a tag or a section. Inactive until confirmed."""

    class Kind(models.TextChoices):
        WRITER = "writer", _("Penulis")
        TAG = "tag", _("Tag")
        SECTION = "section", _("Rubrik")

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="follows")
    kind = models.CharField(_("jenis"), max_length=8, choices=Kind)
    target_id = models.PositiveIntegerField()
    active = models.BooleanField(_("aktif"), default=False)
    created_at = models.DateTimeField(_("dibuat"), default=timezone.now)

    class Meta:
        verbose_name = _("ikutan")
        verbose_name_plural = _("ikutan")
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "kind", "target_id"], name="follow_unique_target"
            )
        ]

    def __str__(self):
        return f"{self.subscriber_id} {self.kind}:{self.target_id}"


class DigestSend(models.Model):
    """The claim on one subscriber's digest of one period: created before sending, marked when
    sent, so that a batch retried after a failure never sends anyone the same digest twice."""

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="digests")
    period = models.CharField(_("periode"), max_length=24)
    claim = models.CharField(max_length=32, blank=True)  # the batch run holding it
    claimed_until = models.DateTimeField()
    sent_at = models.DateTimeField(_("terkirim"), null=True, blank=True)
    stories = models.PositiveSmallIntegerField(_("jumlah naskah"), default=0)

    class Meta:
        verbose_name = _("kiriman kabar")
        verbose_name_plural = _("kiriman kabar")
        constraints = [
            models.UniqueConstraint(fields=["subscriber", "period"], name="digest_once_per_period")
        ]

    def __str__(self):
        return f"{self.subscriber_id} {self.period}"
