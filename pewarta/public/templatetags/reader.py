"""Template helpers of the reader site: a story's photo for lists, an author's portrait."""

from django import template
from django.core.files.storage import default_storage
from django.utils.formats import number_format

from pewarta.public.images import picture_for

register = template.Library()


@register.simple_tag
def story_photo(story):
    """The story's featured photo (or its first) with renditions, or None."""
    revision = getattr(story, "live_revision", None)
    images = [image for image in (revision.images if revision else None) or [] if image.get("src")]
    if not images:
        return None
    featured = next((image for image in images if image.get("featured")), images[0])
    return picture_for(featured)


@register.simple_tag
def portrait_url(contributor):
    """The contributor's photo URL, or "" when there is none."""
    photo = getattr(contributor, "photo", None)
    return default_storage.url(photo.name) if photo else ""


@register.filter
def ribuan(value):
    """A count with the language's thousands separator: 12.345 (id), 12,345 (en)."""
    try:
        return number_format(int(value), force_grouping=True)
    except (TypeError, ValueError):
        return ""
