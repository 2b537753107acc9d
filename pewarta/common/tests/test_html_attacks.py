"""Stored HTML keeps only our own pictures and harmless class names."""

import pytest

from pewarta.common.html import sanitize_html


@pytest.mark.parametrize(
    "src",
    [
        "https://pelacak.example/p.gif?u=redaksi",
        "http://pelacak.example/p.gif",
        "//pelacak.example/p.gif",
        "/\\pelacak.example/p.gif",
        " https://pelacak.example/p.gif",
        "HTTPS://PELACAK.EXAMPLE/P.GIF",
        "data:image/gif;base64,R0lGODlhAQABAAAAACw=",
    ],
)
def test_a_picture_from_elsewhere_is_dropped(src):
    cleaned = sanitize_html(f'<p>Isi</p><img src="{src}" alt="foto">')
    assert "pelacak" not in cleaned.lower() and "data:" not in cleaned
    assert "<p>Isi</p>" in cleaned


def test_a_srcset_naming_another_site_is_dropped():
    cleaned = sanitize_html(
        '<img src="/media/a.jpg" srcset="/media/a-480.jpg 480w, https://pelacak.example/x 800w">'
    )
    assert "pelacak" not in cleaned
    assert 'src="/media/a.jpg"' in cleaned


def test_our_own_pictures_stay(settings):
    settings.MEDIA_URL = "https://media.pewarta.example/"
    for src in ["/media/foto.jpg", "cid:foto1", "https://media.pewarta.example/foto.jpg",
                settings.PEWARTA_SITE_URL + "/media/foto.jpg"]:  # fmt: skip
        assert f'src="{src}"' in sanitize_html(f'<img src="{src}" alt="">'), src
    assert "srcset" in sanitize_html('<img src="/m/a.jpg" srcset="/m/a-1.jpg 1x, /m/a-2.jpg 2x">')


def test_class_names_outside_the_allowlist_are_dropped():
    cleaned = sanitize_html(
        '<span class="flash label koreksi credit">Ralat resmi redaksi</span>'
        '<figure class="notice photo"><figcaption>x</figcaption></figure>'
        '<span class="label-ai">AI</span>'
    )
    assert 'class="credit"' in cleaned and 'class="photo"' in cleaned
    for imitation in ("flash", "label", "koreksi", "notice"):
        assert imitation not in cleaned.split("Ralat")[0] + cleaned.split("Ralat")[1]


@pytest.mark.django_db
def test_the_desk_preview_never_loads_a_tracking_pixel(client, make_story, editor):
    story = make_story(
        body_html='<p>Naskah.</p><img src="https://pelacak.example/buka.gif?naskah=1" alt="">'
    )
    client.force_login(editor)
    page = client.get(f"/desk/naskah/{story.pk}/").content.decode()
    assert "Naskah." in page
    assert "pelacak.example" not in page
