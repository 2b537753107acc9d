"""Tracking a piece by its code, without an account (/lacak/)."""

import re

from django.shortcuts import redirect, render

from pewarta.common.errors import PewartaError
from pewarta.common.ratelimit import client_ip, ratelimit_hit
from pewarta.contributors.status import status_word, story_timeline
from pewarta.desk.models import Status, Story

_CODE = re.compile(r"[A-Z0-9-]{1,40}")


def track(request, code=None):
    code = (code or request.GET.get("kode", "")).strip().upper()[:40]
    if not code:
        return render(request, "contributors/track.html", {"story": None, "code": ""})
    if not _CODE.fullmatch(code):  # not a code we ever hand out: said so, never a crash
        context = {"code": code, "story": None, "not_found": True}
        return render(request, "contributors/track.html", context, status=404)
    if request.GET.get("kode"):
        return redirect("tracking:track", code=code)
    try:
        ratelimit_hit(f"track:{client_ip(request)}", limit=60, window=600)
    except PewartaError as error:
        return render(request, "contributors/message.html", {"text": error.message}, status=429)
    story = Story.objects.filter(tracking_code=code).first()
    context = {"code": code, "story": story, "not_found": story is None}
    if story is not None:
        context |= {"word": status_word(story.status), "timeline": story_timeline(story)}
        context["is_live"] = story.status == Status.PUBLISHED and story.live_revision_id
    return render(request, "contributors/track.html", context, status=404 if story is None else 200)
