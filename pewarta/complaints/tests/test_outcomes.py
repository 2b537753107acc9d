import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pewarta.audit.models import Event
from pewarta.common.errors import NotPermitted, TransitionNotAllowed, ValidationFailed
from pewarta.complaints import services
from pewarta.complaints.models import Complaint, Correction, RightOfReply
from pewarta.complaints.templatetags.complaints import notices_for
from pewarta.desk.models import Status, Story
from pewarta.search import api as search_api
from pewarta.search.index import story_index


def _render_notices(story):
    return Template("{% load complaints %}{% story_notices story %}").render(
        Context({"story": story})
    )


@pytest.fixture
def reply_complaint(live_story):
    return services.complaint_file(
        kind="reply",
        story=live_story,
        name="Hendra Wijaya",
        email="hendra@contoh.id",
        identity="Kepala Desa Sukamaju",
        passage="Kepala desa menolak memberi keterangan.",
        body="Saya tidak pernah dihubungi sebelum berita terbit.",
    )


@pytest.mark.django_db
def test_dismiss_needs_a_reason_and_tells_complainant(
    live_story, editor, django_capture_on_commit_callbacks
):
    complaint = services.complaint_file(
        kind="report", story=live_story, reason="hoaks", email="a@contoh.id"
    )
    with pytest.raises(ValidationFailed):
        services.complaint_dismiss(complaint=complaint, actor=editor, reason=" ")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.complaint_dismiss(
            complaint=complaint, actor=editor, reason="Data sesuai rilis resmi BPBD."
        )
    complaint.refresh_from_db()
    assert complaint.outcome == "dismissed" and not complaint.is_open
    to_complainant = [m for m in mail.outbox if m.to == ["a@contoh.id"]]
    assert "Data sesuai rilis resmi BPBD." in to_complainant[0].body
    assert any(m.to == ["penulis@example.id"] for m in mail.outbox)
    event = Event.objects.get(action="complaint.resolved")
    assert event.payload["outcome"] == "dismissed" and event.actor == editor
    with pytest.raises(TransitionNotAllowed):
        services.complaint_dismiss(complaint=complaint, actor=editor, reason="lagi")


@pytest.mark.django_db
def test_correction_makes_a_revision_and_links_both_ways(client, live_story, editor):
    complaint = services.complaint_file(
        kind="correction",
        story=live_story,
        name="Rina",
        email="rina@contoh.id",
        passage="lima desa",
        body="tiga desa",
        source="BPBD",
    )
    live_revision = live_story.live_revision
    correction = services.complaint_correct(
        complaint=complaint,
        actor=editor,
        kind="ralat",
        text="Sebelumnya tertulis lima desa; yang benar tiga desa.",
        expected_version=live_story.version,
        body_html="<p>Banjir merendam tiga desa.</p>",
    )
    live_story.refresh_from_db()
    assert live_story.live_revision_id == correction.revision_id != live_revision.pk
    assert "tiga desa" in live_story.live_revision.body_html
    assert correction.complaint == complaint and correction.story == live_story
    event = Event.objects.get(action="story.corrected")
    assert event.story == live_story and event.subject == correction
    assert event.payload["kind"] == "ralat"
    complaint.refresh_from_db()
    assert complaint.outcome == "corrected"

    # story -> correction: the notice block on the story links to the correction's page
    html = _render_notices(live_story)
    assert correction.get_absolute_url() in html
    assert "Ralat" in html and "tiga desa" in html
    # correction -> story: the correction page and the public log link to the story
    detail = client.get(correction.get_absolute_url()).content.decode()
    assert live_story.get_absolute_url() in detail
    log = client.get(reverse("complaints:log")).content.decode()
    assert live_story.get_absolute_url() in log and "Sebelumnya tertulis lima desa" in log


@pytest.mark.django_db
def test_story_page_shows_the_notice_block_when_the_reader_site_includes_it(
    client, live_story, editor
):
    correction = services.story_correct(
        story=live_story,
        actor=editor,
        kind="koreksi",
        text="Nama camat diperbaiki.",
        expected_version=live_story.version,
    )
    live_story.refresh_from_db()
    page = client.get(live_story.get_absolute_url())
    assert page.status_code == 200
    assert correction.get_absolute_url() in page.content.decode()


@pytest.mark.django_db
def test_right_of_reply_is_its_own_item_linked_both_ways(
    client, live_story, reply_complaint, editor
):
    reply = services.complaint_publish_reply(
        complaint=reply_complaint, actor=editor, title="Hak Jawab Kepala Desa Sukamaju"
    )
    assert reply.respondent == "Hendra Wijaya"
    assert "tidak pernah dihubungi" in reply.body_html
    page = client.get(reply.get_absolute_url())
    assert page.status_code == 200
    assert live_story.get_absolute_url() in page.content.decode()
    html = _render_notices(live_story)
    assert reply.get_absolute_url() in html and "Hak Jawab" in html
    reply_complaint.refresh_from_db()
    assert reply_complaint.outcome == "reply_published"
    assert Event.objects.filter(action="story.reply_published", story=live_story).exists()


@pytest.mark.django_db
def test_only_reply_complaints_publish_a_reply(live_story, editor):
    complaint = services.complaint_file(kind="report", story=live_story, reason="sara")
    with pytest.raises(ValidationFailed):
        services.complaint_publish_reply(complaint=complaint, actor=editor, title="x")
    assert not RightOfReply.objects.exists()


@pytest.mark.django_db
def test_edit_outcome_publishes_update_with_editors_note(live_story, editor):
    complaint = services.complaint_file(kind="report", story=live_story, reason="privasi")
    services.complaint_edit(
        complaint=complaint,
        actor=editor,
        expected_version=live_story.version,
        note="Alamat rumah korban dihapus.",
        public_note="Redaksi menghapus alamat rumah warga demi privasi.",
        body_html="<p>Isi tanpa alamat.</p>",
    )
    live_story.refresh_from_db()
    assert live_story.live_revision.body_html == "<p>Isi tanpa alamat.</p>"
    complaint.refresh_from_db()
    assert complaint.outcome == "edited"
    assert Correction.objects.get(story=live_story).kind == "catatan"
    assert "Catatan Redaksi" in _render_notices(live_story)


@pytest.mark.django_db
def test_only_senior_editors_retract(live_story, editor, stranger):
    complaint = services.complaint_file(kind="report", story=live_story, reason="sara")
    for actor in (editor, stranger):
        with pytest.raises(NotPermitted):
            services.complaint_retract(
                complaint=complaint, actor=actor, reason="sara", note="Ujaran kebencian."
            )
    live_story.refresh_from_db()
    assert live_story.status == Status.PUBLISHED
    complaint.refresh_from_db()
    assert complaint.is_open


@pytest.mark.django_db
def test_staff_actions_refuse_non_staff(live_story, stranger):
    complaint = services.complaint_file(kind="report", story=live_story, reason="sara")
    with pytest.raises(NotPermitted):
        services.complaint_claim(complaint=complaint, actor=stranger)
    with pytest.raises(NotPermitted):
        services.complaint_dismiss(complaint=complaint, actor=stranger, reason="x")


FEED_AND_SITEMAP_PATHS = ("/feed/", "/feed/atom/", "/berita/feed/", "/sitemap-news.xml")


def _listings(client):
    """Feeds and sitemaps (children of the sitemap index too) that exist now: path -> text."""
    pages = {}
    paths = list(FEED_AND_SITEMAP_PATHS)
    index = client.get("/sitemap.xml")
    if index.status_code == 200:
        text = index.content.decode()
        paths += [urlsplit(loc).path for loc in re.findall(r"<loc>([^<]+)</loc>", text)]
    for path in paths:
        response = client.get(path)
        if response.status_code == 200:
            pages[path] = response.content.decode()
    return pages


def _search_ids(query):
    """Story ids the search app finds."""
    return [story.pk for story in search_api.search_stories(query)]


@pytest.mark.django_db
def test_retraction_answers_410_with_reason_and_leaves_feeds_sitemaps_and_search(
    client, live_story, senior_editor, django_capture_on_commit_callbacks
):
    url = live_story.get_absolute_url()
    headline = live_story.live_revision.headline
    complaint = services.complaint_file(kind="report", story=live_story, reason="sara")
    story_index(story_id=live_story.pk)
    found_before = _search_ids("banjir hulu sungai")
    before = _listings(client)

    with django_capture_on_commit_callbacks(execute=True):
        services.complaint_retract(
            complaint=complaint,
            actor=senior_editor,
            reason="sara",
            note="Naskah memuat ujaran kebencian berbasis SARA.",
        )

    live_story.refresh_from_db()
    assert live_story.status == Status.RETRACTED
    assert not Story.objects.published().filter(pk=live_story.pk).exists()
    page = client.get(url)
    assert page.status_code == 410
    body = page.content.decode()
    assert "Naskah memuat ujaran kebencian berbasis SARA." in body
    assert "dicabut" in body.lower() and "Alasan" in body
    event = Event.objects.get(action="story.retracted")
    assert event.payload["reason"] == "sara"
    complaint.refresh_from_db()
    assert complaint.outcome == "retracted"

    listed_before = [path for path, text in before.items() if url in text]
    assert set(FEED_AND_SITEMAP_PATHS) <= set(listed_before), "feeds/sitemaps miss the live story"
    after = _listings(client)
    for path in listed_before:
        assert url not in after.get(path, ""), f"{path} still lists the retracted story"
        assert headline not in after.get(path, ""), f"{path} still shows the headline"

    assert live_story.pk in found_before
    assert live_story.pk not in _search_ids("banjir hulu sungai")


@pytest.mark.django_db
def test_follow_up_links_unverified_story_both_ways(make_story, editor):
    original = make_story(status=Status.PUBLISHED, headline="Dugaan Pungli di Pasar Lama")
    Story.objects.filter(pk=original.pk).update(is_unverified=True)
    follow_up = make_story(status=Status.PUBLISHED, headline="Polisi Benarkan Pungli di Pasar Lama")
    complaint = services.complaint_file(kind="report", story=original, reason="hoaks")

    services.complaint_follow_up(complaint=complaint, actor=editor, follow_up=follow_up)

    follow_up.refresh_from_db()
    assert follow_up.follow_up_of_id == original.pk
    original.refresh_from_db()
    assert follow_up.get_absolute_url() in _render_notices(original)
    assert original.get_absolute_url() in _render_notices(follow_up)
    complaint.refresh_from_db()
    assert complaint.outcome == "follow_up"


@pytest.mark.django_db
def test_story_notices_take_two_queries_however_many_notices(make_story, editor):
    story = make_story(status=Status.PUBLISHED)
    other = make_story(status=Status.PUBLISHED, headline="Berita Lanjutan Banjir")
    services.story_correct(
        story=story, actor=editor, kind="ralat", text="satu", expected_version=story.version
    )
    story.refresh_from_db()
    with CaptureQueriesContext(connection) as few:
        _render_notices(story)
    for i in range(4):
        story.refresh_from_db()
        services.story_correct(
            story=story, actor=editor, kind="koreksi", text=f"k{i}", expected_version=story.version
        )
        services.reply_publish(
            story=story, actor=editor, respondent=f"Warga {i}", title=f"Jawab {i}", body="isi"
        )
    services.story_link_follow_up(original=story, follow_up=other, actor=editor)
    with CaptureQueriesContext(connection) as many:
        html = _render_notices(story)
    assert html.count('class="story-notice ') == 10
    assert len(many) == len(few) <= 2
    assert len(notices_for(story)) == 10


@pytest.mark.django_db
def test_complaint_kinds_cannot_be_invented(live_story):
    with pytest.raises(ValidationFailed):
        services.complaint_file(kind="takedown", story=live_story)
    assert not Complaint.objects.exists()


@pytest.mark.django_db
def test_story_page_shows_a_new_reply_at_once(
    client, live_story, editor, django_capture_on_commit_callbacks
):
    url = live_story.get_absolute_url()
    assert "Hak Jawab PT Sumber Air" not in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.reply_publish(
            story=live_story,
            actor=editor,
            respondent="PT Sumber Air",
            title="Hak Jawab PT Sumber Air",
            body="Perusahaan membantah membuang limbah.",
        )
    assert "Hak Jawab PT Sumber Air" in client.get(url).content.decode()


@pytest.mark.django_db
def test_author_hears_of_the_correction_through_the_contributor_notifications(
    live_story, editor, django_capture_on_commit_callbacks
):
    complaint = services.complaint_file(
        kind="correction",
        story=live_story,
        name="Rina",
        email="rina@contoh.id",
        passage="lima desa",
        body="tiga desa",
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.complaint_correct(
            complaint=complaint,
            actor=editor,
            kind="ralat",
            text="Jumlah desa diralat menjadi tiga.",
            expected_version=live_story.version,
        )
    to_author = [m for m in mail.outbox if m.to == ["penulis@example.id"]]
    to_complainant = [m for m in mail.outbox if m.to == ["rina@contoh.id"]]
    assert len(to_complainant) == 1 and "Dikoreksi" in to_complainant[0].body
    assert to_author, "the author was not told about the correction"
