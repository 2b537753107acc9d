"""English is available: pages switch language, and the catalogue is complete and compiled.

The catalogue tests read `pewarta/locale/en/LC_MESSAGES/django.po` with a small parser of their
own, so they need neither polib nor gettext's tools; the one test that runs `msgfmt` skips where
it is not installed (`.ci/run` installs gettext).
"""

import gettext
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core import signals
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.test import RequestFactory
from django.urls import reverse

from pewarta.conftest import missing_component
from pewarta.desk import services
from pewarta.desk.models import Status
from pewarta.public.pagecache import FrontCache

LOCALE_DIR = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"
PO_FILE = LOCALE_DIR / "django.po"
MO_FILE = LOCALE_DIR / "django.mo"

# msgids that may stay without a translation (none today).
UNTRANSLATED_ALLOWED: set[str] = set()

# The contributor notice on the home and story pages, in both languages.
NOTICE_ID = ("adalah platform jurnalisme warga", "tidak mewakili pandangan redaksi")
NOTICE_EN = ("is a citizen-journalism platform", "does not represent the views of the newsroom")


# --- pages ---------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def page_cache_dir(settings, tmp_path):
    """A page cache of this test's own, so a page stored here is never served elsewhere."""
    settings.PEWARTA_PAGE_CACHE_DIR = str(tmp_path / "pagecache")
    cache.clear()
    return tmp_path / "pagecache"


@pytest.fixture
def story(make_story, editor):
    """A published news story whose body links another one inline (`Baca juga`)."""
    other = make_story(status=Status.PUBLISHED, headline="Banjir Surut di Kampung Melayu")
    story = make_story(status=Status.PUBLISHED, headline="Warga Bersihkan Sungai Ciliwung")
    services.story_edit(
        story=story, actor=editor, expected_version=story.version, related=[other.pk]
    )
    story.refresh_from_db()
    return services.story_publish_update(story=story, actor=editor)


def _html(response):
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_home_page_in_english_with_accept_language(client, story):
    html = _html(client.get(reverse("public:home"), HTTP_ACCEPT_LANGUAGE="en"))

    assert '<html lang="en">' in html
    assert ">Latest<" in html and ">Terbaru<" not in html
    assert ">Most read<" in html and ">Terpopuler<" not in html
    assert ">Opinion</a>" in html and ">Opini</a>" not in html
    assert "Skip to content" in html and "Langsung ke isi" not in html
    for english, indonesian in zip(NOTICE_EN, NOTICE_ID, strict=True):
        assert english in html and indonesian not in html
    assert "Warga Bersihkan Sungai Ciliwung" in html  # content stays as written


@pytest.mark.django_db
def test_story_page_in_english_with_the_language_cookie(client, story):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = _html(client.get(story.get_absolute_url()))

    assert '<html lang="en">' in html
    assert "Writer:" in html and "Penulis:" not in html
    assert "Read also:" in html and "Baca juga:" not in html
    assert ">Report<" in html and ">Laporkan<" not in html
    assert ">News<" in html  # the kind label
    for english, indonesian in zip(NOTICE_EN, NOTICE_ID, strict=True):
        assert english in html and indonesian not in html
    assert "Banjir Surut di Kampung Melayu" in html


@pytest.mark.django_db
def test_indonesian_stays_the_default(client, story):
    for headers in ({}, {"HTTP_ACCEPT_LANGUAGE": "fr-FR,fr;q=0.9"}, {"HTTP_ACCEPT_LANGUAGE": "id"}):
        html = _html(client.get(story.get_absolute_url(), **headers))
        assert '<html lang="id">' in html
        assert "Penulis:" in html and "Writer:" not in html
        assert "Baca juga:" in html and ">Laporkan<" in html
        assert all(text in html for text in NOTICE_ID)
        assert not any(text in html for text in NOTICE_EN)
    home = _html(client.get(reverse("public:home")))
    assert ">Terbaru<" in home and ">Latest<" not in home


@pytest.mark.django_db
def test_footer_language_switch_sets_english(client, story):
    html = _html(client.get(story.get_absolute_url()))
    form = re.search(r'<form class="language-switch"(.*?)</form>', html, re.S)
    assert form, "the footer has no language switch"
    form = form.group(0)
    assert f'action="{reverse("set_language")}" method="post"' in form
    assert '<label for="pilih-bahasa">Bahasa</label>' in form
    assert '<select id="pilih-bahasa" name="language">' in form
    assert '<option value="id" lang="id" selected>Bahasa Indonesia</option>' in form
    assert '<option value="en" lang="en">English</option>' in form
    assert '<button type="submit">' in form
    assert f'name="next" value="{story.get_absolute_url()}"' in form

    response = client.post(
        reverse("set_language"), {"language": "en", "next": story.get_absolute_url()}
    )
    assert response.status_code == 302 and response["Location"] == story.get_absolute_url()
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"

    html = _html(client.get(response["Location"]))
    assert "Writer:" in html and ">Change language<" in html
    assert '<option value="en" lang="en" selected>English</option>' in html


@pytest.fixture
def front(db):
    """The production WSGI stack: the anonymous page cache in front of Django.

    Django's own handler closes the database connection after each request; inside a test's
    transaction that would end the test, so that hook is off while these requests run.
    """
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    app = FrontCache(WSGIHandler())

    def call(request):
        captured = {}

        def start_response(status, headers, exc_info=None):
            captured["status"], captured["headers"] = int(status.split()[0]), dict(headers)

        chunks = app(request.environ, start_response)
        body = b"".join(chunks)
        if hasattr(chunks, "close"):
            chunks.close()
        return captured["status"], captured["headers"], body.decode()

    yield call
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.django_db
def test_language_switch_works_from_a_page_served_by_the_cache(front, story):
    """A cached page is the same for every reader, so its form carries no CSRF token."""
    rf = RequestFactory()
    url = story.get_absolute_url()
    front(rf.get(url))
    status, headers, html = front(rf.get(url))
    assert status == 200 and headers.get("X-Cache") == "hit"
    assert "csrfmiddlewaretoken" not in html and 'name="language"' in html

    status, headers, _ = front(rf.post(reverse("set_language"), {"language": "en", "next": url}))
    assert status == 302 and headers["Location"] == url
    assert f"{settings.LANGUAGE_COOKIE_NAME}=en" in headers["Set-Cookie"]

    status, headers, html = front(rf.get(url, HTTP_COOKIE=f"{settings.LANGUAGE_COOKIE_NAME}=en"))
    assert status == 200 and "X-Cache" not in headers
    assert '<html lang="en">' in html and "Writer:" in html and "Penulis:" not in html
    status, headers, html = front(rf.get(url))
    assert (
        headers.get("X-Cache") == "hit" and "Penulis:" in html
    )  # the cached page stays Indonesian


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_reader_switches_to_english_without_javascript(browser, live_server, story):
    context = browser.new_context(java_script_enabled=False, locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(15000)
    url = live_server.url + story.get_absolute_url()
    try:
        page.goto(url)
        assert page.locator("html").get_attribute("lang") == "id"
        page.get_by_label("Bahasa").select_option("en")
        page.get_by_role("button", name="Ganti bahasa").click()
        page.wait_for_load_state()
        assert page.url == url
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.locator(".byline").inner_text().startswith("Writer:")
        assert page.get_by_label("Language").input_value() == "en"
        page.get_by_label("Language").select_option("id")
        page.get_by_role("button", name="Change language").click()
        page.wait_for_load_state()
        assert page.locator("html").get_attribute("lang") == "id"
    finally:
        context.close()


def test_mail_is_rendered_in_the_recipients_language(settings):
    from types import SimpleNamespace

    from django.utils import timezone
    from django.utils.translation import gettext_lazy

    from pewarta.common.mail import render_mail

    now = timezone.now()
    kind = "Hak Jawab"  # a variable, so makemessages does not take this test as a source
    complaint = SimpleNamespace(
        name="Budi Santoso",
        get_kind_display=lambda: gettext_lazy(kind),
        received_at=now,
        deadline_at=now + timezone.timedelta(days=2),
        get_tracking_url=lambda: "/pengaduan/abc",
    )
    story = SimpleNamespace(live_revision=SimpleNamespace(headline="Warga Tanam Seribu Pohon"))
    context = {"complaint": complaint, "story": story}

    subject, body = render_mail("complaint_received", context, "en")
    assert subject == "We have received your Hak Jawab (right of reply)"
    assert body.startswith("Dear Budi Santoso,")
    assert "your Hak Jawab (right of reply) about the story “Warga Tanam Seribu Pohon”" in body
    assert "Follow its progress on this page" in body
    assert f"Regards,\nThe {settings.PEWARTA_SITE_NAME} newsroom" in body
    assert "Yth." not in body and "Salam," not in body

    subject, body = render_mail("complaint_received", context, "id")
    assert subject == "Hak Jawab Anda telah kami terima"
    assert body.startswith("Yth. Budi Santoso,") and "Dear" not in body


# --- the catalogue -------------------------------------------------------------------------------


def _unquote(text):
    return re.sub(
        r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), text[1:-1]
    )


def parse_po(path):
    """Entries of a .po file as dicts: flags, msgctxt, msgid, msgid_plural, msgstr {index: text}."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry = {"flags": set(), "msgctxt": None, "msgid_plural": None, "msgstr": {}}
        field = None
        for line in block.strip().splitlines():
            if line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                if isinstance(field, int) or field is None:
                    entry["msgstr"][field] += _unquote(line)
                else:
                    entry[field] += _unquote(line)
            else:
                keyword, _, value = line.partition(" ")
                match = re.fullmatch(r"msgstr(?:\[(\d+)\])?", keyword)
                if match:
                    field = int(match.group(1)) if match.group(1) else None
                    entry["msgstr"][field] = _unquote(value)
                else:
                    field = keyword
                    entry[field] = _unquote(value)
        if "msgid" in entry:
            entries.append(entry)
    return entries


@pytest.fixture(scope="module")
def catalogue():
    entries = parse_po(PO_FILE)
    assert entries and entries[0]["msgid"] == ""
    return entries


def _messages(catalogue):
    return [entry for entry in catalogue if entry["msgid"]]


PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[a-zA-Z%]")
TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)")


def test_catalogue_header_is_english_with_plural_forms(catalogue):
    header = catalogue[0]["msgstr"][None]
    assert "Language: en\n" in header
    assert "Content-Type: text/plain; charset=UTF-8\n" in header
    assert "Plural-Forms: nplurals=2; plural=(n != 1);\n" in header
    assert "fuzzy" not in catalogue[0]["flags"]


def test_catalogue_has_no_untranslated_or_fuzzy_entries(catalogue):
    messages = _messages(catalogue)
    assert len(messages) > 900
    untranslated = [
        e["msgid"]
        for e in messages
        if not all(e["msgstr"].values()) and e["msgid"] not in UNTRANSLATED_ALLOWED
    ]
    assert untranslated == []
    assert [e["msgid"] for e in messages if "fuzzy" in e["flags"]] == []


def test_every_translation_keeps_the_placeholders_and_markup_of_its_msgid(catalogue):
    broken = []
    for entry in _messages(catalogue):
        if entry["msgid_plural"] is None:
            pairs = [(entry["msgid"], entry["msgstr"][None])]
        else:
            assert sorted(entry["msgstr"]) == [0, 1], entry["msgid"]
            pairs = [
                (entry["msgid"], entry["msgstr"][0]),
                (entry["msgid_plural"], entry["msgstr"][1]),
            ]
        for source, translation in pairs:
            formatted = "python-format" in entry["flags"] or "%" in source
            if formatted and sorted(PLACEHOLDER.findall(source)) != sorted(
                PLACEHOLDER.findall(translation)
            ):
                broken.append(("placeholders", source, translation))
            if sorted(TAG.findall(source)) != sorted(TAG.findall(translation)):
                broken.append(("markup", source, translation))
            if "{{" in translation or "{%" in translation:
                broken.append(("template syntax", source, translation))
            if source.endswith("\n") != translation.endswith("\n"):
                broken.append(("trailing newline", source, translation))
    assert broken == []


def test_key_terms_use_the_agreed_english(catalogue):
    translations = {e["msgid"]: e["msgstr"].get(None) for e in _messages(catalogue)}
    assert translations["Tayang"] == "Published"
    assert translations["Naskah Masuk"] == "Received"
    assert translations["Perlu Revisi"] == "Changes requested"
    assert translations["Dalam Peninjauan"] == "In review"
    assert translations["Dijadwalkan"] == "Scheduled"
    assert translations["Dicabut"] == "Retracted"
    assert translations["Ralat"] == "Correction (Ralat)"
    assert translations["Redaksi"] == "Newsroom"
    assert translations["Laporkan"] == "Report"
    assert translations["Baca juga:"] == "Read also:"
    assert translations["Penulis"] == "Writer"
    assert (
        "Hak Jawab" in translations["Hak Jawab"] and "right of reply" in translations["Hak Jawab"]
    )


def _expected_catalog(catalogue):
    """What gettext should find in the compiled catalogue for the .po's translated entries."""
    expected = {}
    for entry in _messages(catalogue):
        if "fuzzy" in entry["flags"] or not all(entry["msgstr"].values()):
            continue
        key = (
            entry["msgid"]
            if entry["msgctxt"] is None
            else f"{entry['msgctxt']}\x04{entry['msgid']}"
        )
        if entry["msgid_plural"] is None:
            expected[key] = entry["msgstr"][None]
        else:
            expected.update({(key, n): text for n, text in entry["msgstr"].items()})
    return expected


def _load_mo(path):
    with open(path, "rb") as handle:
        catalog = dict(gettext.GNUTranslations(handle)._catalog)
    catalog.pop("", None)
    return catalog


def test_committed_mo_matches_the_po(catalogue):
    """The .mo is what runs: it must hold exactly the .po's translations (not an older set)."""
    assert MO_FILE.exists(), "run `make messages` to compile the catalogue"
    compiled = _load_mo(MO_FILE)
    expected = _expected_catalog(catalogue)
    assert sorted(set(expected) - set(compiled), key=str) == []
    assert sorted(set(compiled) - set(expected), key=str) == []
    assert {k: v for k, v in expected.items() if compiled[k] != v} == {}


def test_po_compiles_cleanly_to_the_committed_mo(tmp_path):
    if shutil.which("msgfmt") is None:
        missing_component("gettext's msgfmt is not installed (.ci/run installs gettext)")
    fresh = tmp_path / "django.mo"
    result = subprocess.run(  # noqa: S603
        [shutil.which("msgfmt"), "--check", "-o", str(fresh), str(PO_FILE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert _load_mo(fresh) == _load_mo(MO_FILE)
