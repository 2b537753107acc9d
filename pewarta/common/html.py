"""HTML sanitizing: every piece of HTML from outside passes through `sanitize_html` (nh3)."""

import html as _html
import re

import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "blockquote", "q", "ul", "ol", "li",
    "h2", "h3", "h4", "a", "figure", "figcaption", "img", "table", "thead", "tbody", "tr",
    "th", "td", "sup", "sub", "hr", "span", "cite",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height", "loading", "srcset", "sizes"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
    "span": {"class"},
    "figure": {"class"},
}
URL_SCHEMES = {"http", "https", "mailto", "cid"}
# The only class values stored HTML may carry: none of them looks like one of the site's own
# notices, labels or warnings (a writer must not imitate "Ralat" or a desk label).
ALLOWED_CLASSES = {"photo", "credit", "pullquote"}


def is_own_image(src: str) -> bool:
    """True for a picture we serve ourselves (or an email's inline part, replaced on intake).

    Anything else in a story is a tracking pixel: it tells a stranger who opened the desk
    preview or the page, when, and from where.
    """
    from django.conf import settings

    src = src.strip()
    if src.lower().startswith("cid:"):
        return True
    if src.startswith("/") and not src.startswith(("//", "/\\")):
        return True
    ours = [settings.PEWARTA_SITE_URL + "/"]
    if "://" in settings.MEDIA_URL:
        ours.append(settings.MEDIA_URL)
    return src.startswith(tuple(ours))


def _attribute(element: str, attribute: str, value: str) -> str | None:
    if element == "img" and attribute == "src":
        return value if is_own_image(value) else None
    if element == "img" and attribute == "srcset":
        candidates = [part.strip().split()[0] for part in value.split(",") if part.strip()]
        return value if candidates and all(is_own_image(c) for c in candidates) else None
    if attribute == "class":
        kept = [name for name in value.split() if name in ALLOWED_CLASSES]
        return " ".join(kept) or None
    return value


def sanitize_html(raw: str) -> str:
    """Return HTML reduced to the tags and attributes a story body may carry."""
    return nh3.clean(
        raw or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_attribute,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    ).strip()


def text_to_html(text: str) -> str:
    """Turn plain text into paragraphs: blank lines split paragraphs, single newlines are <br>."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n"))]
    out = []
    for para in paragraphs:
        if para:
            out.append(
                "<p>" + "<br>".join(_html.escape(line) for line in para.split("\n")) + "</p>"
            )
    return "\n".join(out)


def html_to_text(value: str) -> str:
    """Plain text of an HTML fragment, for feeds, search and snippets."""
    cleaned = nh3.clean(value or "", tags=set())
    return re.sub(r"\s+", " ", _html.unescape(cleaned)).strip()
