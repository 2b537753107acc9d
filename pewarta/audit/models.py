from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Event(models.Model):
    """Append-only audit log. Everything the press rules ask us to prove lives here.

    `action` is a dotted name in the past tense (`story.published`, `complaint.resolved`).
    The table keeps its first name (`desk_event`): the rows were written before this room.
    """

    story = models.ForeignKey(
        "desk.Story", on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    subject = GenericForeignKey("content_type", "object_id")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    actor_label = models.CharField(_("pelaku"), max_length=200, blank=True)
    action = models.CharField(_("tindakan"), max_length=80, db_index=True)
    from_status = models.CharField(_("dari status"), max_length=24, blank=True)
    to_status = models.CharField(_("ke status"), max_length=24, blank=True)
    note = models.TextField(_("catatan"), blank=True)
    payload = models.JSONField(_("data"), default=dict, blank=True)
    created_at = models.DateTimeField(_("waktu"), default=timezone.now, db_index=True)

    class Meta:
        db_table = "desk_event"
        verbose_name = _("peristiwa")
        verbose_name_plural = _("peristiwa")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"
