"""The site as people see it: key pages at 390, 768 and 1280 px in Chromium, with screenshots.

Screenshots go to var/screenshots/; with PEWARTA_UPDATE_SCREENSHOTS=1 the 1280 px ones are
also copied to docs/screenshots/ (shown in the README). Each page is checked as a reader
would find it: no broken image, nothing wider than the screen, no console error, and on a
phone a header that leaves the screen to the news.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client
from PIL import Image

from pewarta.accounts.services import consents_accept_current
from pewarta.demo import pictures
from pewarta.desk import services
from pewarta.desk.models import Story
from pewarta.desk.workflow import SYSTEM_ACTOR
from pewarta.integrity.media import photo_store

ROOT = Path(__file__).resolve().parents[3]
SHOTS = ROOT / "var" / "screenshots"
DOCS = ROOT / "docs" / "screenshots"
WIDTHS = (390, 768, 1280)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _waiting_story(writer):
    upload = ContentFile(pictures.scene("market", 42), name="pasar.jpg")
    name, width, height = photo_store(upload, folder="naskah")
    image = {"src": default_storage.url(name), "caption": "Pedagang sayur menata lapak.",
             "credit": "Penulis Uji", "featured": True, "width": width, "height": height}  # fmt: skip
    return services.story_create(
        headline="Pedagang Pasar Kranggan Menata Ulang Lapak Setelah Renovasi",
        lead="Lapak sayur dipindah ke lantai dasar agar pembeli tak perlu naik tangga.",
        body_html="<p>Renovasi pasar selesai pekan lalu.</p><p>Pedagang menata ulang lapak.</p>",
        dateline="Yogyakarta",
        authors=[writer.contributor],
        actor=SYSTEM_ACTOR,
        images=[image],
    )


def _session_cookie(user, url):
    client = Client()
    client.force_login(user)
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    return {"name": settings.SESSION_COOKIE_NAME, "value": value, "url": url}


def _look(page, url, problems):
    page.goto(url)
    # Scroll through so lazy images load, then check every image the reader would see.
    page.evaluate(
        "async () => { for (let y = 0; y < document.body.scrollHeight; y += 600) {"
        " window.scrollTo(0, y); await new Promise(r => setTimeout(r, 30)); } window.scrollTo(0, 0); }"
    )
    page.wait_for_load_state("networkidle")
    broken = page.evaluate(
        "() => [...document.images].filter(i => !i.complete || i.naturalWidth === 0)"
        ".map(i => i.currentSrc || i.src)"
    )
    wide = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    if broken:
        problems.append(f"{url}: broken images {broken}")
    if wide > 0:
        culprits = page.evaluate(
            "() => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect()"
            ".right > window.innerWidth + 0.5 && !(e.parentElement && e.parentElement.closest('.table-wrap, #queue-table, .audit')))"
            ".slice(0, 6).map(e => e.tagName + '.' + e.className + '#' + e.id + ' ' + Math.round(e.getBoundingClientRect().right) + '/' + window.innerWidth)"
        )
        problems.append(f"{url}: {wide}px wider than the screen {culprits}")


def test_key_pages_look_right_at_three_widths(
    live_server, browser, senior_editor, writer, reader_site_data, capsys
):
    call_command("demo")
    consents_accept_current(contributor=writer.contributor)
    waiting = _waiting_story(writer)
    published = Story.objects.published().filter(section__slug="berita").first()
    readers = [
        ("home", "/"),
        ("section", "/berita/"),
        ("story", published.get_absolute_url()),
        ("search", "/cari?q=warga"),
        ("kirim", "/kirim"),
    ]
    pages = [(None, readers), (writer, [("akun-kirim", "/akun/kirim")])]
    pages.append(
        (
            senior_editor,
            [
                ("desk-queue", "/desk/"),
                ("desk-review", f"/desk/naskah/{waiting.pk}/"),
                ("desk-comments", "/desk/komentar/"),
                ("desk-api", "/desk/api/"),
                ("desk-figures", "/desk/angka/"),
            ],
        )  # fmt: skip
    )
    SHOTS.mkdir(parents=True, exist_ok=True)
    problems, console, failed = [], [], []
    for user, urls in pages:
        for width in WIDTHS:
            context = browser.new_context(locale="id-ID", viewport={"width": width, "height": 844})
            if user is not None:
                context.add_cookies([_session_cookie(user, live_server.url)])
            page = context.new_page()
            page.set_default_timeout(30000)
            page.on("console", lambda m: m.type == "error" and console.append(m.text))
            page.on("response", lambda r: r.status >= 400 and failed.append(f"{r.status} {r.url}"))
            for name, path in urls:
                _look(page, live_server.url + path, problems)
                shot = SHOTS / f"{name}-{width}.png"
                page.screenshot(path=str(shot), full_page=True)
                if width == 1280 and os.environ.get("PEWARTA_UPDATE_SCREENSHOTS"):
                    DOCS.mkdir(parents=True, exist_ok=True)
                    with Image.open(shot) as image:  # a palette keeps the repository small
                        image.convert("RGB").quantize(256).save(DOCS / shot.name, optimize=True)
                if width == 390 and page.locator(".site-header").count():
                    header = page.locator(".site-header").bounding_box()
                    if header["y"] + header["height"] > 844 / 5:
                        problems.append(f"{path}: header {header['height']:.0f}px at 390 px")
            context.close()
    assert problems == []
    assert console == [] and failed == []


def test_home_uses_a_wide_screen_like_a_news_portal(live_server, page, reader_site_data):
    call_command("demo")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/")
    lead = page.locator(".lead-story").bounding_box()
    latest = page.locator(".latest").bounding_box()
    popular = page.locator(".popular").bounding_box()
    # Lead story with its photo, the latest and the most read side by side.
    assert lead["x"] < latest["x"] < popular["x"]
    assert abs(lead["y"] - latest["y"]) < 40 and abs(latest["y"] - popular["y"]) < 40
    photo = page.locator(".lead-story img")
    assert photo.bounding_box()["width"] > 500
    assert page.evaluate("(img) => img.currentSrc", photo.element_handle()).endswith(".avif")
    counts = page.locator(".popular li .views").all_inner_texts()
    assert len(counts) == 5 and all(any(ch.isdigit() for ch in c) for c in counts)
    # The sections in columns below.
    blocks = [b.bounding_box() for b in page.locator(".section-block").all()]
    assert len({round(b["x"]) for b in blocks}) >= 3
    favicon = page.request.get(live_server.url + "/favicon.ico")
    assert favicon.status == 200 and "max-age" in favicon.headers["cache-control"]
