"""Old WordPress links keep working: each imported post's permalink (`<link>`) and its
`?p=ID` form answer 301 with the story's address. Looked up only when nothing else answers
(a 404) or when the home page is asked for `?p=`/`?page_id=`, so the site pays nothing else.
"""

from django.http import HttpResponsePermanentRedirect

from pewarta.archive.importer import wp_ids_in_query
from pewarta.archive.models import ImportedItem
from pewarta.desk.models import Status, Story


def _target(items) -> str | None:
    for item in items.exclude(story=None).select_related("story").order_by("-pk")[:5]:
        story = item.story
        if story.status == Status.RETRACTED or (
            story.status == Status.PUBLISHED and Story.objects.published().filter(pk=story.pk)
        ):
            return story.get_absolute_url()
    return None


def legacy_target(path: str, query: str) -> str | None:
    if path == "/":
        wp_id = wp_ids_in_query(query)
        if wp_id is None:
            return None
        return _target(ImportedItem.objects.filter(wp_id=wp_id, key=f"post:{wp_id}"))
    paths = {path, path.rstrip("/"), path.rstrip("/") + "/"}
    return _target(ImportedItem.objects.filter(old_path__in=paths))


NEVER_OLD_LINKS = ("/media/", "/static/", "/api/", "/desk/", "/akun/", "/admin/", "/lacak/")


class LegacyLinkMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and request.path == "/" and request.GET:
            target = legacy_target("/", request.META.get("QUERY_STRING", ""))
            if target:
                return HttpResponsePermanentRedirect(target)
        response = self.get_response(request)
        if (
            response.status_code == 404
            and request.method in ("GET", "HEAD")
            and not request.path.startswith(NEVER_OLD_LINKS)
        ):
            target = legacy_target(request.path, "")
            if target and target != request.path:
                return HttpResponsePermanentRedirect(target)
        return response
