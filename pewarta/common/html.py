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


def sanitize_html(raw: str) -> str:
    """Return HTML reduced to the tags and attributes a story body may carry."""
    return nh3.clean(
        raw or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
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
