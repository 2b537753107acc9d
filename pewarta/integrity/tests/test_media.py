import io
import zipfile

import docx
import pytest
from django.test import override_settings
from PIL import Image

from pewarta.common.errors import ValidationFailed
from pewarta.conftest import gps_exif, jpeg_bytes
from pewarta.intake.markup import body_to_html, html_to_markup
from pewarta.integrity.media import docx_to_html, image_clean


def test_image_is_reencoded_without_exif_or_gps():
    raw = jpeg_bytes(exif=gps_exif())
    assert Image.open(io.BytesIO(raw)).getexif().get_ifd(0x8825)  # the input carries GPS
    clean = image_clean(raw)
    out = Image.open(io.BytesIO(clean.content))
    assert out.format == "JPEG"
    assert not out.getexif()
    assert b"KameraUji" not in clean.content


def test_orientation_is_applied():
    raw = jpeg_bytes(size=(80, 40), exif=gps_exif(orientation=6))  # rotate 90 degrees
    clean = image_clean(raw)
    assert (clean.width, clean.height) == (40, 80)


def test_text_file_named_like_a_photo_is_refused():
    with pytest.raises(ValidationFailed, match="bukan gambar"):
        image_clean(b"<?php echo 'not an image'; ?>")


def test_truncated_image_is_refused():
    with pytest.raises(ValidationFailed):
        image_clean(jpeg_bytes()[:60])


def _docx_bytes(*paragraphs) -> bytes:
    document = docx.Document()
    document.add_heading("Judul dokumen", level=2)
    for text in paragraphs:
        p = document.add_paragraph(text)
    p.add_run(" tebal").bold = True
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_docx_becomes_sanitized_html():
    html = docx_to_html(_docx_bytes("Paragraf pertama.", "Paragraf <script>kedua</script>."))
    assert "<p>Paragraf pertama.</p>" in html
    assert "<strong> tebal</strong>" in html
    assert "<script>" not in html  # text stays text


def test_docx_zip_bomb_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/media/bom.bin", b"\0" * (2 * 1024 * 1024))
    with (
        override_settings(PEWARTA_DOCX_MAX_UNCOMPRESSED=1024 * 1024),
        pytest.raises(ValidationFailed, match="terlalu besar"),
    ):
        docx_to_html(out.getvalue())


def test_non_docx_is_refused():
    with pytest.raises(ValidationFailed, match="bukan dokumen Word"):
        docx_to_html(jpeg_bytes())


def test_light_markup_in_the_simple_editor():
    html = body_to_html("## Subjudul\n\nSatu **tebal** dan *miring*.\n\n> kutipan\n\n- a\n- b")
    assert "<h2>Subjudul</h2>" in html
    assert "<strong>tebal</strong>" in html and "<em>miring</em>" in html
    assert "<blockquote><p>kutipan</p></blockquote>" in html
    assert "<ul><li>a</li><li>b</li></ul>" in html


def test_html_in_the_editor_is_sanitized():
    html = body_to_html('<p onclick="x()">Halo</p><script>alert(1)</script>')
    assert html == "<p>Halo</p>"


@pytest.mark.parametrize(
    "markup",
    [
        "Satu paragraf.",
        "## Subjudul\n\nSatu **tebal** dan *miring*.\n\n> kutipan\n> baris dua\n\n- a\n- b",
        "Baris satu\nbaris dua\n\nParagraf & tanda <kurung>.",
    ],
)
def test_light_html_turns_back_into_the_markup_it_came_from(markup):
    html = body_to_html(markup)
    assert html_to_markup(html) == markup
    assert body_to_html(html_to_markup(html)) == html


def test_rich_html_is_left_as_html_for_revision():
    html = '<p>Lihat <a href="https://example.id">tautan</a>.</p>'
    assert html_to_markup(html) == html
