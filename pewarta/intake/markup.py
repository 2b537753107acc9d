"""The web form's light markup: plain text to HTML and back (pure functions)."""

import re
from html import escape, unescape

from pewarta.common.html import sanitize_html

_BLOCK_TAG = re.compile(r"</?(p|h2|h3|h4|blockquote|ul|ol|li|strong|em|b|i|br)\b", re.I)


def body_to_html(text: str) -> str:
    """The simple editor's text as HTML: HTML is sanitized; plain text gets light markup.

    Light markup: blank line = new paragraph, `## ` heading, `> ` quote, `- ` list item,
    `**tebal**`, `*miring*`.
    """
    text = (text or "").replace("\r\n", "\n").strip()
    if _BLOCK_TAG.search(text):
        return sanitize_html(text)

    def inline(value: str) -> str:
        value = escape(value)
        value = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", value)
        return re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"<em>\1</em>", value)

    blocks = []
    for block in re.split(r"\n\s*\n", text):
        lines = [line.rstrip() for line in block.strip().split("\n") if line.strip()]
        if not lines:
            continue
        if len(lines) == 1 and lines[0].startswith("## "):
            blocks.append(f"<h2>{inline(lines[0][3:].strip())}</h2>")
        elif all(line.startswith("> ") or line == ">" for line in lines):
            inner = "<br>".join(inline(line[2:]) for line in lines)
            blocks.append(f"<blockquote><p>{inner}</p></blockquote>")
        elif all(line.startswith("- ") for line in lines):
            items = "".join(f"<li>{inline(line[2:])}</li>" for line in lines)
            blocks.append(f"<ul>{items}</ul>")
        else:
            blocks.append("<p>" + "<br>".join(inline(line) for line in lines) + "</p>")
    return sanitize_html("\n".join(blocks))


_LIGHT_TAGS = {"p", "br", "strong", "b", "em", "i", "h2", "blockquote", "ul", "li"}


def html_to_markup(value: str) -> str:
    """The inverse of `body_to_html` for HTML it could have produced, so a contributor revises
    text rather than tags. HTML with anything richer (links, tables, figures) is returned as is.
    """
    value = (value or "").strip()
    if not set(re.findall(r"</?([a-zA-Z0-9]+)", value)) <= _LIGHT_TAGS or "<" in re.sub(
        r"</?(?:p|br|strong|b|em|i|h2|blockquote|ul|li)>", "", value
    ):
        return value

    def lines_of(inner: str) -> list[str]:
        inner = re.sub(r"</?p>", "\n", inner.replace("<br>", "\n"))
        return [line.strip() for line in inner.split("\n") if line.strip()]

    def block(text: str) -> str:
        return f"\n\n{text}\n\n"

    out = re.sub(
        r"<blockquote>(.*?)</blockquote>",
        lambda m: block("\n".join("> " + line for line in lines_of(m.group(1)))),
        value,
        flags=re.S,
    )
    out = re.sub(
        r"<ul>(.*?)</ul>",
        lambda m: block(
            "\n".join("- " + item.strip() for item in re.findall(r"<li>(.*?)</li>", m.group(1)))
        ),
        out,
        flags=re.S,
    )
    out = re.sub(r"<h2>(.*?)</h2>", lambda m: block("## " + m.group(1).strip()), out, flags=re.S)
    out = re.sub(r"<p>(.*?)</p>", lambda m: block("\n".join(lines_of(m.group(1)))), out, flags=re.S)
    out = re.sub(r"</?(?:strong|b)>", "**", out)
    out = re.sub(r"</?(?:em|i)>", "*", out)
    return re.sub(r"\n{3,}", "\n\n", unescape(out)).strip()
