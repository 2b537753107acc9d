"""Crafted URLs and queries: every URL pattern and every query parameter a page reads, filled
with hostile values, as a reader and as staff. Nothing may answer 5xx.

The walk is built from Django's resolver, so a page added later is walked too; the query
parameters are those the pages really read (recorded while walking with plain values).
"""

import re
from contextlib import contextmanager

import pytest
from django.http import QueryDict
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import get_converters

from pewarta.accounts.roles import ADMIN
from pewarta.conftest import make_user

HOSTILE_PARTS = {
    "int": ["2026", "0", "99999999999999999999999"],
    "slug": ["warga-tanam-seribu-pohon", "x", "a" * 3000, "--", "0"],
    "str": ["xx", "01", "13", "0", "%00", "%FF%FE", "%C0%AF", "a" * 3000, "..%2F..", "9" * 30],
    "path": ["x", "..%2F..%2Fetc%2Fpasswd", "%00", "a/" * 400],
    "uuid": ["00000000-0000-0000-0000-000000000000"],
    "regex": ["x", "%00", "9" * 30],
}
HOSTILE_VALUES = [
    "",
    "xx",
    "0",
    "-1",
    "99999999999999999999999",
    "9999-12-31",
    "0001-01-01",
    "10000-01-01",
    "2026-02-30",
    "1e999",
    "NaN",
    "%00",
    "%FF%FE",
    "%C0%AF",
    "a" * 5000,
    "https://penipu.example/",
    "javascript:alert(1)",
    "[]",
]
WORST_VALUES = ["xx", "99999999999999999999999", "9999-12-31", "%FF%FE", "a" * 5000]
PLAIN_QUERY = "q=banjir&page=1&halaman=1&dari=2026-01-01&sampai=2026-12-31&next=/"
_PART = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")
_GROUP = re.compile(r"\(\?P<\w+>(?:[^()]|\([^()]*\))*\)")


def url_patterns(resolver=None, prefix=""):
    """(route text, is_regex) for every pattern the project answers."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        text = str(entry.pattern)
        is_regex = text.startswith("^") or text.endswith("$")
        if is_regex:
            text = text.lstrip("^").rstrip("$").replace("\\Z", "").replace("\\", "")
        if isinstance(entry, URLResolver):
            yield from url_patterns(entry, prefix + text)
        elif isinstance(entry, URLPattern):
            yield prefix + text


def filled(route: str):
    """The route with each part replaced by each hostile value of its converter."""
    parts = list(_PART.finditer(route)) + list(_GROUP.finditer(route))
    if not parts:
        yield "/" + route
        return
    for index in range(max(len(_values(m)) for m in parts)):
        url = _GROUP.sub(lambda m, i=index: _value(m, i), route)
        yield "/" + _PART.sub(lambda m, i=index: _value(m, i), url)


def _values(match) -> list[str]:
    if match.re is _GROUP:
        return HOSTILE_PARTS["regex"]
    conv = match.group("conv") or "str"
    if conv in HOSTILE_PARTS:
        return HOSTILE_PARTS[conv]
    regex = get_converters()[conv].regex  # ours: an alternation of words
    return regex.split("|")[:1] + ["xx"] if re.fullmatch(r"[\w|-]+", regex) else ["xx"]


def _value(match, index) -> str:
    values = _values(match)
    return values[index % len(values)]


@contextmanager
def recording_query_keys():
    """Every key a view asks request.GET for, while the block runs."""
    seen: set[str] = set()
    originals = {name: getattr(QueryDict, name) for name in ("get", "getlist", "__getitem__")}

    def recorder(name):
        def method(self, key, *args, **kwargs):
            if isinstance(key, str):
                seen.add(key)
            return originals[name](self, key, *args, **kwargs)

        return method

    for name in originals:
        setattr(QueryDict, name, recorder(name))
    try:
        yield seen
    finally:
        for name, original in originals.items():
            setattr(QueryDict, name, original)


def walk(client, routes):
    """GET each filled URL with plain query values; then, for one URL of each route, every
    query key it read with hostile values (each value in all keys, the worst in each alone)."""
    failures = []

    def get(target):
        response = client.get(target)
        if response.status_code >= 500:
            failures.append(f"{response.status_code} GET {target[:200]}")

    reads = {}
    for route, urls in routes.items():
        for url in urls:
            with recording_query_keys() as keys:
                get(f"{url}?{PLAIN_QUERY}")
            if keys and route not in reads:
                reads[route] = (url, sorted(keys))
    for url, keys in reads.values():
        for value in HOSTILE_VALUES:
            get(url + "?" + "&".join(f"{key}={value}" for key in keys))
        for key in keys:
            for value in WORST_VALUES:
                get(f"{url}?{key}={value}")
        get(f"{url}?%FF=%FE&a=%00&{keys[0]}=1&{keys[0]}=2")
    return failures


@pytest.fixture
def hostile_site(settings, publish, reader_site_data):
    settings.PEWARTA_RATE_LIMITS = [
        f"{scope}=100000/60" for scope in ("search", "tracking", "complaints", "lacak")
    ]
    settings.ALLOWED_HOSTS = ["*"]
    publish()
    return {route: list(dict.fromkeys(filled(route))) for route in url_patterns()}


def _staff():
    user = make_user("staf-uji", ADMIN, is_staff=True, is_superuser=True)
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anonymous", "staff"])
def test_no_crafted_url_or_query_answers_5xx(hostile_site, who):
    client = Client(raise_request_exception=False) if who == "anonymous" else _staff()
    assert walk(client, hostile_site) == []


def test_the_walk_covers_every_pattern_with_its_parts_filled():
    routes = list(url_patterns())
    assert "<section:section>/<int:year>/<str:month>/<str:day>/<slug:slug>" in routes
    assert any(route.startswith("admin/") for route in routes)
    story_urls = list(filled("<section:section>/<int:year>/<str:month>/<str:day>/<slug:slug>"))
    assert "/berita/2026/xx/xx/warga-tanam-seribu-pohon" in story_urls


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/cari?q=banjir&sampai=9999-12-31",
        "/cari?q=banjir&dari=0001-01-01",
        "/berita/2026/xx/01/warga-tanam-seribu-pohon",
        "/berita/99999999999/01/01/warga-tanam-seribu-pohon",
        "/berita/2026/13/45/warga-tanam-seribu-pohon",
        "/cari?q=%00",
        "/cari?q=%FF%FE",
        "/berita/?page=%00",
        "/pengaduan/%00",  # PostgreSQL refuses NUL in any text it compares
        "/lacak/PW-%00",
        "/desk/?warning=%00",
    ],
)
def test_known_crafted_requests_are_answered_politely(client, publish, url):
    publish()
    client.raise_request_exception = False
    assert client.get(url).status_code < 500
