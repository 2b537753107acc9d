"""RSS 2.0 and Atom feeds: the whole site, each section, each author and each tag."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from pewarta.accounts.models import Contributor
from pewarta.common.html import html_to_text
from pewarta.desk.models import Kind, Section, Story, Tag
from pewarta.public import caching
from pewarta.public.caching import cached_page, tag_response

FEED_SIZE = 30


class SiteFeed(Feed):
    """Latest published stories; subclasses narrow `stories()` to one collection."""

    def get_object(self, request, *args, **kwargs):
        return None

    def title(self, obj):
        return settings.PEWARTA_SITE_NAME

    def link(self, obj):
        return "/"

    def description(self, obj):
        return _("Berita dan tulisan warga terbaru dari %(site)s") % {
            "site": settings.PEWARTA_SITE_NAME
        }

    def stories(self, obj):
        return Story.objects.published()

    def items(self, obj):
        return (
            self.stories(obj)
            .select_related("live_revision", "section")
            .prefetch_related("authors")
            .order_by("-published_at")[:FEED_SIZE]
        )

    def item_title(self, item):
        if item.kind == Kind.ADVERTORIAL:  # paid content is labelled wherever it goes
            return _("[Advertorial] %(headline)s") % {"headline": item.live_revision.headline}
        return item.live_revision.headline

    def item_description(self, item):
        return item.live_revision.lead or html_to_text(item.live_revision.body_html)[:300]

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        return f"{settings.PEWARTA_SITE_URL}/naskah/{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.first_published_at or item.published_at

    def item_updateddate(self, item):
        return item.published_at

    def item_author_name(self, item):
        return ", ".join(a.pen_name for a in item.authors.all()) or None

    def item_categories(self, item):
        categories = [item.section.name] if item.section_id else []
        if item.kind == Kind.ADVERTORIAL and "Advertorial" not in categories:
            categories.append("Advertorial")
        return categories

    feed_language = "id"


class SectionFeed(SiteFeed):
    def get_object(self, request, section):
        return get_object_or_404(Section, slug=section)

    def title(self, obj):
        return f"{obj.name} · {settings.PEWARTA_SITE_NAME}"

    def link(self, obj):
        return obj.get_absolute_url()

    def stories(self, obj):
        return Story.objects.published().filter(section=obj)


class AuthorFeed(SiteFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Contributor, slug=slug)

    def title(self, obj):
        return f"{obj.pen_name} · {settings.PEWARTA_SITE_NAME}"

    def link(self, obj):
        return f"/penulis/{obj.slug}"

    def stories(self, obj):
        return Story.objects.published().filter(authors=obj)


class TagFeed(SiteFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Tag, slug=slug)

    def title(self, obj):
        return f"#{obj.name} · {settings.PEWARTA_SITE_NAME}"

    def link(self, obj):
        return obj.get_absolute_url()

    def stories(self, obj):
        return Story.objects.published().filter(tags=obj)


def _atom(cls):
    return type(
        f"Atom{cls.__name__}", (cls,), {"feed_type": Atom1Feed, "subtitle": cls.description}
    )


def _cached(feed):
    @cached_page
    def view(request, *args, **kwargs):
        return tag_response(feed(request, *args, **kwargs), caching.FEEDS)

    return view


site_rss = _cached(SiteFeed())
site_atom = _cached(_atom(SiteFeed)())
section_rss = _cached(SectionFeed())
section_atom = _cached(_atom(SectionFeed)())
author_rss = _cached(AuthorFeed())
author_atom = _cached(_atom(AuthorFeed)())
tag_rss = _cached(TagFeed())
tag_atom = _cached(_atom(TagFeed)())
