"""Desk pages: who may open them, CSRF on every action, and the screens doing their work."""

import re

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from pewarta.accounts.roles import EDITOR
from pewarta.audit.models import Event
from pewarta.conftest import make_user
from pewarta.desk import services
from pewarta.desk.models import Message, Note, Status, Story

pytestmark = pytest.mark.django_db


def post_urls(story):
    return [
        reverse("desk:assign", args=[story.pk]),
        reverse("desk:edit", args=[story.pk]),
        reverse("desk:metadata", args=[story.pk]),
        reverse("desk:risk", args=[story.pk]),
        reverse("desk:note", args=[story.pk]),
        reverse("desk:integrity_check", args=[story.pk]),
        reverse("desk:press_release", args=[story.pk]),
        reverse("desk:reference_add"),
        *[
            reverse("desk:decide", args=[story.pk, action])
            for action in ("request_changes", "reject", "approve", "publish", "schedule")
        ],
    ]


def get_urls(story):
    return [
        reverse("desk:queue"),
        reverse("desk:dashboard"),
        reverse("desk:related") + "?q_related=warga",
        reverse("desk:review", args=[story.pk]),
        reverse("desk:review", args=[story.pk]) + "?tab=diff",
        reverse("desk:review", args=[story.pk]) + "?tab=kemiripan",
        reverse("desk:references"),
    ]


def test_anonymous_visitors_are_sent_to_login(client, make_story):
    story = make_story(status=Status.IN_REVIEW)
    for url in get_urls(story) + post_urls(story):
        response = client.post(url) if url in post_urls(story) else client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/") or "login" in response["Location"]


def test_non_staff_are_refused_everywhere(client, make_story, writer):
    story = make_story(status=Status.IN_REVIEW)
    client.force_login(writer)
    for url in get_urls(story):
        assert client.get(url).status_code == 403, url
    for url in post_urls(story):
        assert client.post(url, {"editor": "me", "body": "x"}).status_code == 403, url
    story.refresh_from_db()
    assert story.assigned_editor is None
    assert not Note.objects.exists()


def test_every_desk_post_needs_csrf(make_story, editor):
    story = make_story(status=Status.IN_REVIEW)
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    events = Event.objects.count()
    for url in post_urls(story):
        response = client.post(url, {"editor": "me", "body": "Catatan", "message": "x"})
        assert response.status_code == 403, url
    assert Event.objects.count() == events


def test_desk_actions_refuse_get(client, make_story, editor):
    story = make_story(status=Status.IN_REVIEW)
    client.force_login(editor)
    for url in post_urls(story):
        assert client.get(url).status_code == 405, url


def test_desk_pages_are_not_cached(client, make_story, editor):
    story = make_story(status=Status.IN_REVIEW)
    client.force_login(editor)
    for url in get_urls(story):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-cache" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


FLOOD = (
    "<p>Hujan deras sejak subuh membuat Kali Ciliwung meluap dan merendam ratusan rumah warga"
    " Kampung Melayu. Petugas gabungan mengevakuasi warga lanjut usia memakai perahu karet,"
    " sementara dapur umum didirikan di halaman masjid.</p>"
)


def test_queue_shows_counts_warnings_and_filters(
    client, make_story, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = make_story(
            status=Status.RECEIVED, headline="Banjir Rendam Kampung Melayu", body_html=FLOOD
        )
        make_story(status=Status.RECEIVED, headline="Banjir Rendam Kampung Melayu", body_html=FLOOD)
    waiting = make_story(status=Status.AWAITING_CONFIRMATION, headline="Pasar Murah di Depok")
    services.story_update_metadata(
        story=first, actor=editor, expected_version=first.version, flags={"flag_minor": True}
    )
    client.force_login(editor)
    html = client.get(reverse("desk:queue")).content.decode()
    assert "Mirip 100%" in html
    assert "Korban/anak" in html
    assert "Penulis baru" in html
    # A piece awaiting its sender is not editorial work: it lives in its own tab, counted there.
    assert "Pasar Murah di Depok" not in html
    assert re.search(r"Menunggu konfirmasi pengirim <strong class=\"count\">1</strong>", html)
    tab = client.get(reverse("desk:queue"), {"status": "awaiting_confirmation"})
    assert tab.status_code == 302 and tab["Location"] == reverse("intake:unconfirmed")

    html = client.get(reverse("desk:queue"), {"status": "received"}).content.decode()
    assert "Banjir Rendam" in html and "Pasar Murah" not in html

    client.post(reverse("desk:assign", args=[first.pk]), {"editor": "me"})
    html = client.get(reverse("desk:queue"), {"mine": "1"}).content.decode()
    assert len(re.findall(r'<tr id="story-', html)) == 1 and f'id="story-{first.pk}"' in html
    assert waiting.status == Status.AWAITING_CONFIRMATION


def test_queue_search_by_headline_writer_code_and_address(client, make_story, editor, writer):
    flood = make_story(status=Status.RECEIVED, headline="Banjir Rendam Kampung Melayu")
    other = make_story(status=Status.IN_REVIEW, headline="Pasar Murah di Depok")
    contributor = writer.contributor
    client.force_login(editor)

    def found(query):
        html = client.get(reverse("desk:queue"), {"q": query}).content.decode()
        return {s.pk for s in (flood, other) if f'id="story-{s.pk}"' in html}

    assert found("kampung melayu") == {flood.pk}
    assert found(other.tracking_code.lower()) == {other.pk}
    assert found(contributor.pen_name[:7]) == {flood.pk, other.pk}
    assert found(contributor.email.upper()) == {flood.pk, other.pk}
    assert found("tidak ada yang cocok") == set()
    partial = client.get(reverse("desk:queue"), {"q": "depok"}, headers={"HX-Request": "true"})
    assert f'id="story-{other.pk}"' in partial.content.decode()
    assert "<h1>" not in partial.content.decode()  # htmx gets the table only


def test_queue_age_is_coloured_against_target(client, make_story, editor, settings):
    story = make_story(status=Status.RECEIVED)
    Event.objects.filter(story=story).update(
        created_at=timezone.now() - timezone.timedelta(hours=5)
    )
    settings.PEWARTA_DESK_TARGET_HOURS = {"received": 4}
    client.force_login(editor)
    html = client.get(reverse("desk:queue")).content.decode()
    assert re.search(f'<tr id="story-{story.pk}" class="age-late"', html)
    settings.PEWARTA_DESK_TARGET_HOURS = {"received": 24}
    html = client.get(reverse("desk:queue")).content.decode()
    assert re.search(f'<tr id="story-{story.pk}" class="age-ok"', html)


def test_claim_from_queue_with_htmx_returns_the_row(client, make_story, editor):
    story = make_story(status=Status.RECEIVED)
    client.force_login(editor)
    response = client.post(
        reverse("desk:assign", args=[story.pk]), {"editor": "me"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    row = response.content.decode()
    assert f'id="story-{story.pk}"' in row
    story.refresh_from_db()
    assert story.assigned_editor == editor and story.status == Status.IN_REVIEW
    # The row's editor list names every editor once, escaped, the one now assigned selected.
    assert f'<option value="{editor.pk}" selected>Eka Editor</option>' in row
    assert f'action="{reverse("desk:assign", args=[story.pk])}"' in row
    assert f'href="{reverse("desk:review", args=[story.pk])}"' in row
    make_user("pemeriksa", EDITOR, first_name="<b>Budi</b>", last_name="& Co")
    page = client.get(reverse("desk:queue")).content.decode()
    assert "&lt;b&gt;Budi&lt;/b&gt; &amp; Co</option>" in page and "<b>Budi</b>" not in page
    assert page.count(f'<option value="{editor.pk}" selected>') == 1


def edit_data(story, **changes):
    draft = story.draft_revision
    return {
        "version": story.version,
        "base_revision": draft.number,
        "headline": draft.headline,
        "lead": draft.lead,
        "dateline": draft.dateline,
        "body_html": draft.body_html,
        "note": "",
    } | changes


def test_edit_saves_a_sanitized_revision_and_diff_shows_it(client, make_story, editor):
    story = make_story(status=Status.IN_REVIEW, body_html="<p>Warga menanam seribu pohon.</p>")
    client.force_login(editor)
    response = client.post(
        reverse("desk:edit", args=[story.pk]),
        edit_data(story, body_html="<p>Warga menanam dua ribu pohon.</p><script>x()</script>"),
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.draft_revision.number == 2
    assert "<script>" not in story.draft_revision.body_html
    html = client.get(reverse("desk:review", args=[story.pk]), {"tab": "diff"}).content.decode()
    assert "<del>seribu</del><ins>dua ribu</ins>" in html


def test_stale_save_is_refused_with_the_diff_and_keeps_my_text(client, make_story, editor):
    story = make_story(status=Status.IN_REVIEW, body_html="<p>Teks asli.</p>")
    opened = edit_data(story)
    services.story_edit(
        story=story, actor=editor, expected_version=story.version, headline="Judul dari Rekan"
    )
    client.force_login(editor)
    response = client.post(
        reverse("desk:edit", args=[story.pk]), opened | {"body_html": "<p>Teks saya.</p>"}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Orang lain sudah menyimpan" in html
    assert "<ins>Judul dari Rekan</ins>" in html or "<ins>Rekan</ins>" in html
    assert "Teks saya." in html  # my text is still in the form
    story.refresh_from_db()
    assert story.draft_revision.headline == "Judul dari Rekan"


def test_metadata_tags_labels_and_credit(client, make_story, editor):
    other = make_user("redaktur2", "editor", first_name="Dewi")
    story = make_story(status=Status.IN_REVIEW)
    client.force_login(editor)
    response = client.post(
        reverse("desk:metadata", args=[story.pk]),
        {
            "version": story.version,
            "kind": "siaran_pers",
            "section": story.section_id,
            "tags": "Banjir, bandung , Banjir",
            "credited_editor": other.pk,
            "is_unverified": "on",
            "has_ai_image": "on",
        },
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.kind == "siaran_pers" and story.is_unverified and story.has_ai_image
    assert sorted(t.name for t in story.tags.all()) == ["Banjir", "bandung"]
    assert story.credited_editor == other


def test_request_changes_with_a_template_and_reject_needs_reason(client, make_story, editor):
    story = make_story(status=Status.IN_REVIEW)
    client.force_login(editor)
    url = reverse("desk:decide", args=[story.pk, "request_changes"])
    client.post(url, {"template": "", "message": ""})
    story.refresh_from_db()
    assert story.status == Status.IN_REVIEW
    client.post(url, {"template": "sumber", "message": ""})
    story.refresh_from_db()
    assert story.status == Status.CHANGES_REQUESTED
    assert "narasumber" in Message.objects.get(story=story).body_text

    other = make_story(status=Status.IN_REVIEW, headline="Lain")
    url = reverse("desk:decide", args=[other.pk, "reject"])
    response = client.post(url, {"reason": "", "message": "Tidak."}, follow=True)
    assert "Pilih alasan penolakan" in response.content.decode()
    client.post(url, {"reason": "promotional", "message": "Ini iklan."})
    other.refresh_from_db()
    assert other.status == Status.REJECTED


def test_publish_from_review_screen_and_schedule(client, make_story, editor):
    story = make_story(status=Status.IN_REVIEW, risk_checked=False)
    client.force_login(editor)
    publish = reverse("desk:decide", args=[story.pk, "publish"])
    response = client.post(publish, follow=True)
    assert "daftar periksa risiko" in response.content.decode()
    client.post(
        reverse("desk:risk", args=[story.pk]),
        {"version": story.version, "victim": "0", "minor": "0", "sara": "0", "defamation": "0"},
    )
    client.post(publish)
    story.refresh_from_db()
    assert story.status == Status.PUBLISHED and story.credited_editor == editor

    later = make_story(status=Status.APPROVED, headline="Nanti")
    when = timezone.localtime() + timezone.timedelta(days=1)
    client.post(
        reverse("desk:decide", args=[later.pk, "schedule"]),
        {"when": when.strftime("%Y-%m-%dT%H:%M")},
    )
    later.refresh_from_db()
    assert later.status == Status.SCHEDULED
    assert abs((later.scheduled_at - when).total_seconds()) < 60


def test_notes_stay_internal(client, make_story, editor):
    story = make_story(status=Status.IN_REVIEW)
    client.force_login(editor)
    client.post(reverse("desk:note", args=[story.pk]), {"body": "Hubungi humas pemkot."})
    assert Note.objects.get(story=story).body == "Hubungi humas pemkot."
    assert not Message.objects.filter(story=story, body_text__contains="humas").exists()
    html = client.get(reverse("desk:review", args=[story.pk]), {"tab": "pesan"}).content.decode()
    assert "Hubungi humas pemkot." in html


def test_related_search_falls_back_to_headlines(client, make_story, editor):
    published = make_story(status=Status.PUBLISHED, headline="Festival Kopi Gayo Ramai")
    make_story(status=Status.IN_REVIEW, headline="Festival Kopi yang Belum Tayang")
    client.force_login(editor)
    html = client.get(reverse("desk:related"), {"q_related": "kopi"}).content.decode()
    assert f'value="{published.pk}"' in html
    assert "Belum Tayang" not in html


def test_audit_tab_lists_every_event(client, make_story, editor):
    story = make_story(status=Status.APPROVED)
    client.force_login(editor)
    html = client.get(reverse("desk:review", args=[story.pk]), {"tab": "riwayat"}).content.decode()
    for event in Event.objects.filter(story=story):
        assert event.action in html


def test_dashboard_draws_svg_charts(client, make_story, editor):
    make_story(status=Status.REJECTED)
    make_story(status=Status.PUBLISHED, headline="Tayang")
    make_story(status=Status.RECEIVED, headline="Menunggu")
    client.force_login(editor)
    html = client.get(reverse("desk:dashboard")).content.decode()
    desk_numbers, reads = html.split('id="dibaca"')
    assert desk_numbers.count("<svg") == 4
    assert reads.count("<svg") == 1 and "Belum ada pembaca yang tercatat" in reads  # no reads yet
    assert 'data-figure="submitted">3<' in html
    assert 'data-figure="backlog">1<' in html


@override_settings(PRODUCTION=True)
def test_production_desk_requires_totp(client, make_story, editor):
    from allauth.mfa.models import Authenticator

    story = make_story(status=Status.IN_REVIEW)
    client.force_login(editor)
    response = client.get(reverse("desk:review", args=[story.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp") + "?next=/desk/")
    Authenticator.objects.create(user=editor, type=Authenticator.Type.TOTP, data={})
    response = client.get(reverse("desk:review", args=[story.pk]))
    assert response.status_code == 302  # logged in without the second factor
    assert response["Location"].startswith(reverse("mfa_reauthenticate"))
    assert client.post(reverse("desk:note", args=[story.pk]), {"body": "x"}).status_code == 302
    assert not Note.objects.exists()
    session = client.session
    session["account_authentication_methods"] = [{"method": "mfa", "at": 0, "type": "totp"}]
    session["account_authentication_methods_user"] = str(editor.pk)
    session.save()
    assert client.get(reverse("desk:review", args=[story.pk])).status_code == 200


def test_development_desk_does_not_require_totp(client, make_story, editor):
    story = make_story(status=Status.IN_REVIEW)
    client.force_login(editor)
    assert client.get(reverse("desk:review", args=[story.pk])).status_code == 200


def test_story_detail_404_for_unknown(client, editor):
    client.force_login(editor)
    assert client.get(reverse("desk:review", args=[999999])).status_code == 404
    assert Story.objects.count() == 0


def test_review_screen_names_the_earlier_copy_with_its_share(
    client, make_story, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = make_story(status=Status.RECEIVED, headline="Sungai Meluap", body_html=FLOOD)
        second = make_story(status=Status.RECEIVED, headline="Banjir di Kampung", body_html=FLOOD)
    client.force_login(editor)
    html = client.get(reverse("desk:review", args=[second.pk])).content.decode()
    assert "Mirip naskah lain" in html
    assert "Sungai Meluap" in html
    html = client.get(reverse("desk:review", args=[second.pk]), {"tab": "kemiripan"}).content
    assert reverse("desk:review", args=[first.pk]).encode() in html
    assert b"<mark>" in html


def test_senior_editor_retracts_from_the_desk_editor_cannot(
    client, make_story, editor, senior_editor
):
    story = make_story(status=Status.PUBLISHED)
    url = reverse("desk:decide", args=[story.pk, "retract"])
    client.force_login(editor)
    response = client.post(url, {"reason": "trauma", "note": "Melukai korban."}, follow=True)
    assert "tidak berwenang" in response.content.decode()
    story.refresh_from_db()
    assert story.status == Status.PUBLISHED
    client.force_login(senior_editor)
    client.post(url, {"reason": "trauma", "note": "Melukai korban."})
    story.refresh_from_db()
    assert story.status == Status.RETRACTED


def test_unknown_decision_is_404(client, make_story, editor):
    story = make_story(status=Status.IN_REVIEW)
    client.force_login(editor)
    assert client.post(reverse("desk:decide", args=[story.pk, "explode"])).status_code == 404


def test_diff_partial_for_htmx(client, make_story, editor):
    story = make_story(status=Status.IN_REVIEW)
    services.story_edit(story=story, actor=editor, expected_version=story.version, lead="Baru")
    client.force_login(editor)
    response = client.get(
        reverse("desk:review", args=[story.pk]),
        {"tab": "diff", "partial": "diff", "a": "1", "b": "2"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert html.startswith('<section id="diff"') and "<ins>Baru" in html


def test_published_story_with_an_unreleased_edit_is_in_the_queue(client, make_story, editor):
    story = make_story(status=Status.PUBLISHED, headline="Pasar Baru Diresmikan")
    client.force_login(editor)
    assert "Pasar Baru Diresmikan" not in client.get(reverse("desk:queue")).content.decode()
    services.story_edit(
        story=story, actor=editor, expected_version=story.version, lead="Ralat jam peresmian."
    )
    html = client.get(reverse("desk:queue"), {"status": "published"}).content.decode()
    assert "Pasar Baru Diresmikan" in html
    assert "Tayang, perubahan belum tayang" in html


def test_image_caption_credit_featured_and_ai_label(client, make_story, editor):
    images = [
        {"src": "/media/a.jpg", "caption": "Warga", "credit": "", "featured": True},
        {"src": "/media/b.jpg", "caption": "Sungai", "credit": "Dokpri"},
    ]
    story = make_story(status=Status.IN_REVIEW, images=images)
    client.force_login(editor)
    data = edit_data(story) | {
        "image-0-caption": "Warga kerja bakti",
        "image-0-credit": "Foto: Rina",
        "image-1-caption": "Sungai Cikapundung",
        "image-1-credit": "Dokpri",
        "image-1-ai": "1",
        "image-featured": "1",
    }
    client.post(reverse("desk:edit", args=[story.pk]), data)
    story.refresh_from_db()
    first, second = story.draft_revision.images
    assert (first["caption"], first["credit"], first["featured"]) == (
        "Warga kerja bakti", "Foto: Rina", False)  # fmt: skip
    assert second["featured"] is True and second["ai_generated"] is True
    assert story.revisions.get(number=1).images[0]["caption"] == "Warga"

    data = edit_data(story) | {"image-0-remove": "1", "image-featured": "1"}
    client.post(reverse("desk:edit", args=[story.pk]), data)
    story.refresh_from_db()
    assert [i["src"] for i in story.draft_revision.images] == ["/media/b.jpg"]


def test_htmx_claim_refused_reloads_the_queue_with_the_reason(client, make_story, editor):
    story = make_story(status=Status.RECEIVED)
    services.story_claim(story=story, actor=make_user("redaktur3", "editor", first_name="Tono"))
    client.force_login(editor)
    response = client.post(
        reverse("desk:assign", args=[story.pk]), {"editor": "me"}, HTTP_HX_REQUEST="true"
    )
    assert response["HX-Redirect"] == reverse("desk:queue")
    html = client.get(reverse("desk:queue")).content.decode()
    assert "sedang ditangani Tono" in html
