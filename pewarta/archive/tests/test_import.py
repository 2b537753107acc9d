import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from pewarta.archive.models import ImportedItem
from pewarta.audit.models import Event
from pewarta.conftest import jpeg_bytes
from pewarta.desk.models import Status, Story

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"
WXR12 = DATA / "kabar-desa-wxr12.xml"


@pytest.fixture
def uploads(tmp_path):
    """A copy of wp-content/uploads with the two photos the export refers to."""
    for relative in ("2019/05/gotong-royong.jpg", "2020/01/jalan-berlubang.jpg"):
        path = tmp_path / "uploads" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(jpeg_bytes(size=(800, 533)))
    return tmp_path / "uploads"


@pytest.fixture
def section_map(tmp_path):
    path = tmp_path / "rubrik.txt"
    path.write_text("# kategori = rubrik\nperistiwa = berita\nsuara-warga = opini\n")
    return path


def run(*args) -> list[dict]:
    out = io.StringIO()
    call_command("import-wxr", "--json", *[str(a) for a in args], stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_published_posts_become_published_stories_on_their_dates(uploads, section_map):
    lines = run(WXR12, "--media-dir", uploads, "--section-map", section_map)
    outcomes = {line["item"]: line["outcome"] for line in lines}
    assert outcomes == {"101": "imported", "120": "imported", "130": "imported",
                        "2": "skipped", "140": "skipped"}  # fmt: skip
    irrigation = Story.objects.get(revisions__headline__startswith="Saluran Irigasi")
    assert irrigation.status == Status.PUBLISHED and irrigation.source == "import"
    assert irrigation.first_published_at.isoformat() == "2019-05-03T02:15:00+00:00"
    assert irrigation.get_absolute_url() == "/berita/2019/05/03/saluran-irigasi-wanasari"
    assert irrigation.section.slug == "berita"
    assert sorted(t.name for t in irrigation.tags.all()) == ["Irigasi", "Pertanian"]
    (author,) = irrigation.authors.all()
    assert author.pen_name == "Sekar Wangi" and author.user is None and not author.email_verified
    # The links carry the listing key of the author and tag pages (desk.models.ListingLink).
    keys = {link.published_at for link in irrigation.author_links.all()}
    keys |= {link.published_at for link in irrigation.tag_links.all()}
    assert keys == {irrigation.published_at}
    revision = irrigation.live_revision
    assert "script" not in revision.body_html and "[gallery" not in revision.body_html
    assert "<p>Warga bergotong royong" in revision.body_html
    assert revision.lead.startswith("Warga Wanasari")
    (photo,) = revision.images
    assert (
        photo["credit"] == "Sekar Wangi"
        and photo["caption"] == "Warga membersihkan saluran irigasi."
    )
    assert photo["featured"] and photo["width"] == 800
    assert "<img" not in revision.body_html and "Darsih" in revision.body_html

    opinion = Story.objects.get(revisions__headline__startswith="Jalan Desa")
    assert opinion.kind == "opini" and opinion.section.slug == "opini"
    body = opinion.live_revision.body_html
    assert "<strong>setiap tahun</strong>" in body and "wp:" not in body
    assert opinion.live_revision.images[0]["credit"] == "Bayu Permana"

    draft = Story.objects.get(revisions__headline__startswith="Catatan Panen")
    assert draft.status == Status.RECEIVED and draft.live_revision is None
    assert {link.published_at for link in draft.author_links.all()} == {None}
    event = Event.objects.get(action="archive.imported")
    assert event.payload["comments_skipped"] == 2 and event.payload["photos_stored"] == 2


def test_running_twice_changes_nothing(uploads, section_map):
    run(WXR12, "--media-dir", uploads, "--section-map", section_map)
    counts = (Story.objects.count(), ImportedItem.objects.count(), Event.objects.count())
    second = run(WXR12, "--media-dir", uploads, "--section-map", section_map)
    assert {line["outcome"] for line in second if line["item"] in ("101", "120", "130")} == {
        "unchanged"
    }
    assert (Story.objects.count(), ImportedItem.objects.count()) == counts[:2]
    assert Event.objects.count() == counts[2] + 1  # only the second run's own record


def test_wxr_1_0_namespace_reads_the_same(uploads):
    lines = run(DATA / "kabar-desa-wxr10.xml", "--media-dir", uploads)
    assert sum(line["outcome"] == "imported" for line in lines) == 3
    # Without a mapping, categories are tags and the story keeps the default section.
    story = Story.objects.get(revisions__headline__startswith="Saluran Irigasi")
    assert sorted(t.name for t in story.tags.all()) == ["Irigasi", "Peristiwa", "Pertanian"]


def test_old_links_answer_301_to_the_new_address(client, uploads, section_map):
    run(WXR12, "--media-dir", uploads, "--section-map", section_map)
    story = Story.objects.get(revisions__headline__startswith="Saluran Irigasi")
    for old in ("/2019/05/03/saluran-irigasi-wanasari/", "/2019/05/03/saluran-irigasi-wanasari",
                "/?p=101"):  # fmt: skip
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"] == story.get_absolute_url()
    assert client.get(story.get_absolute_url()).status_code == 200
    assert client.get("/?p=130").status_code == 200  # a draft: no redirect, the home page
    assert client.get("/2099/01/01/tak-pernah-ada/").status_code == 404


def test_missing_photos_are_counted_not_fatal(tmp_path):
    lines = run(WXR12, "--media-dir", tmp_path)
    assert sum(line["outcome"] == "imported" for line in lines) == 3
    event = Event.objects.get(action="archive.imported")
    assert event.payload["photos_missing"] >= 2
    story = Story.objects.get(revisions__headline__startswith="Saluran Irigasi")
    assert story.live_revision.images == [] and "<img" not in story.live_revision.body_html


def test_broken_file_is_a_clear_error(tmp_path):
    from django.core.management.base import CommandError

    broken = tmp_path / "rusak.xml"
    broken.write_text("<rss><channel><item><title>x</title>")
    with pytest.raises(CommandError):
        call_command("import-wxr", str(broken), stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("import-wxr", str(tmp_path / "tidak-ada.xml"), stdout=io.StringIO())


def test_entities_are_not_resolved(tmp_path):
    hostile = tmp_path / "xxe.xml"
    hostile.write_text(
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        '<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><item><title>&x;</title>'
        "<wp:post_id>1</wp:post_id><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>"
        "<wp:post_date_gmt>2020-01-01 00:00:00</wp:post_date_gmt></item></channel></rss>"
    )
    run(hostile)
    assert not Story.objects.filter(revisions__headline__contains="root:").exists()


def _wxr(path: Path, posts: list[tuple], status: dict | None = None) -> Path:
    """A WXR 1.2 file of posts (wp id, title), published unless `status` says otherwise (by wp
    id), by two authors, with a category and two tags each."""
    status = status or {}
    items = "".join(
        f"<item><title>{title}</title><link>https://arsip.example.id/tulisan-{wp_id}/</link>"
        f"<dc:creator>penulis{wp_id % 2}</dc:creator>"
        f"<content:encoded><![CDATA[Warga {title} bergotong royong.\n\nKalimat kedua.]]>"
        f"</content:encoded><wp:post_id>{wp_id}</wp:post_id>"
        f"<wp:post_date_gmt>2021-03-{1 + wp_id % 28:02d} 08:00:00</wp:post_date_gmt>"
        f"<wp:status>{status.get(wp_id, 'publish')}</wp:status><wp:post_type>post</wp:post_type>"
        f'<category domain="category" nicename="peristiwa">Peristiwa</category>'
        f'<category domain="post_tag" nicename="topik-{wp_id % 3}">Topik {wp_id % 3}</category>'
        f'<category domain="post_tag" nicename="desa">Desa</category></item>'
        for wp_id, title in posts
    )
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>Arsip</title>'
        "<wp:base_site_url>https://arsip.example.id</wp:base_site_url>"
        "<wp:author><wp:author_login>penulis0</wp:author_login>"
        "<wp:author_display_name>Penulis Nol</wp:author_display_name></wp:author>"
        "<wp:author><wp:author_login>penulis1</wp:author_login>"
        f"<wp:author_display_name>Penulis Satu</wp:author_display_name></wp:author>{items}"
        "</channel></rss>",
        encoding="utf-8",
    )
    return path


def _writes(path: Path) -> int:
    """Queries of one import, savepoints left out (one per post: a bad post fails alone)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        run(path)
    return sum(
        not q["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT")) for q in ctx.captured_queries
    )


def test_queries_do_not_grow_with_the_posts_of_a_batch(tmp_path):
    small = _writes(_wxr(tmp_path / "kecil.xml", [(i, f"Kabar Kecil {i}") for i in range(1, 7)]))
    big = _writes(_wxr(tmp_path / "besar.xml", [(i, f"Kabar Besar {i}") for i in range(7, 67)]))
    # The second file finds its authors and tags made by the first: fewer queries, not more.
    assert big <= small, (small, big)
    assert Story.objects.filter(source="import").count() == 66


def test_same_post_twice_in_a_file_is_imported_once_and_titles_keep_distinct_slugs(tmp_path):
    posts = [(1, "Pasar Desa Ramai"), (2, "Pasar Desa Ramai"), (1, "Pasar Desa Ramai")]
    lines = run(_wxr(tmp_path / "ganda.xml", posts))
    assert [line["outcome"] for line in lines] == ["imported", "imported", "unchanged"]
    assert lines[2]["story"] == lines[0]["story"] and lines[2]["url"] == lines[0]["url"]
    slugs = sorted(Story.objects.values_list("slug", flat=True))
    assert slugs == ["pasar-desa-ramai", "pasar-desa-ramai-2"]
    again = run(_wxr(tmp_path / "lagi.xml", [(3, "Pasar Desa Ramai")]))
    assert again[0]["url"].endswith("/pasar-desa-ramai-3")


def test_every_imported_story_is_indexed_for_search_and_similarity(
    tmp_path, django_capture_on_commit_callbacks
):
    from pewarta.integrity.models import Fingerprint
    from pewarta.search.models import SearchEntry

    posts = [(i, f"Kabar Desa {i}") for i in range(1, 13)]
    with django_capture_on_commit_callbacks(execute=True):
        lines = run(_wxr(tmp_path / "arsip.xml", posts, status={5: "draft", 9: "pending"}))
    ids = {line["story"] for line in lines}
    drafts = {line["story"] for line in lines if line["item"] in ("5", "9")}
    assert len(ids) == 12 and len(drafts) == 2
    assert set(SearchEntry.objects.values_list("story_id", flat=True)) == ids - drafts
    assert set(Fingerprint.objects.exclude(story=None).values_list("story_id", flat=True)) == ids
    # Pieces waiting in the desk are checked for similarity as any received piece is.
    checked = Event.objects.filter(action="story.integrity_checked")
    assert set(checked.values_list("story_id", flat=True)) == drafts
    imported = Event.objects.filter(action="story.imported", story_id__in=ids)
    assert imported.count() == 12 and {e.payload["site"] for e in imported} == {
        "https://arsip.example.id"
    }
