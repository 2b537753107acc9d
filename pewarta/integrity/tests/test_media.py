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
        override_settings(PEWARTA_MEDIA_DOCX_MAX_UNPACKED=1024 * 1024),
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


def test_one_pixel_limit_from_settings_for_every_channel(settings):
    """The web form and email intake refuse the same picture under PEWARTA_MEDIA_MAX_PIXELS."""
    from pewarta.intake import parse
    from pewarta.intake.services import intake_limits

    picture = jpeg_bytes(size=(200, 100))
    settings.PEWARTA_MEDIA_MAX_PIXELS = 19_999
    with pytest.raises(ValidationFailed, match="terlalu besar"):
        image_clean(picture)  # web form, profile and identity uploads
    with pytest.raises(parse.LimitExceeded, match=r"200×100 piksel"):
        parse.process_image(picture, ref="x", limits=intake_limits(), filename="a.jpg")
    settings.PEWARTA_MEDIA_MAX_PIXELS = 20_000
    assert image_clean(picture).width == 200
    assert parse.process_image(picture, ref="x", limits=intake_limits()).width == 200


def test_one_byte_and_docx_limit_for_every_channel(settings):
    from pewarta.intake import parse
    from pewarta.intake.services import intake_limits

    settings.PEWARTA_MEDIA_MAX_BYTES = 1024
    big = jpeg_bytes(size=(400, 400))
    assert len(big) > 1024
    with pytest.raises(ValidationFailed, match="terlalu besar"):
        image_clean(big)
    with pytest.raises(parse.LimitExceeded, match="terlalu besar"):
        parse.process_image(big, ref="x", limits=intake_limits(), filename="b.jpg")
    settings.PEWARTA_MEDIA_MAX_BYTES = 15 * 1024 * 1024
    settings.PEWARTA_MEDIA_DOCX_MAX_UNPACKED = 1024
    document = _docx_bytes("Paragraf yang cukup panjang untuk melewati batas kecil.")
    with pytest.raises(ValidationFailed, match="terlalu besar setelah dibuka"):
        docx_to_html(document)
    with pytest.raises(parse.LimitExceeded, match="terlalu besar setelah dibuka"):
        parse.convert_docx(document, limits=intake_limits())


@pytest.mark.parametrize(
    "env, setting, value",
    [
        ({"PEWARTA_UPLOAD_MAX_BYTES": "1000"}, "PEWARTA_MEDIA_MAX_BYTES", 1000),
        ({"PEWARTA_INTAKE_MAX_IMAGE_PIXELS": "7000000"}, "PEWARTA_MEDIA_MAX_PIXELS", 7000000),
        ({"PEWARTA_DOCX_MAX_UNCOMPRESSED": "2048"}, "PEWARTA_MEDIA_DOCX_MAX_UNPACKED", 2048),
        ({"PEWARTA_INTAKE_MAX_DOCX_BYTES": "4096"}, "PEWARTA_MEDIA_DOCX_MAX_UNPACKED", 4096),
        (
            {"PEWARTA_MEDIA_MAX_PIXELS": "9000000", "PEWARTA_INTAKE_MAX_IMAGE_PIXELS": "1"},
            "PEWARTA_MEDIA_MAX_PIXELS",
            9000000,
        ),
    ],
)
def test_older_setting_names_still_work(env, setting, value, tmp_path):
    """Settings are read once at start: a fresh interpreter reads the environment."""
    import os
    import subprocess
    import sys

    clean = {k: v for k, v in os.environ.items() if not k.startswith("PEWARTA_")}
    clean |= env | {"PEWARTA_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "pewarta.settings"}
    out = subprocess.run(
        [sys.executable, "-c", f"from pewarta import settings; print(settings.{setting})"],
        env=clean, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert int(out.stdout.strip()) == value


def test_evidence_images_use_the_same_pixel_limit(settings):
    from pewarta.integrity.media import MediaTooLarge, image_verify

    assert image_verify(jpeg_bytes(size=(100, 100))) == "JPEG"
    settings.PEWARTA_MEDIA_MAX_PIXELS = 5000
    with pytest.raises(MediaTooLarge):
        image_verify(jpeg_bytes(size=(100, 100)))
