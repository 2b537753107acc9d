"""Mail HTML and plain text as paragraph-level blocks, and blocks back to clean HTML."""

import html as _html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from pewarta.common.html import sanitize_html
from pewarta.intake.parse.model import Image


@dataclass
class Block:
    """One paragraph-level piece of the body: p, h2-h4, li, or img (a cid: reference)."""

    tag: str = "p"
    lines: list[tuple[str, str]] = field(default_factory=list)  # (inline html, plain text)
    quoted: bool = False
    src: str = ""
    alt: str = ""
    list_type: str = ""

    @property
    def text(self) -> str:
        return "\n".join(t for _h, t in self.lines)


_BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "blockquote",
               "table", "ul", "ol", "section", "article", "header", "footer", "pre", "center",
               "dl", "dt", "dd", "hr", "body", "figure", "figcaption"}  # fmt: skip
_VOID = {"br", "img", "hr", "meta", "link", "input", "wbr", "col", "area", "base", "source"}
_SKIP = {"script", "style", "head", "title", "template", "noscript", "xml", "o:p"}
_INLINE = {"b": "strong", "strong": "strong", "i": "em", "em": "em", "u": "u", "sup": "sup",
           "sub": "sub"}  # fmt: skip
_HEADINGS = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h4", "h5": "h4", "h6": "h4"}
_QUOTE_CLASSES = ("gmail_quote", "yahoo_quoted", "moz-cite-prefix", "protonmail_quote")
_SIG_CLASSES = ("gmail_signature", "moz-signature", "signature")
_QUOTE_REST_IDS = ("divrplyfwdmsg", "appendonsend", "mail-editor-reference-message-container")


class _BlockParser(HTMLParser):
    """Mail HTML -> blocks. Quote containers are marked, signatures dropped, markup reduced."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.stack: list[tuple[str, str]] = []  # (tag, role: ""|quote|sig|skip)
        self.current = Block()
        self.line_html: list[str] = []
        self.line_text: list[str] = []
        self.quote_rest = False
        self.in_pre = 0

    # state ---------------------------------------------------------------------------------
    def _role_active(self, role):
        return any(r == role for _t, r in self.stack)

    def _quoted(self):
        return self.quote_rest or self._role_active("quote")

    def _end_line(self):
        self.current.lines.append(("".join(self.line_html), "".join(self.line_text)))
        self.line_html, self.line_text = [], []

    def _flush(self, next_tag="p", list_type=""):
        self._end_line()
        block = self.current
        block.lines = [(h.strip(), t.strip()) for h, t in block.lines]
        while block.lines and not block.lines[0][1]:
            block.lines.pop(0)
        while block.lines and not block.lines[-1][1]:
            block.lines.pop()
        if block.lines:
            self.blocks.append(block)
        self.current = Block(tag=next_tag, quoted=self._quoted(), list_type=list_type)

    # events --------------------------------------------------------------------------------
    def handle_starttag(self, tag, attrs):
        attrs = {k: (v or "") for k, v in attrs}
        if tag in _VOID:
            self._void(tag, attrs)
            return
        classes = attrs.get("class", "").lower()
        ident = attrs.get("id", "").lower()
        role = ""
        if tag in _SKIP or self._role_active("skip"):
            role = "skip"
        elif (
            any(c in classes for c in _SIG_CLASSES)
            or ident == "signature"
            or (attrs.get("data-smartmail") == "gmail_signature")
        ):
            role = "sig"
        elif any(c in classes for c in _QUOTE_CLASSES) or (
            tag == "blockquote" and attrs.get("type", "").lower() == "cite"
        ):
            role = "quote"
        if ident in _QUOTE_REST_IDS or ident.startswith("divrplyfwdmsg"):
            self.quote_rest = True
        self.stack.append((tag, role))
        if self._role_active("skip") or self._role_active("sig"):
            return
        if tag in _BLOCK_TAGS:
            list_type = ""
            if tag == "li":
                parents = [t for t, _r in self.stack if t in ("ul", "ol")]
                list_type = parents[-1] if parents else "ul"
            self._flush(_HEADINGS.get(tag, "li" if tag == "li" else "p"), list_type)
            if tag == "pre":
                self.in_pre += 1
        elif tag in _INLINE:
            self.line_html.append(f"<{_INLINE[tag]}>")
        elif tag == "a":
            href = attrs.get("href", "")
            if re.match(r"^(https?|mailto):", href, re.I):
                self.line_html.append(f'<a href="{_html.escape(href)}">')
            else:
                self.line_html.append("<a>")

    def _void(self, tag, attrs):
        if self._role_active("skip") or self._role_active("sig"):
            return
        if tag == "br":
            if not "".join(self.line_text).strip() and self.current.lines:
                self._flush()
            else:
                self._end_line()
        elif tag == "hr":
            self._flush()
        elif tag == "img":
            src = attrs.get("src", "").strip()
            if src.lower().startswith("cid:"):
                self._flush()
                self.blocks.append(
                    Block(
                        tag="img",
                        src=src[4:].strip("<>"),
                        alt=attrs.get("alt", ""),
                        quoted=self._quoted(),
                    )  # fmt: skip
                )

    def handle_endtag(self, tag):
        if tag in _VOID or not any(t == tag for t, _r in self.stack):
            return
        hidden_before = self._role_active("skip") or self._role_active("sig")
        while self.stack:
            popped, _role = self.stack.pop()
            if popped == tag:
                break
        if hidden_before:
            return
        if tag in _BLOCK_TAGS:
            if tag == "pre":
                self.in_pre = max(0, self.in_pre - 1)
            self._flush()
        elif tag in _INLINE:
            self.line_html.append(f"</{_INLINE[tag]}>")
        elif tag == "a":
            self.line_html.append("</a>")

    def handle_data(self, data):
        if self._role_active("skip") or self._role_active("sig"):
            return
        if self.current.quoted != self._quoted() and "".join(self.line_text).strip():
            self._flush()
        self.current.quoted = self._quoted()
        if self.in_pre:
            for i, line in enumerate(data.split("\n")):
                if i:
                    self._end_line()
                self.line_html.append(_html.escape(line))
                self.line_text.append(line)
            return
        data = re.sub(r"\s+", " ", data.replace("\xa0", " "))
        self.line_html.append(_html.escape(data, quote=False))
        self.line_text.append(data)

    def close(self):
        super().close()
        self._flush()


def html_blocks(html: str) -> list[Block]:
    parser = _BlockParser()
    parser.feed(html)
    parser.close()
    return parser.blocks


def text_blocks(text: str) -> list[Block]:
    """Plain text -> blocks: blank lines split paragraphs; `>` lines are quoted."""
    blocks = []
    for para in re.split(r"\n\s*\n", text.replace("\r\n", "\n")):
        current = None
        for line in para.split("\n"):
            quoted = line.lstrip().startswith(">")
            line = line.rstrip()
            if current is None or current.quoted != quoted:
                current = Block(quoted=quoted)
                blocks.append(current)
            current.lines.append((_html.escape(line.strip(), quote=False), line.strip()))
    return [b for b in blocks if b.text.strip()]


def render_blocks(blocks: list[Block], images: dict[str, Image]) -> str:
    out, open_list = [], ""
    for block in blocks:
        list_type = block.list_type if block.tag == "li" else ""
        if open_list and open_list != list_type:
            out.append(f"</{open_list}>")
            open_list = ""
        if list_type and not open_list:
            out.append(f"<{list_type}>")
            open_list = list_type
        if block.tag == "img":
            image = images.get(block.src)
            if image is None:
                continue
            caption = _html.escape(image.caption or "", quote=False)
            if image.credit:
                caption += f" <cite>{_html.escape(image.credit, quote=False)}</cite>"
            out.append(
                f'<figure><img src="cid:{image.ref}" alt="{_html.escape(image.caption)}" '
                f'width="{image.width}" height="{image.height}">'
                + (f"<figcaption>{caption.strip()}</figcaption>" if caption.strip() else "")
                + "</figure>"
            )
        else:
            inner = "<br>".join(h for h, _t in block.lines)
            out.append(f"<{block.tag}>{inner}</{block.tag}>")
    if open_list:
        out.append(f"</{open_list}>")
    return sanitize_html("\n".join(out))


def blocks_text(blocks: list[Block]) -> str:
    return "\n\n".join(b.text for b in blocks if b.tag != "img").strip()
