"""Pure functions that turn raw email bytes into a submission. No database access here.

`parse_submission` is the entry point: it raises `ParseError` (or its `LimitExceeded`) for the
sender's mistakes, with a reason safe to show the desk and the sender. Anything else it raises
is our fault and the caller retries.

The work is split by concern: `headers` (sender, subject, threading, charsets), `mime` (the
MIME tree), `blocks` (mail HTML/text as blocks and back), `cleaning` (quotes, forwards,
signatures, footers), `captions` (captions, credits, dateline, language) and `attachments`
(images and .docx through the one media pipeline, `pewarta.integrity.media`).
"""

from django.utils.translation import gettext_lazy as _

from pewarta.intake.parse.attachments import (
    check_docx_zip,
    convert_docx,
    image_from_part,
    process_image,
)
from pewarta.intake.parse.blocks import Block, blocks_text, html_blocks, render_blocks, text_blocks
from pewarta.intake.parse.captions import (
    detect_language,
    extract_captions,
    split_dateline,
    take_dateline,
)
from pewarta.intake.parse.cleaning import (
    PRIVATE_CREDIT,
    split_forward,
    strip_replies_and_signatures,
    take_signoff,
)
from pewarta.intake.parse.headers import (
    automated_reason,
    decode_bytes,
    header,
    headline_and_kind,
    part_text,
    raw_header,
    read_message,
    recipients_of,
    sender_of,
    thread_ids,
)
from pewarta.intake.parse.mime import _filename, _refusal, _Walk, _walk
from pewarta.intake.parse.model import (
    DOCX_TYPE,
    IMAGE_EXTENSIONS,
    Image,
    LimitExceeded,
    Limits,
    ParseError,
    Submission,
    _ext,
)

__all__ = [
    "DOCX_TYPE", "IMAGE_EXTENSIONS", "PRIVATE_CREDIT", "take_signoff", "Block", "Image",
    "LimitExceeded", "Limits", "ParseError",
    "Submission", "automated_reason", "blocks_text", "check_docx_zip", "convert_docx",
    "decode_bytes", "detect_language", "extract_captions", "header", "headline_and_kind",
    "html_blocks", "image_from_part", "part_text", "parse_submission", "process_image",
    "raw_header", "read_message", "recipients_of", "render_blocks", "reply_attachments",
    "reply_text", "sender_of",
    "split_dateline", "split_forward", "strip_replies_and_signatures", "take_dateline",
    "text_blocks", "thread_ids",
]  # fmt: skip


def parse_submission(raw: bytes, limits: Limits | None = None, msg=None) -> Submission:
    """Raw bytes -> Submission. ParseError/LimitExceeded for the sender's mistakes.

    `msg` is `read_message(raw)` when the caller already has it (saves a second parse).
    """
    limits = limits or Limits()
    if len(raw or b"") > limits.max_message_bytes:
        raise LimitExceeded(
            _("Pesan terlalu besar (%(mb)s MB; batas %(max)s MB).")
            % {"mb": len(raw) // (1024 * 1024), "max": limits.max_message_bytes // (1024 * 1024)}
        )
    msg = msg if msg is not None else read_message(raw)
    address, name = sender_of(msg)
    subject = header(msg, "Subject")
    walk = _Walk()
    _walk(msg, walk)
    cover, blocks = split_forward(walk.blocks)
    for inner in walk.forwarded:  # forwarded as an attachment: its content is the piece
        inner_walk = _Walk()
        _walk(inner, inner_walk)
        cover = cover + [b for b in blocks if not b.quoted]
        blocks = inner_walk.blocks
        walk.attachments += inner_walk.attachments
        walk.resources.update(inner_walk.resources)
        if not headline_and_kind(subject)[0]:
            subject = header(inner, "Subject")
        break
    cover_note = blocks_text(strip_replies_and_signatures(cover))
    headline, kind = headline_and_kind(subject)

    files = [p for p in walk.attachments if not p.is_multipart()]
    if len(files) + len(walk.resources) > limits.max_attachments:
        raise LimitExceeded(
            _("Terlalu banyak lampiran (%(n)s; batas %(max)s).")
            % {"n": len(files) + len(walk.resources), "max": limits.max_attachments}
        )

    notes: list[str] = []
    images: dict[str, Image] = {}
    ordered: list[Image] = []
    docx_used = False
    for cid, part in walk.resources.items():
        image = image_from_part(part, cid, limits, notes)
        if image is not None:
            images[cid] = image
            ordered.append(image)
    for part in files:
        filename, content_type = _filename(part), part.get_content_type()
        if content_type == DOCX_TYPE or _ext(filename) == ".docx":
            if docx_used:
                notes.append(_("Hanya satu berkas .docx per naskah; %(name)s tidak kami baca.")
                             % {"name": filename})  # fmt: skip
                continue
            docx_used = True
            html, docx_images = convert_docx(
                part.get_payload(decode=True) or b"", limits=limits, prefix="docx"
            )
            docx_blocks = html_blocks(html)
            if docx_blocks and docx_blocks[0].tag.startswith("h"):
                headline = docx_blocks.pop(0).text.replace("\n", " ").strip() or headline
            cover = cover + blocks
            blocks = docx_blocks
            for image in docx_images:
                images[image.ref] = image
                ordered.append(image)
            continue
        if content_type.startswith("image/") or _ext(filename) in IMAGE_EXTENSIONS:
            ref = f"att-{len(ordered) + 1}"
            image = image_from_part(part, ref, limits, notes)
            if image is not None:
                images[ref] = image
                ordered.append(image)
            continue
        if content_type in ("text/plain", "text/html") and not filename:
            continue
        notes.append(_refusal(filename, content_type))
    if docx_used:
        cover_note = blocks_text(strip_replies_and_signatures(cover))

    blocks, contact_note = _credit_images(
        strip_replies_and_signatures(blocks), ordered, name or str(PRIVATE_CREDIT)
    )
    dateline = take_dateline(blocks)
    body_text = blocks_text(blocks)
    if not headline:
        raise ParseError(_("Subjek email kosong; redaksi memakainya sebagai judul."))
    if not body_text and not images:
        raise ParseError(_("Isi pesan kosong."))
    return Submission(
        headline=headline[:300],
        kind=kind,
        body_html=render_blocks(blocks, images),
        from_address=address,
        from_name=name,
        message_id=header(msg, "Message-ID")[:998],
        dateline=dateline,
        language=detect_language(f"{headline} {body_text}"),
        notes=notes,
        images=[i for i in ordered if i.ref in images],
        cover_note=cover_note,
        body_text=body_text,
        contact_note=contact_note,
    )


def _credit_images(blocks: list[Block], ordered: list[Image], sender: str):
    """Captions and credits from the body onto the images: (the blocks without those lines
    and without a sign-off that carries contact details, that sign-off's text)."""
    blocks, numbered, by_ref, default_credit = extract_captions(blocks)
    blocks, contact_note = take_signoff(blocks)
    placed = {b.src for b in blocks if b.tag == "img"}
    for number, image in enumerate(ordered, start=1):
        caption, credit = by_ref.get(image.ref) or numbered.get(number) or ("", "")
        image.caption = image.caption or caption
        image.credit = image.credit or credit or default_credit or sender
        image.inline = image.ref in placed
    return blocks, contact_note


def reply_attachments(raw: bytes, limits: Limits | None = None, msg=None):
    """The photos a reply carries, credited and captioned as in a first mail, and the
    reasons for every attachment refused: `(images, refusals)`. A .docx is left to the
    revision; a photo over a size limit is refused alone, the reply still counts."""
    limits = limits or Limits()
    msg = msg if msg is not None else read_message(raw)
    _address, name = sender_of(msg)
    walk = _Walk()
    _walk(msg, walk)
    refusals: list[str] = []
    ordered: list[Image] = []
    parts = list(walk.resources.items())
    parts += [(None, p) for p in walk.attachments if not p.is_multipart()]
    for cid, part in parts:
        filename, content_type = _filename(part), part.get_content_type()
        if cid is None:
            if content_type == DOCX_TYPE or _ext(filename) == ".docx":
                continue
            if content_type in ("text/plain", "text/html") and not filename:
                continue
        if len(ordered) >= limits.max_attachments:
            refusals.append(
                _("Lampiran %(name)s tidak kami baca: batas %(max)s lampiran per pesan.")
                % {"name": filename or _("tanpa nama"), "max": limits.max_attachments}
            )
            continue
        ref = cid or f"att-{len(ordered) + 1}"
        try:
            image = image_from_part(part, ref, limits, refusals)
        except LimitExceeded as error:
            refusals.append(str(error.reason))
            continue
        if image is not None:
            ordered.append(image)
    _credit_images(strip_replies_and_signatures(walk.blocks), ordered, name or str(PRIVATE_CREDIT))
    return ordered, refusals


def reply_text(raw: bytes) -> str:
    """The new text of a reply (quotes and signatures gone), for the story's conversation."""
    msg = read_message(raw)
    walk = _Walk()
    _walk(msg, walk)
    text = blocks_text(strip_replies_and_signatures(walk.blocks))
    if not text:
        raise ParseError(_("Balasan tidak berisi teks."))
    return text
