from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from pewarta.accounts.models import Contributor
from pewarta.desk.models import Section, Status, Story, Tag
from pewarta.public.rendering import story_body

PAGE_SIZE = 20


def home(request):
    stories = Story.objects.published().for_listing().order_by("-published_at")[:PAGE_SIZE]
    return render(request, "public/home.html", {"stories": stories})


def _listing(request, queryset, template, context):
    page = Paginator(queryset.for_listing().order_by("-published_at"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, template, {**context, "page": page, "stories": page.object_list})


def section(request, section):
    section_obj = get_object_or_404(Section, slug=section)
    stories = Story.objects.published().filter(section=section_obj)
    return _listing(request, stories, "public/section.html", {"section": section_obj})


def tag(request, slug):
    tag_obj = get_object_or_404(Tag, slug=slug)
    stories = Story.objects.published().filter(tags=tag_obj)
    return _listing(request, stories, "public/tag.html", {"tag": tag_obj})


def author(request, slug):
    contributor = get_object_or_404(Contributor, slug=slug)
    stories = Story.objects.published().filter(authors=contributor)
    return _listing(request, stories, "public/author.html", {"author": contributor})


def story(request, section, year, month, day, slug):
    candidates = Story.objects.filter(
        slug=slug, status__in=[Status.PUBLISHED, Status.RETRACTED]
    ).select_related("live_revision", "section", "credited_editor", "organization")
    found = None
    for candidate in candidates:
        local = timezone.localtime(candidate.first_published_at or candidate.published_at)
        if (local.year, local.month, local.day) == (int(year), int(month), int(day)):
            found = candidate
            break
    if found is None or found.live_revision_id is None:
        raise Http404
    if found.status == Status.RETRACTED:
        notice = found.events.filter(action="story.retract").order_by("-created_at").first()
        return render(
            request, "public/retracted.html", {"story": found, "notice": notice}, status=410
        )
    if not Story.objects.published().filter(pk=found.pk).exists():
        raise Http404
    canonical = found.get_absolute_url()
    if request.path != canonical:
        return redirect(canonical, permanent=True)
    revision = found.live_revision
    related = list(
        Story.objects.published()
        .filter(pk__in=revision.related)
        .select_related("live_revision", "section")
    )
    related.sort(key=lambda s: revision.related.index(s.pk))
    context = {
        "story": found,
        "revision": revision,
        "authors": list(found.authors.all()),
        "body": story_body(revision, related),
        "tags": list(found.tags.all()),
    }
    return render(request, "public/story.html", context)
