import difflib
import hashlib
import io
import json
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from pewarta.archive.models import ImportedItem
from pewarta.audit.models import Event
from pewarta.conftest import jpeg_bytes, publish
from pewarta.desk import services
from pewarta.desk.models import Revision, Section, Story, Tag
from pewarta.desk.workflow import SYSTEM_ACTOR
from pewarta.integrity.media import photo_store

pytestmark = pytest.mark.django_db(transaction=True)


def _photo_story(editor, writer, headline, tags):
    name, width, height = photo_store(
        SimpleUploadedFile("p.jpg", jpeg_bytes(size=(640, 480))), folder="naskah"
    )
    from django.core.files.storage import default_storage

    story = services.story_create(
        headline=headline,
        lead="Teras berita tentang " + headline.lower() + ".",
        body_html="<p>Paragraf pertama yang cukup panjang.</p><p>Paragraf <strong>kedua</strong>.</p>",
        dateline="Bandung",
        authors=[writer.contributor],
        actor=SYSTEM_ACTOR,
        images=[{"src": default_storage.url(name), "caption": "Suasana rapat warga",
                 "credit": "Dokpri", "featured": True, "width": width, "height": height}],
    )  # fmt: skip
    services.story_review(story=story, actor=editor)
    story = Story.objects.get(pk=story.pk)
    services.story_update_metadata(story=story, actor=editor, expected_version=story.version,
                                   tags=services.tags_from_names(names=tags))  # fmt: skip
    return publish(Story.objects.get(pk=story.pk), editor)


def _page(client, url) -> dict:
    html = client.get(url).content.decode()
    article = re.search(r"<article.*?</article>", html, re.S).group(0)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", article)).strip()
    return {
        "text": re.sub(r"/media/\S+", "", text),
        "pictures": article.count("<picture"),
        "title": re.search(r"<title>(.*?)</title>", html, re.S).group(1),
    }


def test_export_then_import_into_an_empty_installation_gives_the_same_pages(
    client, editor, writer, tmp_path
):
    stories = [
        _photo_story(editor, writer, "Warga Membangun Sumur Resapan", "lingkungan, air"),
        _photo_story(editor, writer, "Pasar Tani Buka Setiap Minggu", "ekonomi"),
    ]
    before = {s.get_absolute_url(): _page(client, s.get_absolute_url()) for s in stories}
    out = io.StringIO()
    call_command("export-wxr", str(tmp_path / "wxr"), stdout=out)
    assert json.loads(out.getvalue())["stories"] == 2

    manifest = json.loads((tmp_path / "wxr" / "manifest.json").read_text())
    assert len(manifest["files"]) == 2
    for entry in manifest["files"]:
        data = (tmp_path / "wxr" / entry["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]

    # An empty installation: no stories, people or labels left.
    Event.objects.all().delete()
    Story.objects.update(draft_revision=None, live_revision=None)
    Revision.objects.all().delete()
    Story.objects.all().delete()
    Tag.objects.all().delete()
    writer.contributor.delete()
    assert not Story.objects.exists()

    call_command("import-wxr", str(tmp_path / "wxr" / "pewarta.wxr.xml"), "--media-dir",
                 str(tmp_path / "wxr" / "media"), "--section-map", str(_identity_map(tmp_path)),
                 stdout=io.StringIO())  # fmt: skip
    after = {}
    for story in Story.objects.published():
        after[story.get_absolute_url()] = _page(client, story.get_absolute_url())
    assert after.keys() == before.keys()
    for url, page in before.items():
        words = difflib.unified_diff(page["text"].split(), after[url]["text"].split(), lineterm="")
        assert after[url] == page, "|".join(words)
    assert ImportedItem.objects.filter(outcome="imported", key__startswith="post:").count() == 2


def _identity_map(tmp_path) -> Path:
    for slug in ("berita", "opini", "esai", "kolom", "siaran-pers"):  # a flushed test database
        Section.objects.get_or_create(slug=slug, defaults={"name": slug.title()})
    path = tmp_path / "rubrik.txt"
    path.write_text("\n".join(f"{s} = {s}" for s in ("berita", "opini", "esai", "kolom",
                                                      "siaran-pers")))  # fmt: skip
    return path


def test_export_json_has_every_revision_and_the_photos(editor, writer, tmp_path):
    story = _photo_story(editor, writer, "Warga Membangun Sumur Resapan", "air")
    services.story_edit(story=story, actor=editor, expected_version=story.version,
                        lead="Teras yang diperbaiki.", note="Perbaikan teras")  # fmt: skip
    call_command("export-json", str(tmp_path / "json"), stdout=io.StringIO())
    (record,) = [json.loads(line) for line in (tmp_path / "json" / "stories.jsonl").open()]
    assert [r["number"] for r in record["revisions"]] == [1, 2]
    assert record["tags"] == ["air"] and record["authors"] == [writer.contributor.slug]
    image = record["revisions"][0]["images"][0]
    assert image["file"] and (tmp_path / "json" / image["file"]).is_file()
    authors = json.loads((tmp_path / "json" / "authors.json").read_text())
    assert writer.contributor.slug in [a["slug"] for a in authors]
    assert Event.objects.filter(action="archive.exported_json").exists()
