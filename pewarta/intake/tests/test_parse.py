"""The pure parsing functions, one behaviour at a time (no database)."""

import io
from email.message import EmailMessage

import pytest
from PIL import Image

from pewarta.intake import parse
from pewarta.intake.tests import corpus
from pewarta.integrity.media import MediaLimits

LIMITS = parse.Limits()


@pytest.mark.parametrize(
    "subject, headline, kind",
    [
        ("Re: Fwd: [Opini] Trotoar untuk Pejalan Kaki", "Trotoar untuk Pejalan Kaki", "opini"),
        ("FW: Siaran Pers: Peluncuran Aplikasi Desa", "Peluncuran Aplikasi Desa", "siaran_pers"),
        ("[Esai]  Kota   yang Ramah Anak", "Kota yang Ramah Anak", "esai"),
        ("Bls: Banjir di Kampung Melayu", "Banjir di Kampung Melayu", "berita"),
        ("[Penting] Jalan Rusak", "[Penting] Jalan Rusak", "berita"),
    ],
)
def test_subject_to_headline_and_kind(subject, headline, kind):
    assert parse.headline_and_kind(subject) == (headline, kind)


def test_rfc2047_subject_and_base64_body_are_decoded():
    msg = corpus.base("Sate Maranggi Khas Purwakarta — “Juara”", "Ujang <u@example.id>")
    msg.set_content("PURWAKARTA - Sate maranggi dijual sejak subuh.", cte="base64")
    raw = corpus.wire(msg)
    assert b"=?utf-8?" in raw and b"Sate maranggi dijual" not in raw
    submission = parse.parse_submission(raw)
    assert submission.headline == "Sate Maranggi Khas Purwakarta — “Juara”"
    assert submission.body_text == "Sate maranggi dijual sejak subuh."
    assert submission.dateline == "Purwakarta"


@pytest.mark.parametrize(
    "payload, charset, text",
    [
        ("“Kopi” – café".encode("windows-1252"), "iso-8859-1", "“Kopi” – café"),
        ("“Kopi” – café".encode("windows-1252"), None, "“Kopi” – café"),
        ("“Kopi” – café".encode(), "iso-8859-1", "“Kopi” – café"),  # UTF-8 labelled latin-1
        ("“Kopi” – café".encode("windows-1252"), "utf-8", "“Kopi” – café"),
        (b"Kopi", "x-unknown-charset", "Kopi"),
    ],
)
def test_any_charset_including_mislabelled_windows_1252(payload, charset, text):
    assert parse.decode_bytes(payload, charset) == text


def test_plain_text_quotes_signatures_and_phone_footers_are_stripped():
    text = (
        "Isi naskah.\n\nParagraf kedua.\n\nSent from my iPhone\n\n"
        "Pada Sab, 28 Nov 2026 pukul 09.00 Redaksi <r@x> menulis:\n> kutipan lama\n"
    )
    blocks = parse.strip_replies_and_signatures(parse.text_blocks(text))
    assert parse.blocks_text(blocks) == "Isi naskah.\n\nParagraf kedua."
    dikirim = parse.text_blocks("Isi.\nDikirim dari Yahoo Mail di Android\n-- \nAsep\n0812")
    assert parse.blocks_text(parse.strip_replies_and_signatures(dikirim)) == "Isi."


def test_trailing_legal_footer_is_dropped_but_not_the_story():
    text = (
        "Pemerintah menyebut data ini rahasia negara.\n\n"
        "Email ini beserta lampirannya bersifat rahasia dan hanya ditujukan untuk penerima."
    )
    blocks = parse.strip_replies_and_signatures(parse.text_blocks(text))
    assert parse.blocks_text(blocks) == "Pemerintah menyebut data ini rahasia negara."


def test_gmail_inline_forward_keeps_the_forwarded_piece():
    html = (
        '<div dir="ltr">Mohon dimuat.<br><br><div class="gmail_quote"><div class="gmail_attr">'
        "---------- Forwarded message ---------<br>From: <b>Dedi</b> &lt;d@x.id&gt;<br>Date: "
        "Sab, 28 Nov<br>Subject: Kerja Bakti<br>To: &lt;a@x.id&gt;<br></div><br><div dir="
        '"ltr">GARUT - Warga kerja bakti.<div><br></div><div>Paragraf dua.</div></div></div></div>'
    )
    cover, content = parse.split_forward(parse.html_blocks(html))
    assert parse.blocks_text(cover) == "Mohon dimuat."
    text = parse.blocks_text(parse.strip_replies_and_signatures(content))
    assert text == "GARUT - Warga kerja bakti.\n\nParagraf dua."


def test_html_is_reduced_to_safe_markup():
    html = (
        '<div>Teks <b>tebal</b> dan <a href="javascript:alert(1)">tautan</a>'
        '<script>alert(1)</script><img src="https://tracker.example/p.gif"></div>'
        '<div><a href="https://example.id/data">data</a></div>'
    )
    rendered = parse.render_blocks(parse.html_blocks(html), {})
    assert "<strong>tebal</strong>" in rendered and "alert" not in rendered
    assert "tracker" not in rendered and 'href="https://example.id/data"' in rendered


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "HEIF"])
def test_images_are_reencoded_without_metadata_and_upright(fmt):
    data = corpus.photo(fmt, orientation=6 if fmt != "HEIF" else 1)
    image = parse.process_image(data, ref="x", limits=LIMITS, filename=f"f.{fmt.lower()}")
    decoded = Image.open(io.BytesIO(image.data))
    exif = decoded.getexif()
    assert not exif.get_ifd(0x8825) and 0x010F not in exif and 0x0112 not in exif
    expected = (120, 60) if fmt == "HEIF" else (60, 120)
    assert decoded.size == (image.width, image.height) == expected


def test_image_bomb_and_broken_images_are_clear_refusals():
    with pytest.raises(parse.LimitExceeded, match="melebihi batas 50 juta piksel"):
        parse.process_image(corpus.image_bomb_png(), ref="x", limits=LIMITS, filename="b.png")
    small = parse.Limits(media=MediaLimits(max_pixels=1000))
    with pytest.raises(parse.LimitExceeded, match=r"120×60 piksel"):
        parse.process_image(corpus.photo(), ref="x", limits=small, filename="a.jpg")
    with pytest.raises(parse.ParseError, match="tidak dapat dibaca"):
        parse.process_image(b"not an image", ref="x", limits=LIMITS, filename="c.jpg")


def test_docx_heading_and_embedded_image():
    html, images = parse.convert_docx(corpus.docx_file(image=corpus.photo("PNG")), limits=LIMITS)
    blocks = parse.html_blocks(html)
    assert blocks[0].tag == "h2" and blocks[0].text == "Trotoar untuk Pejalan Kaki"
    assert [b.src for b in blocks if b.tag == "img"] == ["docx-1"]
    assert images[0].extension == "jpg"


def test_zip_bomb_is_refused_before_decompression():
    with pytest.raises(parse.LimitExceeded, match="batas 40 MB"):
        parse.check_docx_zip(corpus.zip_bomb_docx(50), LIMITS)
    with pytest.raises(parse.ParseError, match="rusak"):
        parse.check_docx_zip(b"PK\x03\x04 broken", LIMITS)


@pytest.mark.parametrize(
    "headers, envelope_from, verdict",
    [
        ({"Auto-Submitted": "auto-replied"}, "a@x.id", "auto_reply"),
        ({"X-Autoreply": "yes"}, "a@x.id", "auto_reply"),
        ({"Precedence": "bulk"}, "a@x.id", "list"),
        ({"List-Id": "<warga.lists.x.id>"}, "a@x.id", "list"),
        ({}, "", "bounce"),
        ({"Return-Path": "<>"}, None, "bounce"),
        ({"Auto-Submitted": "no"}, "a@x.id", ""),
        ({}, "a@x.id", ""),
    ],
)
def test_automated_mail_is_recognised(headers, envelope_from, verdict):
    msg = EmailMessage()
    msg["From"] = "a@x.id"
    for name, value in headers.items():
        msg[name] = value
    assert parse.automated_reason(msg, envelope_from) == verdict


def test_language_detection():
    assert parse.detect_language(corpus.STORY) == "id"
    assert parse.detect_language("The volunteers said that the beach was clean and the " * 3) == (
        "en"
    )


def test_apple_plain_layout_places_the_photo_between_the_texts():
    from email.mime.image import MIMEImage
    from email.mime.multipart import MIMEMultipart
    from email.mime.text import MIMEText

    outer = MIMEMultipart("mixed")
    outer["From"] = "Budi <budi@example.id>"
    outer["Subject"] = "Pasar Terapung"
    outer.attach(MIMEText("BANJARMASIN - Pedagang berjualan di atas perahu.\n", "plain"))
    photo = MIMEImage(corpus.photo("JPEG", orientation=1), "jpeg")
    photo.add_header("Content-Disposition", "inline", filename="IMG_7.jpeg")
    photo.add_header("Content-Description", "Perahu pedagang sayur (Foto: Budi)")
    outer.attach(photo)
    outer.attach(MIMEText("Pembeli datang sejak subuh.\n\nSent from my iPhone", "plain"))
    submission = parse.parse_submission(outer.as_bytes())
    html = submission.body_html
    [image] = submission.images
    assert image.inline and (image.caption, image.credit) == ("Perahu pedagang sayur", "Budi")
    assert html.index("di atas perahu") < html.index(f"cid:{image.ref}") < html.index("subuh")
    assert "iPhone" not in html


def test_alt_text_is_a_caption_unless_it_is_a_file_name():
    html = (
        '<div>Teks.</div><img src="cid:a" alt="Sawah menguning (Foto: Tini)">'
        '<img src="cid:b" alt="IMG_0042.HEIC">'
    )
    _blocks, _numbered, by_ref, _credit = parse.extract_captions(parse.html_blocks(html))
    assert by_ref == {"a": ("Sawah menguning", "Tini")}


def test_folded_message_id_is_stored(db):
    from pewarta.intake import services

    raw = b"From: a@x.id\r\nMessage-ID:\r\n <lipat@x.id>\r\nSubject: S\r\n\r\nIsi.\r\n"
    assert services.inbound_message_store(raw=raw, channel="file").message_id == "<lipat@x.id>"
