from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pewarta.desk.models import Story


class Page(models.Model):
    """A standing page of the reader site (/kirim, /redaksi, ...), edited by senior editors."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    title = models.CharField(_("judul"), max_length=200)
    body_html = models.TextField(_("isi (HTML)"))
    updated_at = models.DateTimeField(_("diperbarui"), default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )

    class Meta:
        verbose_name = _("halaman tetap")
        verbose_name_plural = _("halaman tetap")
        ordering = ["slug"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("public:page", kwargs={"slug": self.slug})


class StorySlug(models.Model):
    """Every slug a story has answered to, so that old links keep working (301)."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="slug_history")
    slug = models.SlugField(_("slug"), max_length=100, db_index=True)
    created_at = models.DateTimeField(_("dicatat"), default=timezone.now)

    class Meta:
        verbose_name = _("riwayat slug")
        verbose_name_plural = _("riwayat slug")
        constraints = [
            models.UniqueConstraint(fields=["story", "slug"], name="storyslug_unique_story_slug")
        ]

    def __str__(self):
        return self.slug


class StoryViews(models.Model):
    """Page views of a story per day (Asia/Jakarta), flushed from the page-cache counters."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="daily_views")
    day = models.DateField(_("tanggal"))
    views = models.PositiveIntegerField(_("dibaca"), default=0)

    class Meta:
        verbose_name = _("jumlah baca")
        verbose_name_plural = _("jumlah baca")
        constraints = [
            models.UniqueConstraint(fields=["story", "day"], name="storyviews_unique_story_day")
        ]
        indexes = [models.Index(fields=["day", "-views"])]

    def __str__(self):
        return f"{self.story_id} {self.day}: {self.views}"
