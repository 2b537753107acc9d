"""WordPress post content → story HTML: classic editor text (auto-paragraphs), shortcodes and
block-editor markup. Images found on the way ([caption], image blocks, bare <img>) are taken
out as `Picture`s with their captions and credits; the caller stores them through the media
pipeline and puts them back. The result always goes through the one sanitizer. Pure.
"""

import re
from dataclasses import dataclass
from html import unescape

from pewarta.common.html import html_to_text, sanitize_html

BLOCK_TAGS = re.compile(
    r"<(p|div|h[1-6]|ul|ol|li|blockquote|table|figure|pre|hr|dl|section|article)\b", re.I
)
CAPTION = re.compile(r"\[caption([^\]]*)\](.*?)\[/caption\]", re.S | re.I)
IMAGE_BLOCK = re.compile(r"<!--\s*wp:image\b(.*?)-->(.*?)<!--\s*/wp:image\s*-->", re.S)
FIGURE = re.compile(r"<figure\b[^>]*>(.*?)</figure>", re.S | re.I)
IMG = re.compile(r"<img\b[^>]*>", re.I)
ATTR = re.compile(r'([a-zA-Z_:-]+)\s*=\s*("([^"]*)"|\'([^\']*)\')')
FIGCAPTION = re.compile(r"<figcaption\b[^>]*>(.*?)</figcaption>", re.S | re.I)
SHORTCODE = re.compile(r"\[(/?)([a-zA-Z_][\w-]*)([^\]]*)\]")
CREDIT = re.compile(r"\(?\b(?:foto|photo|dok(?:umentasi)?|sumber)\s*[:.]\s*([^()]+?)\)?\s*$", re.I)
WP_COMMENT = re.compile(r"<!--.*?-->", re.S)
MARK = "%%PEWARTA-PIC-{}%%"


@dataclass
class Picture:
    src: str
    caption: str
    credit: str
    attachment_id: str
    alt: str = ""


def _attrs(tag: str) -> dict:
    return {
        m.group(1).lower(): unescape(m.group(3) or m.group(4) or "") for m in ATTR.finditer(tag)
    }


def _picture(img_tag: str, caption_html: str, attachment_id: str = "") -> Picture:
    attrs = _attrs(img_tag)
    if not attachment_id:
        found = re.search(r"wp-image-(\d+)", attrs.get("class", ""))
        attachment_id = found.group(1) if found else ""
    caption = html_to_text(caption_html).strip()
    credit = ""
    found = CREDIT.search(caption)
    if found:
        credit = found.group(1).strip(" .")
        caption = caption[: found.start()].strip(" -–—")
    return Picture(
        src=attrs.get("src", ""), caption=caption, credit=credit,
        attachment_id=attachment_id, alt=attrs.get("alt", ""),
    )  # fmt: skip


def autop(text: str) -> str:
    """WordPress's wpautop, simplified: blank lines make paragraphs, single newlines <br>."""
    if BLOCK_TAGS.search(text):
        return text
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if b.strip()]
    return "\n".join("<p>" + b.replace("\n", "<br>\n") + "</p>" for b in blocks)


def convert(raw: str) -> tuple[str, list[Picture]]:
    """(clean HTML with a placeholder per picture, pictures in order)."""
    pictures: list[Picture] = []

    def keep(picture: Picture) -> str:
        pictures.append(picture)
        return MARK.format(len(pictures) - 1)

    text = raw or ""

    def caption(match):
        attrs, inner = _attrs(match.group(1)), match.group(2)
        img = IMG.search(inner)
        if img is None:
            return inner
        attachment = re.sub(r"\D", "", attrs.get("id", ""))
        words = IMG.sub("", inner)
        words = re.sub(r"</?a\b[^>]*>", "", words)
        return keep(_picture(img.group(0), attrs.get("caption") or words, attachment))

    text = CAPTION.sub(caption, text)

    def image_block(match):
        figure = match.group(2)
        img = IMG.search(figure)
        if img is None:
            return ""
        found = FIGCAPTION.search(figure)
        block_id = re.search(r'"id"\s*:\s*(\d+)', match.group(1))
        return keep(
            _picture(
                img.group(0), found.group(1) if found else "", block_id.group(1) if block_id else ""
            )
        )

    text = IMAGE_BLOCK.sub(image_block, text)

    def figure(match):
        inner = match.group(1)
        img = IMG.search(inner)
        if img is None:
            return match.group(0)
        found = FIGCAPTION.search(inner)
        return keep(_picture(img.group(0), found.group(1) if found else ""))

    text = FIGURE.sub(figure, text)
    text = IMG.sub(lambda m: keep(_picture(m.group(0), "")), text)
    text = WP_COMMENT.sub("", text)
    # Other shortcodes ([gallery], [embed], [youtube]...) carry nothing a story body can show:
    # the tags go, any text they enclosed stays.
    text = SHORTCODE.sub("", text)
    html = sanitize_html(autop(text))
    return html, pictures


def place(html: str, figures: list[str]) -> str:
    """Put each stored picture's <figure> where its placeholder stood ("" drops it)."""
    for index, figure in enumerate(figures):
        mark = MARK.format(index)
        html = re.sub(rf"<p>\s*{re.escape(mark)}\s*(<br>)?\s*</p>", mark, html)
        html = html.replace(mark, figure)
    html = re.sub(r"%%PEWARTA-PIC-\d+%%", "", html)
    return re.sub(r"<p>\s*(<br>\s*)*</p>", "", html)
