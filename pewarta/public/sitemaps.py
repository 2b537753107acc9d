"""Sitemaps for search engines: stories, sections, authors, and a news sitemap (48 hours)."""

from datetime import timedelta

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.utils import timezone

from pewarta.accounts.models import Contributor
from pewarta.desk.models import Kind, Section, Story


class _Site:
    domain = settings.PEWARTA_SITE_URL.split("://", 1)[-1]
    name = settings.PEWARTA_SITE_NAME


class PewartaSitemap(Sitemap):
    protocol = settings.PEWARTA_SITE_URL.split("://", 1)[0]

    def get_urls(self, page=1, site=None, protocol=None):
        return super().get_urls(page=page, site=_Site(), protocol=self.protocol)

    def get_domain(self, site=None):
        return _Site.domain


class StorySitemap(PewartaSitemap):
    limit = 5000
    changefreq = "weekly"

    def items(self):
        return (
            Story.objects.published()
            .select_related("section")
            .only("pk", "slug", "section__slug", "first_published_at", "published_at")
            .order_by("-published_at", "-pk")
        )

    def lastmod(self, item):
        return item.published_at

    def get_latest_lastmod(self):
        # Django's default walks every item; the newest is one indexed row.
        latest = self.items().values_list("published_at", flat=True).first()
        return latest


class SectionSitemap(PewartaSitemap):
    changefreq = "hourly"

    def items(self):
        latest = dict(
            Story.objects.published()
            .values_list("section")
            .annotate(latest=Max("published_at"))
            .order_by()
        )
        sections = list(Section.objects.order_by("position", "name"))
        for section in sections:
            section.latest = latest.get(section.pk)
        return sections

    def lastmod(self, item):
        return item.latest

    def get_latest_lastmod(self):
        return max((s.latest for s in self.items() if s.latest), default=None)


class AuthorSitemap(PewartaSitemap):
    limit = 5000

    def items(self):
        published = Story.objects.published()
        return (
            Contributor.objects.filter(stories__in=published)
            .distinct()
            .only("pk", "slug")
            .order_by("pk")
        )

    def location(self, item):
        return f"/penulis/{item.slug}"

    def get_latest_lastmod(self):
        return None


class NewsSitemap(PewartaSitemap):
    """Google News sitemap: stories first published in the last 48 hours."""

    limit = 1000

    def items(self):
        since = timezone.now() - timedelta(hours=48)
        return (
            Story.objects.published()
            .filter(first_published_at__gte=since)
            .exclude(kind=Kind.ADVERTORIAL)  # paid content is not news
            .select_related("live_revision", "section")
            .order_by("-first_published_at")
        )

    def lastmod(self, item):
        return item.published_at


SITEMAPS = {"naskah": StorySitemap, "rubrik": SectionSitemap, "penulis": AuthorSitemap}
