"""Comment pages: the cached fragment, posting without JavaScript, reports, the desk queue,
and comments in the personal-data export and erasure."""

import pytest
from django.urls import reverse

from pewarta.community import services
from pewarta.community.models import Comment
from pewarta.contributors.privacy import contributor_erase, data_export
from pewarta.public import pagecache

pytestmark = pytest.mark.django_db


def stored(url):
    path, _, query = url.partition("?")
    return pagecache.FrontCache(None).lookup({"PATH_INFO": path, "QUERY_STRING": query})


def approved(story, user, editor, body="Komentar yang baik."):
    comment = services.comment_post(story=story, user=user, body=body)
    services.comments_moderate(ids=[comment.pk], actor=editor, approve=True)
    return comment


def test_story_page_stays_cached_and_only_the_fragment_is_purged_on_approval(
    client, story, reader, editor, on_commit
):
    page_url = story.get_absolute_url()
    fragment_url = reverse("comments-fragment", args=[story.pk])
    body = client.get(page_url).content.decode()
    assert f'hx-get="{fragment_url}"' in body and "<script>" not in body.replace(" ", "")
    client.get(fragment_url)
    assert stored(page_url) and stored(fragment_url)
    with on_commit():
        approved(story, reader, editor, body="Jembatan itu memang perlu.")
    assert stored(page_url) is not None  # the story page was not touched
    assert stored(fragment_url) is None
    assert "Jembatan itu memang perlu." in client.get(fragment_url).content.decode()
    assert stored(fragment_url) is not None


def test_a_reader_posts_without_javascript_and_sees_the_waiting_notice(client, story, reader):
    client.force_login(reader)
    page = client.get(reverse("comments-page", args=[story.pk])).content.decode()
    assert 'name="body"' in page and 'name="website"' in page
    response = client.post(
        reverse("community:post", args=[story.pk]), {"body": "Terima kasih liputannya."}
    )
    assert response.status_code == 302 and response["Location"].endswith("#komentar")
    assert Comment.objects.get().state == Comment.State.PENDING
    follow = client.get(response["Location"]).content.decode()
    assert "setelah diperiksa moderator" in follow


def test_a_refused_comment_keeps_the_text_and_says_why(client, story, reader):
    client.force_login(reader)
    text = "Beli di https://a.example dan https://b.example"
    response = client.post(reverse("community:post", args=[story.pk]), {"body": text})
    assert response.status_code == 400
    page = response.content.decode()
    assert "terlalu banyak tautan" in page and "https://a.example" in page


def test_anonymous_readers_see_a_sign_in_link_and_cannot_post(client, story):
    fragment = client.get(reverse("comments-fragment", args=[story.pk])).content.decode()
    assert "/akun/auth/login/" in fragment and 'name="body"' not in fragment
    response = client.post(reverse("community:post", args=[story.pk]), {"body": "Halo"})
    assert response.status_code in (302, 403)
    assert not Comment.objects.exists()


def test_anyone_reports_a_comment_on_its_own_page(client, story, reader, editor):
    comment = approved(story, reader, editor)
    url = reverse("community:report", args=[comment.pk])
    assert client.post(url, {"reason": ""}).status_code == 400
    response = client.post(url, {"reason": "sara", "body": "Menghina suku."})
    assert response.status_code == 200 and "Laporan diterima" in response.content.decode()
    assert comment.reports.get().complaint.reason == "sara"


def test_the_desk_queue_needs_staff_and_approves_in_bulk(client, story, reader, editor):
    a = services.comment_post(story=story, user=reader, body="Pertama")
    b = services.comment_post(story=story, user=reader, body="Kedua")
    client.force_login(reader)
    assert client.get(reverse("community:desk_queue")).status_code == 403
    client.force_login(editor)
    page = client.get(reverse("community:desk_queue")).content.decode()
    assert "Pertama" in page and "Kedua" in page
    client.post(reverse("community:desk_queue"), {"ids": [a.pk], "action": "reject"})
    assert Comment.objects.get(pk=a.pk).state == Comment.State.PENDING  # no reason: refused
    client.post(
        reverse("community:desk_queue"), {"ids": [a.pk, b.pk], "action": "approve"}, follow=True
    )
    assert set(Comment.objects.values_list("state", flat=True)) == {Comment.State.APPROVED}


def test_comments_are_in_the_export_and_go_at_erasure(story, reader, other_member, editor):
    top = approved(story, reader, editor, body="Komentar pribadi saya.")
    approved(story, other_member, editor, body="Balasan orang lain.").parent = top
    Comment.objects.filter(body="Balasan orang lain.").update(parent=top)
    exported = data_export(contributor=reader.contributor)
    assert [c["text"] for c in exported["elsewhere"]["comments"]] == ["Komentar pribadi saya."]
    contributor_erase(contributor=reader.contributor, actor=reader)
    top.refresh_from_db()
    assert top.body == "" and top.author is None and top.state == Comment.State.ERASED
    assert Comment.objects.get(body="Balasan orang lain.").state == Comment.State.APPROVED


def test_names_and_text_from_readers_are_escaped_in_the_fragment(client, story, reader, editor):
    reader.contributor.pen_name = '<img src=x onerror="alert(1)">'
    reader.contributor.save(update_fields=["pen_name"])
    approved(story, reader, editor, body="a < b & c > d\nbaris dua")
    html = client.get(reverse("comments-fragment", args=[story.pk])).content.decode()
    assert "<img src=x" not in html and "&lt;img src=x" in html
    assert "a &lt; b &amp; c &gt; d<br>baris dua" in html


def test_an_editor_closes_and_reopens_comments_from_the_review_page(
    client, story, reader, editor, writer
):
    review = reverse("desk:review", args=[story.pk])
    client.force_login(editor)
    page = client.get(review).content.decode()
    assert "Komentar pembaca" in page and "Tutup komentar" in page
    close = reverse("community:desk_close", args=[story.pk])
    assert f'action="{close}"' in page
    client.force_login(writer)  # a contributor may not close anyone's comments
    assert client.post(close, {"closed": "1"}).status_code in (302, 403)
    from pewarta.community.models import CommentClosure

    assert not CommentClosure.objects.filter(story=story).exists()
    client.force_login(editor)
    response = client.post(close, {"closed": "1", "reason": "Ramai ujaran", "next": review})
    assert response.status_code == 302 and response["Location"] == review
    assert CommentClosure.objects.get(story=story).reason == "Ramai ujaran"
    page = client.get(review).content.decode()
    assert "Ditutup: Ramai ujaran" in page and "Buka komentar" in page
    client.force_login(reader)
    fragment = client.get(reverse("comments-fragment", args=[story.pk])).content.decode()
    assert 'name="body"' not in fragment  # no form on a closed story
    client.force_login(editor)
    client.post(close, {"closed": "0", "next": "//evil.example/"})
    assert not CommentClosure.objects.filter(story=story).exists()
    assert "Tutup komentar" in client.get(review).content.decode()
