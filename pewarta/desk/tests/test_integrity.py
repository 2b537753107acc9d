"""The desk and integrity together: every story signed after commit, open pieces checked,
the check kept as an Event and shown (escaped) on the review page and in the queue."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from pewarta.audit.models import Event
from pewarta.desk import services
from pewarta.desk.models import Kind, Status
from pewarta.integrity import index
from pewarta.integrity.models import Fingerprint, ReferenceItem, ReferenceSource
from pewarta.integrity.tests.texts import OLDER, PRESS_RELEASE, SAME_TOPIC, lifted_piece

pytestmark = pytest.mark.django_db
CHECK = "story.integrity_checked"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def older(make_story, editor, committed):
    with committed():
        story = make_story(
            status=Status.PUBLISHED,
            headline="Kali Pesanggrahan Meluap, Ulujami Terendam",
            body_html="".join(f"<p>{p}</p>" for p in OLDER),
        )
    return story


def lifted(make_story, committed, body=None, **kwargs):
    with committed():
        return make_story(
            status=Status.RECEIVED,
            headline="Catatan dari Posko Ulujami",
            body_html=body or f"<p>{lifted_piece()}</p>",
            **kwargs,
        )


def test_every_story_is_signed_and_an_open_lifted_piece_is_checked(older, make_story, committed):
    assert Fingerprint.objects.filter(story=older).exists()
    assert not Event.objects.filter(story=older, action=CHECK).exists()  # published: no check
    piece = lifted(make_story, committed)
    event = Event.objects.get(story=piece, action=CHECK)
    source = event.payload["sources"][0]
    assert source["id"] == older.pk and source["kind"] == "story"
    assert source["headline"] == "Kali Pesanggrahan Meluap, Ulujami Terendam"
    assert source["url"] == older.get_absolute_url() and source["writer"] == "Penulis Uji"
    assert 0.25 < source["share_source"] < 0.6 and source["share_new"] > 0.4
    assert event.payload["revision"] == piece.draft_revision_id


def test_review_page_and_queue_show_the_source_with_its_share(
    client, older, make_story, committed, editor
):
    piece = lifted(make_story, committed)
    client.force_login(editor)
    html = client.get(reverse("desk:review", args=[piece.pk])).content.decode()
    assert "Kali Pesanggrahan Meluap, Ulujami Terendam" in html
    share = Event.objects.get(story=piece, action=CHECK).payload["sources"][0]["share_new"]
    assert f"{round(share * 100)}%" in html
    report = client.get(reverse("desk:review", args=[piece.pk]), {"tab": "kemiripan"})
    text = report.content.decode()
    assert older.get_absolute_url() in text and "Penulis Uji" in text
    assert re.search(r"<mark>[^<]*Petugas pemadam kebakaran", text)
    queue = client.get(reverse("desk:queue")).content.decode()
    assert re.search(r"Mirip \d+%", queue)


def test_markup_in_either_text_is_shown_escaped(client, make_story, committed, editor):
    with committed():
        make_story(
            status=Status.PUBLISHED,
            headline="<b>Judul</b> <img src=x onerror=alert(1)>",
            body_html="".join(f"<p>{p} &lt;img src=x onerror=alert(2)&gt;</p>" for p in OLDER),
        )
    piece = lifted(
        make_story,
        committed,
        body="".join(f"<p>&lt;script&gt;alert(3)&lt;/script&gt; {p}</p>" for p in OLDER[:6]),
    )
    client.force_login(editor)
    html = client.get(reverse("desk:review", args=[piece.pk]), {"tab": "kemiripan"}).content
    html = html.decode()
    assert "<mark>" in html
    assert "<script>alert(3)" not in html and "&lt;script&gt;alert(3)" in html
    assert "<img src=x" not in html and "&lt;</mark>img src=x onerror" in html
    assert "&lt;b&gt;Judul&lt;/b&gt; &lt;img src=x onerror=alert(1)&gt;" in html


def test_the_check_made_before_publication_is_shown_after_it(
    client, older, make_story, committed, editor
):
    piece = lifted(make_story, committed, risk_checked=True)
    first = Event.objects.get(story=piece, action=CHECK)
    with committed():
        services.story_review(story=piece, actor=editor)
        services.story_approve(story=piece, actor=editor)
        services.story_publish(story=piece, actor=editor)
    assert Event.objects.filter(story=piece, action=CHECK).count() == 1  # no new text
    client.force_login(editor)
    html = client.get(reverse("desk:review", args=[piece.pk]), {"tab": "kemiripan"}).content
    assert b"Kali Pesanggrahan Meluap" in html
    chosen = client.get(
        reverse("desk:review", args=[piece.pk]), {"tab": "kemiripan", "cek": first.pk}
    )
    assert b"Kali Pesanggrahan Meluap" in chosen.content


def test_an_edit_is_checked_again_and_metadata_changes_are_not(
    older, make_story, committed, editor
):
    piece = lifted(make_story, committed)
    with committed():
        services.story_update_metadata(
            story=piece, actor=editor, expected_version=piece.version, flags={"flag_minor": True}
        )
    assert Event.objects.filter(story=piece, action=CHECK).count() == 1
    with committed():
        services.story_edit(
            story=piece,
            actor=editor,
            expected_version=piece.version,
            body_html="".join(f"<p>{p}</p>" for p in SAME_TOPIC),
        )
    checks = Event.objects.filter(story=piece, action=CHECK).order_by("id")
    assert checks.count() == 2
    assert checks.last().payload["sources"] == []  # the copied text is gone


def test_editor_checks_again_by_hand_writer_cannot(client, older, make_story, writer, editor):
    piece = make_story(status=Status.RECEIVED, body_html=f"<p>{lifted_piece()}</p>")
    assert not Event.objects.filter(story=piece, action=CHECK).exists()  # effects not run
    url = reverse("desk:integrity_check", args=[piece.pk])
    client.force_login(writer)
    assert client.post(url).status_code == 403
    client.force_login(editor)
    assert client.post(url).status_code == 302
    event = Event.objects.get(story=piece, action=CHECK)
    assert event.actor == editor and event.payload["sources"][0]["id"] == older.pk


def test_a_copied_press_release_is_suggested_the_label(client, make_story, committed, editor):
    source = ReferenceSource.objects.create(
        name="Humas Kementerian", url="https://humas.example/rss", kind="press_release"
    )
    item = ReferenceItem.objects.create(
        source=source, guid="r1", url="https://humas.example/r1", title="Rilis UMKM",
        text=" ".join(PRESS_RELEASE),
    )  # fmt: skip
    index.fingerprint_reference(item_id=item.pk, text=item.text)
    piece = lifted(make_story, committed, body="".join(f"<p>{p}</p>" for p in PRESS_RELEASE))
    client.force_login(editor)
    html = client.get(reverse("desk:review", args=[piece.pk])).content.decode()
    assert "pertimbangkan label Siaran Pers" in html and "Rilis UMKM" in html
    response = client.post(
        reverse("desk:press_release", args=[piece.pk]), {"version": piece.version}
    )
    assert response.status_code == 302
    piece.refresh_from_db()
    assert piece.kind == Kind.SIARAN_PERS
    stale = client.post(reverse("desk:press_release", args=[piece.pk]), {"version": 1})
    assert stale.status_code == 302  # an old form ends in a message, never a traceback


def test_risk_hints_premark_the_unanswered_checklist(client, make_story, editor):
    story = make_story(
        status=Status.IN_REVIEW,
        risk_checked=False,
        body_html="<p>Polisi menetapkan Budi Santoso sebagai tersangka korupsi dana desa.</p>",
    )
    client.force_login(editor)
    html = client.get(reverse("desk:review", args=[story.pk])).content.decode()
    assert 'data-question="defamation"' in html and "tersangka" in html
    assert re.search(r'name="defamation" value="1"[^>]*checked', html)
    assert not re.search(r'name="sara" value="[01]"[^>]*checked', html)
    services.story_answer_risk_checklist(
        story=story, actor=editor, victim=False, minor=False, sara=False, defamation=False
    )
    html = client.get(reverse("desk:review", args=[story.pk])).content.decode()
    assert re.search(r'name="defamation" value="0"[^>]*checked', html)  # the editor's answer


def test_reindex_command_signs_every_story_whatever_its_status(make_story, editor):
    stories = [
        make_story(status=status, body_html=f"<p>{OLDER[i]}</p>")
        for i, status in enumerate(
            [Status.RECEIVED, Status.PUBLISHED, Status.REJECTED, Status.WITHDRAWN]
        )
    ]
    Fingerprint.objects.all().delete()
    out = io.StringIO()
    call_command("integrity-reindex", stdout=out)
    assert set(Fingerprint.objects.values_list("story_id", flat=True)) == {s.pk for s in stories}
    assert "4/4" in out.getvalue() and "4 dokumen" in out.getvalue()
    signed = {f.story_id: bytes(f.keys) for f in Fingerprint.objects.all()}
    call_command("integrity-reindex", "--jobs", "2", stdout=io.StringIO())  # forked signers
    assert {f.story_id: bytes(f.keys) for f in Fingerprint.objects.all()} == signed


def test_references_page_registers_a_feed_with_clear_errors(client, editor, writer):
    client.force_login(writer)
    assert client.get(reverse("desk:references")).status_code == 403
    client.force_login(editor)
    bad = client.post(
        reverse("desk:reference_add"),
        {"name": "Humas", "url": "javascript:alert(1)", "kind": "press_release"},
    )
    assert bad.status_code == 400 and "http://" in bad.content.decode()
    assert not ReferenceSource.objects.exists()
    good = client.post(
        reverse("desk:reference_add"),
        {"name": "Humas", "url": "https://humas.example/rss", "kind": "press_release",
         "interval_minutes": "30"},
    )  # fmt: skip
    assert good.status_code == 302
    page = client.get(reverse("desk:references")).content.decode()
    assert "Humas" in page and "https://humas.example/rss" in page
    source = ReferenceSource.objects.get()
    client.post(reverse("desk:reference_toggle", args=[source.pk]), {"active": "0"})
    source.refresh_from_db()
    assert not source.active


def test_the_same_piece_sent_twice_shows_on_both(make_story, committed):
    first = lifted(make_story, committed, body="".join(f"<p>{p}</p>" for p in OLDER))
    assert Event.objects.get(story=first, action=CHECK).payload["sources"] == []
    second = lifted(make_story, committed, body="".join(f"<p>{p}</p>" for p in OLDER))
    assert Event.objects.get(story=second, action=CHECK).payload["sources"][0]["id"] == first.pk
    newest = Event.objects.filter(story=first, action=CHECK).order_by("-id").first()
    assert newest.payload["sources"][0]["id"] == second.pk
