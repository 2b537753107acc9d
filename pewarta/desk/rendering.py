"""Turning a revision into the story page's body: dateline prefix and inline `Baca juga`."""

import html
import re

from django.conf import settings
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

_FIRST_P = re.compile(r"<p>", re.I)


def dateline_prefix(place: str) -> str:
    brand = settings.PEWARTA_DATELINE.upper()
    return f"{place.upper()}, {brand} - " if place else f"{brand} - "


def story_body(revision, related_stories) -> str:
    """Body HTML with the dateline in the first paragraph and `Baca juga` links after it.

    The body was sanitized when the revision was written; only escaped text is added here.
    """
    body = revision.body_html or ""
    prefix = f'<strong class="dateline">{html.escape(dateline_prefix(revision.dateline))}</strong>'
    if _FIRST_P.match(body):
        body = _FIRST_P.sub("<p>" + prefix, body, count=1)
    else:
        body = f"<p>{prefix}</p>{body}"
    if related_stories:
        label = html.escape(_("Baca juga:"))
        links = "".join(
            f'<p class="baca-juga"><strong>{label}</strong> '
            f'<a href="{html.escape(story.get_absolute_url())}">'
            f"{html.escape(story.live_revision.headline)}</a></p>"
            for story in related_stories
        )
        end = body.lower().find("</p>")
        body = body[: end + 4] + links + body[end + 4 :] if end >= 0 else body + links
    return mark_safe(body)  # noqa: S308 - sanitized at write time, additions escaped
