from django.core.files.storage import default_storage
from django.db import connection
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache

from pewarta.common import mediafiles, storage
from pewarta.common.errors import StorageUnavailable


@never_cache
def health(request):
    """Liveness: the process answers and the database takes a query."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return JsonResponse({"status": "ok"})
    except Exception as exc:  # noqa: BLE001 - report any database failure as unhealthy
        return JsonResponse({"status": "error", "detail": type(exc).__name__}, status=503)


def media_file(request, name):
    """A public photo streamed from the media storage (a node asked directly, no Varnish)."""
    name = mediafiles.safe_name(name)
    kind = mediafiles.media_type(name) if name else None
    if kind is None:
        raise Http404
    try:
        handle = default_storage.open(name, "rb")
    except (FileNotFoundError, StorageUnavailable) as error:
        if isinstance(error, StorageUnavailable):
            return HttpResponse(str(error.message), status=503, content_type="text/plain")
        raise Http404 from error
    response = FileResponse(handle, content_type=kind)
    response["Cache-Control"] = storage.cache_control_for(name)
    response["X-Content-Type-Options"] = "nosniff"
    return response
