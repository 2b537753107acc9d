"""Reference feeds: editors register them, a periodic task fetches them, items are signed."""

from datetime import timedelta
from xml.sax.saxutils import escape

import pytest
from django.utils import timezone

from pewarta.audit.models import Event
from pewarta.common.errors import NotPermitted, ValidationFailed
from pewarta.integrity import references, similarity
from pewarta.integrity.models import Fingerprint, ReferenceItem, ReferenceSource
from pewarta.integrity.tasks import fetch_reference_feeds
from pewarta.integrity.tests.texts import OLDER, PRESS_RELEASE

pytestmark = pytest.mark.django_db


def rss(items) -> str:
    entries = "".join(
        f"<item><title>{escape(title)}</title><link>{escape(link)}</link>"
        f"<guid>{escape(link)}</guid><author>humas@kementerian.example</author>"
        f"<pubDate>Mon, 02 Mar 2026 09:00:00 +0700</pubDate>"
        f"<description>{escape(body)}</description></item>"
        for title, link, body in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Siaran Pers</title><link>https://kementerian.example/</link>{entries}"
        "</channel></rss>"
    )


ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Media Lain</title><id>urn:media-lain</id>
<updated>2026-03-02T10:00:00Z</updated>
<entry><title>Banjir Ulujami</title><id>urn:media-lain:1</id>
<link href="https://media-lain.example/banjir-ulujami"/><updated>2026-03-02T10:00:00Z</updated>
<author><name>Redaksi Media Lain</name></author>
<content type="html">{content}</content></entry></feed>"""


def release_items():
    return [
        ("Program Pendampingan Digital UMKM", "https://kementerian.example/rilis/1",
         "<p>" + "</p><p>".join(PRESS_RELEASE) + "</p>"),
        ("Jadwal Pameran Kriya", "https://kementerian.example/rilis/2",
         "Pameran kriya nasional digelar di alun-alun kota selama sepekan penuh."),
    ]  # fmt: skip


@pytest.fixture
def press_source(editor, feed_server):
    feed_server.add("/rilis.xml", rss(release_items()), ETag='"v1"')
    return references.reference_source_add(
        actor=editor,
        name="Humas Kementerian",
        url=feed_server.url("/rilis.xml"),
        kind=ReferenceSource.Kind.PRESS_RELEASE,
    )


def test_editor_registers_a_feed_and_its_items_are_fetched_and_signed(press_source, editor):
    assert Event.objects.filter(action="reference_source.added").exists()
    outcome = references.reference_source_fetch(source=press_source, actor=editor)
    assert (outcome.new, outcome.error) == (2, "")
    item = ReferenceItem.objects.get(guid="https://kementerian.example/rilis/1")
    assert item.title == "Program Pendampingan Digital UMKM"
    assert "<p>" not in item.text and "pelaku usaha mikro" in item.text
    assert item.published_at is not None and item.author
    assert Fingerprint.objects.filter(reference=item).exists()
    press_source.refresh_from_db()
    assert press_source.etag == '"v1"' and press_source.last_ok_at is not None


def test_unchanged_feed_is_not_read_twice(press_source, feed_server):
    references.reference_source_fetch(source=press_source)
    again = references.reference_source_fetch(source=press_source)
    assert (again.new, again.updated, again.error) == (0, 0, "")
    assert feed_server.requests[-1][1].get("If-None-Match") == '"v1"'


def test_a_piece_copying_a_press_release_is_suggested_the_label(press_source):
    references.reference_source_fetch(source=press_source)
    piece = "Kabar gembira bagi pengusaha kecil. " + " ".join(PRESS_RELEASE)
    result = similarity.check_text(piece, load_stories=lambda ids: {})
    assert result.matches and result.matches[0].source.kind == "reference"
    source = result.matches[0].source
    assert source.outlet == "Humas Kementerian" and source.press_release
    assert source.url == "https://kementerian.example/rilis/1"
    assert result.payload()["suggest_kind"] == "siaran_pers"


def test_atom_feeds_of_other_outlets_are_read(editor, feed_server):
    content = escape("<p>" + "</p><p>".join(OLDER) + "</p>")
    feed_server.add(
        "/atom", ATOM.format(content=content), **{"Content-Type": "application/atom+xml"}
    )
    source = references.reference_source_add(
        actor=editor, name="Media Lain", url=feed_server.url("/atom"), kind="outlet"
    )
    assert references.reference_source_fetch(source=source).new == 1
    item = ReferenceItem.objects.get(source=source)
    assert item.url == "https://media-lain.example/banjir-ulujami"
    assert item.author == "Redaksi Media Lain"
    result = similarity.check_text(" ".join(OLDER[:5]), load_stories=lambda ids: {})
    assert result.matches[0].source.outlet == "Media Lain"
    assert not result.payload()["suggest_kind"]


def test_only_editors_register_and_bad_addresses_are_refused(writer, editor, settings):
    with pytest.raises(NotPermitted):
        references.reference_source_add(
            actor=writer, name="X", url="https://contoh.example/feed", kind="outlet"
        )
    for url in ("javascript:alert(1)", "file:///etc/passwd", "ftp://contoh.example/f",
                "https://user:sandi@contoh.example/feed", ""):  # fmt: skip
        with pytest.raises(ValidationFailed):
            references.reference_source_add(actor=editor, name="X", url=url, kind="outlet")
    with pytest.raises(ValidationFailed):
        references.reference_source_add(
            actor=editor, name="X", url="https://contoh.example/f", kind="bukan"
        )
    references.reference_source_add(
        actor=editor, name="X", url="https://contoh.example/f", kind="wire"
    )
    with pytest.raises(ValidationFailed):  # the same feed twice
        references.reference_source_add(
            actor=editor, name="Y", url="https://contoh.example/f", kind="wire"
        )


def test_internal_addresses_are_refused_at_fetch_time(editor, settings):
    settings.PEWARTA_INTEGRITY_FEEDS_ALLOW_PRIVATE = False
    for url in ("http://127.0.0.1:9/feed", "http://169.254.169.254/latest/meta-data",
                "http://localhost/feed", "http://[::1]/feed", "http://10.1.2.3/feed"):  # fmt: skip
        source = ReferenceSource.objects.create(name=url, url=url)
        outcome = references.reference_source_fetch(source=source)
        assert "internal" in outcome.error or "ditolak" in outcome.error
        source.refresh_from_db()
        assert source.failures == 1 and source.last_error


def test_redirect_to_an_internal_address_is_refused(editor, feed_server, settings):
    feed_server.add("/pindah", "", status=302, Location="http://169.254.169.254/x")
    source = references.reference_source_add(
        actor=editor, name="Pindah", url=feed_server.url("/pindah"), kind="outlet"
    )
    settings.PEWARTA_INTEGRITY_FEEDS_ALLOW_PRIVATE = False  # after registering: check per hop
    assert "ditolak" in references.reference_source_fetch(source=source).error


def test_bad_feeds_end_in_a_recorded_error(editor, feed_server, settings):
    settings.PEWARTA_INTEGRITY_FEED_MAX_BYTES = 2000
    feed_server.add("/besar", rss(release_items() * 20))
    feed_server.add(
        "/html", "<html><body>bukan feed</body></html>", **{"Content-Type": "text/html"}
    )
    feed_server.add("/galat", "rusak", status=500)
    expected = {"/besar": "terlalu besar", "/html": "bukan feed", "/galat": "500",
                "/hilang": "404"}  # fmt: skip
    for path, words in expected.items():
        source = references.reference_source_add(
            actor=editor, name=path, url=feed_server.url(path), kind="outlet"
        )
        outcome = references.reference_source_fetch(source=source)
        assert words in outcome.error, (path, outcome.error)
    assert not ReferenceItem.objects.exists()


def test_hostile_entries_become_plain_text_and_javascript_links_are_dropped(editor, feed_server):
    items = [("<b>Judul</b><script>x()</script>", "javascript:alert(1)",
              "<img src=x onerror=alert(1)>Isi rilis yang cukup panjang untuk disimpan.")]  # fmt: skip
    feed_server.add("/jahat", rss(items))
    source = references.reference_source_add(
        actor=editor, name="Jahat", url=feed_server.url("/jahat"), kind="outlet"
    )
    references.reference_source_fetch(source=source)
    item = ReferenceItem.objects.get(source=source)
    assert item.url == "" and "<" not in item.title and "onerror" not in item.text


def test_periodic_task_fetches_due_feeds_and_backs_off_failing_ones(press_source, editor):
    broken = ReferenceSource.objects.create(name="Rusak", url="http://127.0.0.1:9/tidak-ada")
    first = fetch_reference_feeds.call_local()
    assert first == {"sources": 2, "new": 2, "failed": 1}
    assert fetch_reference_feeds.call_local()["sources"] == 0  # nothing due yet
    later = timezone.now() - timedelta(minutes=61)
    ReferenceSource.objects.update(last_fetched_at=later)
    assert fetch_reference_feeds.call_local()["sources"] == 1  # the broken one waits twice as long
    references.reference_source_set_active(source=press_source, actor=editor, active=False)
    ReferenceSource.objects.update(last_fetched_at=timezone.now() - timedelta(days=1))
    assert fetch_reference_feeds.call_local()["sources"] == 1
    broken.refresh_from_db()
    assert broken.failures == 2
