"""Small helpers shared by the writer's pages."""

from django.contrib import messages
from django.shortcuts import get_object_or_404

from pewarta.common.errors import PewartaError
from pewarta.common.ratelimit import client_ip, ratelimit_hit
from pewarta.desk.models import Story


def fail(request, error: PewartaError):
    messages.error(request, str(error.message))


def limited(request, key: str, limit: int, window: int) -> bool:
    try:
        ratelimit_hit(f"{key}:{request.user.pk or client_ip(request)}", limit=limit, window=window)
    except PewartaError as error:
        fail(request, error)
        return True
    return False


def my_story(request, pk):
    return get_object_or_404(Story.objects.of_user(request.user), pk=pk)
