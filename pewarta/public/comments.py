"""Readers' comments on the reader site: the list is its own cached fragment (and page), so a
story page stays in the page cache however many comments arrive. The community room renders
it; approving a comment purges `comments-<story id>` (community.hooks)."""

from pewarta.community.views import comments_response, published_story
from pewarta.public import edge
from pewarta.public.caching import cached_page, story_tag, tag_response


def comments_tag(story_id) -> str:
    return f"comments-{story_id}"


@cached_page
def fragment(request, story_id):
    story = published_story(story_id)
    response = comments_response(request, story, full=False)
    return tag_response(response, comments_tag(story.pk), story_tag(story.pk))


@cached_page
def page(request, story_id):
    story = published_story(story_id)
    response = comments_response(request, story, full=True)
    return tag_response(response, comments_tag(story.pk), story_tag(story.pk))


def purge(*, story_ids) -> None:
    """community.hooks handler: the shown comments changed."""
    edge.purge_everywhere([comments_tag(pk) for pk in story_ids])
