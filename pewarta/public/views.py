from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from pewarta.accounts.models import Contributor
from pewarta.accounts.roles import SENIOR_EDITOR, has_role
from pewarta.accounts.staff import staff_required
from pewarta.common.errors import PewartaError
from pewarta.common.html import html_to_text
from pewarta.desk.models import Section, Status, Story, StoryAuthor, StoryTag, Tag
from pewarta.desk.rendering import story_body
from pewarta.desk.services import RETRACTION_REASONS
from pewarta.public import caching, pagecache, readership
from pewarta.public.caching import cached_page, stories_tags, story_tag, tag_response
from pewarta.public.images import pictures_for
from pewarta.public.listing import KeysetPage
from pewarta.public.models import Page, StorySlug
from pewarta.public.seo import editor_name, story_json_ld
from pewarta.public.services import page_update
from pewarta.search.api import related_ids_kept

LATEST_PER_SECTION = 4
POPULAR_DAYS = 7
POPULAR_COUNT = 5


def _latest_per_section(shown):
    """Up to LATEST_PER_SECTION stories per section not already shown above them.

    One indexed query per section (five): constant, whatever the number of stories.
    """
    groups = []
    # Paid content gets no column among the sections (it is still in Terbaru, labelled).
    for section_obj in Section.objects.exclude(slug="advertorial"):
        items = [
            story
            for story in Story.objects.published()
            .filter(section=section_obj)
            .select_related("live_revision", "section")
            .order_by("-published_at")[: LATEST_PER_SECTION + len(shown)]
            if story.pk not in shown
        ][:LATEST_PER_SECTION]
        if items:
            groups.append((section_obj, items))
    prefetch_related_objects([s for _sec, items in groups for s in items], "authors")
    return groups


def most_read(limit=POPULAR_COUNT):
    """The most read stories of the last week (of those readers may still see)."""
    return readership.most_read(limit=limit, days=POPULAR_DAYS)


@cached_page
def home(request):
    latest = list(Story.objects.published().for_listing().order_by("-published_at")[:7])
    lead, rest = (latest[0], latest[1:]) if latest else (None, [])
    by_section = _latest_per_section({s.pk for s in latest})
    popular = most_read()
    shown = latest + [s for _sec, items in by_section for s in items] + popular
    response = render(
        request,
        "public/home.html",
        {"lead": lead, "latest": rest, "by_section": by_section, "popular": popular},
    )
    return tag_response(response, caching.HOME, *stories_tags(shown))


def _listing(request, queryset, template, context, collection_tag, links=None):
    # A list shows headlines, leads and photos: the bodies stay in the database.
    listed = queryset.for_listing().defer("live_revision__body_html")
    page = KeysetPage(listed, request.GET, links)
    stories = page.object_list
    response = render(request, template, {**context, "page": page, "stories": stories})
    return tag_response(response, collection_tag, *stories_tags(stories))


@cached_page
def section(request, section):
    section_obj = get_object_or_404(Section, slug=section)
    stories = Story.objects.published().filter(section=section_obj)
    return _listing(
        request, stories, "public/section.html", {"section": section_obj}, f"section-{section}"
    )


@cached_page
def tag(request, slug):
    tag_obj = get_object_or_404(Tag, slug=slug)
    links = StoryTag.objects.filter(tag=tag_obj, published_at__isnull=False)
    stories = Story.objects.published()  # of the tag: read through `links`
    return _listing(
        request, stories, "public/tag.html", {"tag": tag_obj}, f"tag-{tag_obj.pk}", links
    )


@cached_page
def author(request, slug):
    contributor = get_object_or_404(Contributor.objects.select_related("organization"), slug=slug)
    links = StoryAuthor.objects.filter(contributor=contributor, published_at__isnull=False)
    stories = Story.objects.published()  # of the author: read through `links`
    return _listing(
        request,
        stories,
        "public/author.html",
        {"author": contributor},
        f"author-{contributor.pk}",
        links,
    )


def _on_date(stories, year, month, day):
    try:
        wanted = (int(year), int(month), int(day))
    except ValueError:  # /berita/2026/xx/01/...: no such date, no such story
        return None
    for candidate in stories:
        local = timezone.localtime(candidate.first_published_at or candidate.published_at)
        if (local.year, local.month, local.day) == wanted:
            return candidate
    return None


def _retracted(request, story):
    notice = story.events.filter(action="story.retracted").order_by("-created_at").first()
    reason = RETRACTION_REASONS.get((notice.payload or {}).get("reason")) if notice else None
    context = {"story": story, "notice": notice, "reason": reason}
    response = render(request, "public/retracted.html", context, status=410)
    return tag_response(response, story_tag(story.pk))


def _memo(key):
    """Django's cache when the fragment cache is on; keys carry the purge generation."""
    return cache.get(key) if settings.PEWARTA_FRAGMENT_CACHE else None


def _memo_set(key, value):
    if settings.PEWARTA_FRAGMENT_CACHE:
        cache.set(key, value, settings.PEWARTA_PAGE_CACHE_TTL)


@cached_page
def story(request, section, year, month, day, slug):
    route = f"public:route:{request.path}:{pagecache.generation()}"
    found = _memo(route)
    if found is not None:
        return _story_page(request, found)
    fields = ("live_revision", "section", "credited_editor", "organization")
    found = _on_date(
        Story.objects.published().filter(slug=slug).select_related(*fields), year, month, day
    )
    if found is None:
        retracted = _on_date(
            Story.objects.filter(slug=slug, status=Status.RETRACTED)
            .exclude(live_revision=None)
            .select_related("live_revision"),
            year,
            month,
            day,
        )
        if retracted is not None:
            return _retracted(request, retracted)
        return _old_slug(slug)
    canonical = found.get_absolute_url()
    if request.path != canonical:
        return tag_response(redirect(canonical, permanent=True), story_tag(found.pk))
    _memo_set(route, found)
    return _story_page(request, found)


def _old_slug(slug):
    history = StorySlug.objects.filter(slug=slug).select_related("story").order_by("-pk")
    for entry in history:
        old = entry.story
        if old.slug != slug and (
            old.status == Status.RETRACTED or Story.objects.published().filter(pk=old.pk).exists()
        ):
            response = redirect(old.get_absolute_url(), permanent=True)
            return tag_response(response, story_tag(old.pk))
    raise Http404


def _story_page(request, story):
    # The article is rendered once per story version and cache generation (every purge
    # starts a new one), so a page-cache miss still costs little more than Django itself.
    key = f"public:article:{story.pk}:{story.version}:{get_language()}:{pagecache.generation()}"
    parts = _memo(key)
    if parts is None:
        parts = _story_parts(request, story)
        _memo_set(key, parts)
    head, article, tags = parts
    response = render(
        request,
        "public/story.html",
        {
            "headline": story.live_revision.headline,
            "head": head,
            "article": article,
            "story_id": story.pk,
        },
    )
    return tag_response(response, *tags, story_id=story.pk, last_modified=story.published_at)


def _story_parts(request, story):
    revision = story.live_revision
    suggested = related_ids_kept(story)
    wanted = set(revision.related) | set(suggested)
    wanted.discard(story.pk)
    linked = {
        s.pk: s
        for s in Story.objects.published()
        .filter(pk__in=wanted)
        .select_related("live_revision", "section")
    }
    baca_juga = [linked[pk] for pk in revision.related if pk in linked]
    related = [linked[pk] for pk in suggested if pk in linked][:5]
    authors = list(story.authors.all())
    pictures = pictures_for(revision)
    context = {
        "story": story,
        "revision": revision,
        "authors": authors,
        "editor_name": editor_name(story.credited_editor),
        "body": story_body(revision, baca_juga),
        "tags": list(story.tags.all()),
        "related": related,
        "pictures": pictures,
        "json_ld": story_json_ld(story, revision, authors, pictures),
        "og_image": pictures[0].src if pictures else "",
        # Every story has a description, lead or not (search engines, share cards).
        "description": html_to_text(revision.lead or revision.body_html)[:200].strip(),
    }
    head = mark_safe(render_to_string("public/_story_head.html", context, request))  # noqa: S308
    article = mark_safe(render_to_string("public/_story_article.html", context, request))  # noqa: S308
    return head, article, {story_tag(story.pk), *stories_tags(linked.values())}


class PageForm(forms.Form):
    title = forms.CharField(label=_l("Judul"), max_length=200)
    body_html = forms.CharField(label=_l("Isi (HTML)"), widget=forms.Textarea(attrs={"rows": 24}))


def _render_page_body(page: Page):
    email = settings.PEWARTA_NEWSROOM_EMAIL
    link = format_html('<a href="mailto:{0}">{0}</a>', email)
    body = page.body_html.replace("[alamat-redaksi]", link)
    body = body.replace("[nama-situs]", settings.PEWARTA_SITE_NAME)
    return mark_safe(body)  # noqa: S308 - sanitized when saved (page_update)


def publisher() -> list[tuple[str, str]]:
    """The press company's legal data (UU Pers art. 12), from the PEWARTA_PUBLISHER_* settings."""
    return [
        (_("Badan hukum"), settings.PEWARTA_PUBLISHER_NAME),
        (_("Alamat"), settings.PEWARTA_PUBLISHER_ADDRESS),
        (_("Penanggung jawab"), settings.PEWARTA_PUBLISHER_RESPONSIBLE),
        (_("Pemimpin redaksi"), settings.PEWARTA_PUBLISHER_CHIEF_EDITOR),
        (_("Telepon"), settings.PEWARTA_PUBLISHER_PHONE),
        (_("Email"), settings.PEWARTA_PUBLISHER_EMAIL),
    ]


@cached_page
def standing_page(request, slug):
    page = get_object_or_404(Page, slug=slug)
    context = {
        "page": page,
        "page_body": _render_page_body(page),
        "can_edit": has_role(request.user, SENIOR_EDITOR),
        "confirm_days": getattr(settings, "PEWARTA_INTAKE_CONFIRM_DAYS", None),
        "publisher": publisher() if slug == "redaksi" else None,
        "official_text_url": (
            settings.PEWARTA_PPMS_OFFICIAL_URL if slug == "pedoman-media-siber" else ""
        ),
    }
    response = render(request, "public/page.html", context)
    return tag_response(response, f"page-{slug}", last_modified=page.updated_at)


def favicon(request):
    """/favicon.ico, which browsers ask for whatever the page links (a day in caches)."""
    name = "pewarta/favicon.ico"
    try:
        with staticfiles_storage.open(name, "rb") as handle:  # collected (production)
            data = handle.read()
    except FileNotFoundError:
        data = Path(finders.find(name)).read_bytes()  # straight from the app (development)
    response = HttpResponse(data, content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def robots(request):
    lines = [
        "User-agent: *",
        "Disallow: /desk/",
        "Disallow: /akun/",
        "Disallow: /admin/",
        f"Sitemap: {settings.PEWARTA_SITE_URL}{reverse('public:sitemap-index')}",
        f"Sitemap: {settings.PEWARTA_SITE_URL}{reverse('public:sitemap-news')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@staff_required(SENIOR_EDITOR)
def page_edit(request, slug):
    """A small form for senior editors; the admin offers the same."""
    page = get_object_or_404(Page, slug=slug)
    form = PageForm(
        request.POST or None, initial={"title": page.title, "body_html": page.body_html}
    )
    if request.method == "POST" and form.is_valid():
        try:
            page_update(page=page, actor=request.user, **form.cleaned_data)
        except PewartaError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Halaman disimpan."))
            return redirect(page.get_absolute_url())
    return render(request, "public/page_edit.html", {"page": page, "form": form})
