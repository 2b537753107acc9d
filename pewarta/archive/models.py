"""What an archive import made of each WordPress record, and the old links that still answer."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImportedItem(models.Model):
    """One record of one WordPress site (`post:123`, `author:login`) and what it became.

    Keyed by (site, key), so running an import twice finds every record already done.
    """

    site = models.CharField(_("situs asal"), max_length=300)
    key = models.CharField(max_length=200)
    wp_id = models.CharField(max_length=40, blank=True, db_index=True)
    checksum = models.CharField(max_length=64, blank=True)
    outcome = models.CharField(_("hasil"), max_length=20)
    reason = models.TextField(_("alasan"), blank=True)
    story = models.ForeignKey(
        "desk.Story", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    contributor = models.ForeignKey(
        "accounts.Contributor", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    old_path = models.CharField(_("alamat lama"), max_length=500, blank=True, db_index=True)
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("butir impor")
        verbose_name_plural = _("butir impor")
        constraints = [
            models.UniqueConstraint(fields=["site", "key"], name="archive_item_unique_key")
        ]

    def __str__(self):
        return f"{self.site} {self.key} ({self.outcome})"
