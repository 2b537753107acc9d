"""Readers' comments on published stories, the reports about them, and per-story closing."""

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
