import pytest
from django.core import mail
from django.core.cache import cache

from pewarta.common import timefmt
from pewarta.common.errors import RateLimited
from pewarta.common.html import html_to_text, sanitize_html, text_to_html
from pewarta.common.mail import render_mail, story_reply_address
from pewarta.common.ratelimit import ratelimit_hit


def test_sanitize_removes_scripts_handlers_and_javascript_urls():
    dirty = (
        '<p onclick="x()">Halo<script>alert(1)</script></p>'
        '<a href="javascript:alert(1)">tautan</a><img src="x" onerror="y()">'
    )
    clean = sanitize_html(dirty)
    assert "script" not in clean and "onclick" not in clean and "onerror" not in clean
    assert "javascript:" not in clean
    assert "<p>Halo</p>" in clean


def test_text_to_html_escapes_and_keeps_paragraphs():
    html = text_to_html("Satu <b>\nbaris\n\nDua")
    assert html == "<p>Satu &lt;b&gt;<br>baris</p>\n<p>Dua</p>"
    assert html_to_text(html) == "Satu <b>baris Dua"


def test_indonesian_date_in_wib():
    from datetime import UTC, datetime

    value = datetime(2018, 9, 10, 7, 5, tzinfo=UTC)
    assert timefmt.tanggal_lengkap(value) == "Senin, 10 September 2018 14:05 WIB"
    assert timefmt.tanggal(value) == "10 September 2018"


def test_ratelimit_refuses_past_the_limit():
    cache.clear()
    for _ in range(3):
        ratelimit_hit("uji", limit=3, window=60)
    with pytest.raises(RateLimited):
        ratelimit_hit("uji", limit=3, window=60)


@pytest.mark.django_db
def test_reply_address_and_mail_rendering(make_story, settings, django_capture_on_commit_callbacks):
    story = make_story()
    assert story_reply_address(story) == f"redaksi+{story.reply_token}@localhost"
    subject, body = render_mail("test_ping", {"name": "Asep"}, "id")
    assert subject == "Halo Asep"
    from pewarta.common.mail import mail_send_on_commit

    with django_capture_on_commit_callbacks(execute=True):
        mail_send_on_commit(to="asep@example.id", template="test_ping", context={"name": "Asep"})
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Halo Asep"
    assert mail.outbox[0].extra_headers["Auto-Submitted"] == "auto-generated"
