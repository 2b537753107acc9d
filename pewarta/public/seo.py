"""What search engines and share cards read: canonical URL and JSON-LD of a story."""

import json

from django.conf import settings
from django.templatetags.static import static
from django.utils.safestring import mark_safe

from pewarta.common.html import html_to_text
from pewarta.desk.models import OPINION_KINDS, Kind


def absolute(url: str) -> str:
    return url if url.startswith(("http://", "https://")) else settings.PEWARTA_SITE_URL + url


def editor_name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def article_type(kind: str) -> str:
    """schema.org type: paid content is never presented as news."""
    if kind == Kind.ADVERTORIAL:
        return "AdvertiserContentArticle"
    return "OpinionNewsArticle" if kind in OPINION_KINDS else "NewsArticle"


def story_json_ld(story, revision, authors, pictures) -> str:
    """schema.org NewsArticle (OpinionNewsArticle, AdvertiserContentArticle) as a <script> body."""
    url = absolute(story.get_absolute_url())
    data = {
        "@context": "https://schema.org",
        "@type": article_type(story.kind),
        "headline": revision.headline[:110],
        "description": html_to_text(revision.lead)[:300],
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "inLanguage": story.language or "id",
        "datePublished": (story.first_published_at or story.published_at).isoformat(),
        "dateModified": story.published_at.isoformat(),
        "author": [
            {
                "@type": "Person",
                "name": a.pen_name,
                "url": absolute(f"/penulis/{a.slug}"),
                **({"affiliation": a.affiliation} if a.affiliation else {}),
            }
            for a in authors
        ],
        "publisher": {
            "@type": "NewsMediaOrganization",
            "name": settings.PEWARTA_SITE_NAME,
            "url": settings.PEWARTA_SITE_URL + "/",
            "logo": {"@type": "ImageObject", "url": absolute(static("pewarta/logo.png"))},
        },
    }
    if story.credited_editor_id:
        data["editor"] = {"@type": "Person", "name": editor_name(story.credited_editor)}
    if story.section_id:
        data["articleSection"] = story.section.name
    if pictures:
        data["image"] = [absolute(p.src) for p in pictures]
    # Escape "<" so that no text can close the <script> element.
    text = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
    return mark_safe(text)  # noqa: S308 - JSON with "<" escaped
