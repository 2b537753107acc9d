"""Template tags the reader site uses to show a story's corrections, replies and updates."""

from django import template
from django.utils.translation import gettext as _

from pewarta.complaints.models import Correction, RightOfReply
from pewarta.desk.models import Status

register = template.Library()


def _correction_notice(item: Correction) -> dict | None:
    notice = {
        "kind": item.kind,
        "label": item.get_kind_display(),
        "time": item.published_at,
        "text": item.text,
        "anchor": f"koreksi-{item.pk}",
        "url": item.get_absolute_url(),
        "link_text": _("Tautan permanen"),
    }
    if item.kind in (Correction.Kind.FOLLOW_UP, Correction.Kind.FOLLOW_UP_OF):
        related = item.related_story
        if related is None or related.status != Status.PUBLISHED:
            return None
        notice["text"] = (
            _("Berita ini telah ditindaklanjuti:")
            if item.kind == Correction.Kind.FOLLOW_UP
            else _("Berita ini melanjutkan:")
        )
        notice["url"] = related.get_absolute_url()
        notice["link_text"] = str(related)
    return notice


def notices_for(story) -> list[dict]:
    """Ralat, Koreksi, Catatan Redaksi, follow-ups and Hak Jawab, oldest first. Two queries."""
    corrections = Correction.objects.filter(story_id=story.pk).select_related(
        "related_story__live_revision", "related_story__draft_revision", "related_story__section"
    )
    notices = [n for item in corrections if (n := _correction_notice(item))]
    for reply in RightOfReply.objects.filter(story_id=story.pk):
        notices.append(
            {
                "kind": "hak_jawab",
                "label": _("Hak Jawab"),
                "time": reply.published_at,
                "text": _("%(name)s menyampaikan Hak Jawab atas berita ini:")
                % {"name": reply.respondent},
                "anchor": f"hak-jawab-{reply.pk}",
                "url": reply.get_absolute_url(),
                "link_text": reply.title,
            }
        )
    notices.sort(key=lambda n: n["time"])
    return notices


@register.inclusion_tag("complaints/_story_notices.html")
def story_notices(story):
    """The block of Ralat / Koreksi / Hak Jawab / Catatan Redaksi items shown on a story."""
    return {"story": story, "notices": notices_for(story) if story and story.pk else []}
