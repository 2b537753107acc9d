"""Template tags the reader site uses to show a story's corrections, replies and updates.

(Foundation stub: the complaints issue fills in `story_notices`.)
"""

from django import template

register = template.Library()


@register.inclusion_tag("complaints/_story_notices.html")
def story_notices(story):
    """The block of Ralat / Koreksi / Hak Jawab / Catatan Redaksi items shown on a story."""
    return {"story": story, "notices": []}
