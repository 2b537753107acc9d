"""Content-Security-Policy on every response, also on pages the front cache serves."""

import re
from pathlib import Path

import pytest

from pewarta.public.tests.test_caching import front_get

REQUIRED = {
    "script-src": "'self'",
    "object-src": "'none'",
    "frame-ancestors": "'none'",
    "base-uri": "'self'",
}
PACKAGE = Path(__file__).resolve().parents[2]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")")
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)


def directives(header: str) -> dict[str, str]:
    parts = (part.strip().split(None, 1) for part in header.split(";") if part.strip())
    return {part[0]: part[1] if len(part) > 1 else "" for part in parts}


def assert_strict(response_headers):
    policy = directives(response_headers["Content-Security-Policy"])
    for name, value in REQUIRED.items():
        assert policy.get(name) == value, (name, policy.get(name))
    assert "'unsafe-inline'" not in policy.get("script-src", "")
    assert "'unsafe-eval'" not in policy.get("script-src", "")


@pytest.mark.django_db
def test_every_kind_of_page_carries_the_policy(client, publish, editor, reader_site_data):
    story = publish()
    for url in ["/", story.get_absolute_url(), "/berita/", "/cari?q=pohon", "/kirim",
                "/feed/", "/sitemap.xml", "/tidak-ada", "/akun/auth/login/", "/admin/login/"]:  # fmt: skip
        response = client.get(url)
        assert response.status_code < 500, url
        assert_strict(response), url
    client.force_login(editor)
    assert_strict(client.get("/desk/"))


@pytest.mark.django_db
def test_pages_served_by_the_front_cache_carry_the_policy(client, publish):
    story = publish()
    from_django = client.get(story.get_absolute_url())
    status, headers, _body = front_get(story.get_absolute_url())
    assert status == "200 OK" and headers["X-Cache"] == "hit"
    assert headers["Content-Security-Policy"] == from_django["Content-Security-Policy"]
    assert_strict(headers)
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_no_template_carries_an_inline_script_or_event_handler():
    found = []
    for template in PACKAGE.rglob("templates/**/*.html"):
        text = template.read_text()
        for pattern in (INLINE_SCRIPT, INLINE_HANDLER):
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{template.relative_to(PACKAGE)}:{line}")
    assert found == []
