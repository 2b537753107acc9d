"""Shared fixtures: people in each role and stories brought to any status through services."""

import io
import os
import sys
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils import timezone
from PIL import Image

from pewarta.accounts.models import Contributor
from pewarta.accounts.roles import EDITOR, SENIOR_EDITOR, grant_role
from pewarta.accounts.services import consent_record, contributor_register
from pewarta.common import ratelimit
from pewarta.desk import services
from pewarta.desk.models import Status
from pewarta.desk.workflow import SYSTEM_ACTOR

# Tests against a running cluster: `make test-cluster` (pewarta/common/pytest_cluster.py).
collect_ignore_glob = [] if os.environ.get("PEWARTA_CLUSTER_TESTS") else ["common/tests/cluster/*"]
if "pewarta.common.pytest_cluster" in sys.modules:  # loaded with -p: live_server is the cluster
    from pewarta.common.pytest_cluster import live_server  # noqa: F401


@pytest.fixture(autouse=True)
def _no_dns(monkeypatch):
    """Sender checks (DKIM keys, DMARC policies) never ask the network: no records at all."""
    from pewarta.intake import identity

    monkeypatch.setattr(identity, "dnsfunc", lambda name, timeout=5: None)


@pytest.fixture(scope="session")
def dkim_keys():
    import base64

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = private.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption(),
    )
    der = private.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return pem, base64.b64encode(der)


# DMARC policies of the private resolver below (every domain `dkim` signs for publishes a key).
DMARC_POLICIES = {"example.id": "reject", "gmail.com": "none", "evil.example": None}


@pytest.fixture
def dkim(monkeypatch, dkim_keys):
    """sign(raw, domain) -> raw with a DKIM signature a private resolver vouches for."""
    import dkim as dkimpy

    from pewarta.intake import identity

    signers = set(DMARC_POLICIES)

    def lookup(name, timeout=5):
        name = (name.decode() if isinstance(name, bytes) else name).rstrip(".").lower()
        for domain in signers:
            policy = DMARC_POLICIES.get(domain)
            if name.endswith(f"._domainkey.{domain}"):
                return b"v=DKIM1; k=rsa; p=" + dkim_keys[1]
            if name == f"_dmarc.{domain}":
                return f"v=DMARC1; p={policy}" if policy else ""
        return "" if name.startswith("_dmarc.") else None

    monkeypatch.setattr(identity, "dnsfunc", lookup)

    def sign(raw: bytes, domain: str) -> bytes:
        signers.add(domain)
        headers = [b"from", b"to", b"subject", b"date", b"message-id"]
        signature = dkimpy.sign(raw, b"pewarta", domain.encode(), dkim_keys[0],
                                include_headers=headers)  # fmt: skip
        return signature + raw

    return sign


@pytest.fixture(autouse=True)
def _fresh_rate_limit_counters():
    """Each test starts with no rate-limit hits counted in this process."""
    ratelimit.counters.reset()


def make_user(username, role=None, **extra):
    user = get_user_model().objects.create_user(
        username=username, password="kata-sandi-uji-123", email=f"{username}@example.id", **extra
    )
    if role:
        grant_role(user, role)
    return user


def browser_log_in(page, base_url: str, username: str, next_path: str = "/desk/") -> None:
    """Sign a test user in through the site's login, as staff do (the admin has none of its
    own); the address is verified first, as allauth requires."""
    user = get_user_model().objects.get(username=username)
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    page.goto(f"{base_url}/akun/auth/login/?next={next_path}")
    page.fill("#id_login", user.email)
    page.fill("#id_password", "kata-sandi-uji-123")
    # Wait for the page the login leads to, stylesheets included: a test that measures the
    # layout right after the click would otherwise measure an unstyled page.
    with page.expect_navigation(wait_until="load"):
        page.locator("form:has(#id_login) [type=submit]").first.click()


@pytest.fixture
def editor(db):
    return make_user("editor", EDITOR, first_name="Eka", last_name="Editor")


@pytest.fixture
def senior_editor(db):
    return make_user("senior", SENIOR_EDITOR, first_name="Sri", last_name="Senior")


@pytest.fixture
def writer(db):
    user = make_user("penulis")
    contributor = Contributor.objects.create(user=user, pen_name="Penulis Uji", email=user.email)
    consent_record(contributor=contributor, purpose="terms")  # the terms ticked at sign-up
    return user


@pytest.fixture
def stranger(db):
    return make_user("orang-lain")


# Paths of (action, service call) that bring a fresh story to each status.
def _to_status(story, status, *, editor, writer):
    steps = {
        Status.AWAITING_CONFIRMATION: [],
        Status.RECEIVED: [],
        Status.IN_REVIEW: [lambda s: services.story_review(story=s, actor=editor)],
        Status.CHANGES_REQUESTED: ["in_review", lambda s: services.story_request_changes(
            story=s, actor=editor, message="Mohon lengkapi sumber data.")],
        Status.APPROVED: ["in_review", lambda s: services.story_approve(story=s, actor=editor)],
        Status.SCHEDULED: ["approved", lambda s: services.story_schedule(
            story=s, actor=editor, when=timezone.now() + timezone.timedelta(hours=2))],
        Status.PUBLISHED: ["approved", lambda s: services.story_publish(story=s, actor=editor)],
        Status.REJECTED: ["in_review", lambda s: services.story_reject(
            story=s, actor=editor, reason="off_topic", message="Di luar cakupan rubrik.")],
        Status.WITHDRAWN: [lambda s: services.story_withdraw(story=s, actor=writer)],
        Status.RETRACTED: ["published", lambda s: services.story_retract(
            story=s, actor=editor.__class__.objects.get(username="senior"), reason="sara",
            note="Mengandung ujaran SARA.")],
    }  # fmt: skip
    for step in steps[status]:
        story = (
            _to_status(story, step, editor=editor, writer=writer)
            if isinstance(step, str)
            else step(story)
        )
    return story


@pytest.fixture
def label(editor):
    """label(story, tags=[...], authors=[...]) -> the story with those tags set and those
    authors added, through the desk's services (the listing links take the story's date)."""

    def apply(story, *, tags=None, authors=()):
        if tags is not None:
            story = services.story_update_metadata(
                story=story, actor=editor, expected_version=story.version, tags=list(tags)
            )
        for contributor in authors:
            story = services.story_add_author(story=story, contributor=contributor, actor=editor)
        return story

    return apply


@pytest.fixture
def make_story(editor, senior_editor, writer, label):
    """make_story(status=..., tags=[...], authors=[...]) -> a story (by `writer` unless
    `authors` says otherwise), labelled and moved to `status` through the services."""

    def factory(
        status=Status.RECEIVED, headline="Warga Tanam Seribu Pohon", risk_checked=True, **kwargs
    ):
        initial = (
            Status.AWAITING_CONFIRMATION
            if status == Status.AWAITING_CONFIRMATION
            else Status.RECEIVED
        )
        tags = kwargs.pop("tags", None)
        story = services.story_create(
            headline=headline,
            body_html=kwargs.pop("body_html", "<p>Isi naskah uji.</p>"),
            authors=kwargs.pop("authors", [writer.contributor]),
            actor=SYSTEM_ACTOR,
            status=initial,
            **kwargs,
        )
        if tags:
            story = label(story, tags=tags)
        if risk_checked and initial == Status.RECEIVED:  # a Berita publishes only once answered
            services.story_answer_risk_checklist(
                story=story, actor=editor, victim=False, minor=False, sara=False, defamation=False
            )
        story = _to_status(story, status, editor=editor, writer=writer)
        assert story.status == status
        return story

    return factory


def missing_component(reason: str):
    """A real component (Chromium, Dovecot, axe-core, msgfmt) is missing: skip on a developer's
    machine, fail in CI (`CI=true`), where .ci/run installs every one of them."""
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"CI must have every real component: {reason}", pytrace=False)
    pytest.skip(reason)


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; tests using it skip where it is missing."""
    if not os.path.exists(CHROMIUM):
        missing_component(f"{CHROMIUM} is not installed (.ci/run installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="id-ID", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def jpeg_bytes(size=(64, 48), exif=None, color=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, color)
    if exif is not None:
        image.save(out, format="JPEG", exif=exif)
    else:
        image.save(out, format="JPEG")
    return out.getvalue()


def gps_exif(orientation=None):
    exif = Image.Exif()
    exif[0x010F] = "KameraUji"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1] = "S"
    gps[2] = (6.0, 12.0, 0.0)
    gps[3] = "E"
    gps[4] = (106.0, 49.0, 0.0)
    if orientation:
        exif[0x0112] = orientation
    return exif


@pytest.fixture
def member(db):
    """A signed-up contributor (through the registration service) with a verified email."""
    user = get_user_model().objects.create_user(
        username="ayu", email="ayu@example.id", password="sandi-rahasia-panjang-1"
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    contributor_register(user=user, pen_name="Ayu Lestari", birth_year=1990)
    return user


@pytest.fixture
def other_member(db):
    user = get_user_model().objects.create_user(
        username="bima", email="bima@example.id", password="sandi-rahasia-panjang-2"
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    contributor_register(user=user, pen_name="Bima Sakti", birth_year=1985)
    return user


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits (ours and allauth's) live in the cache; each test starts with none."""
    cache.clear()
    yield
    cache.clear()


def publish(story, editor):
    """Bring a story in review to `published` the way the desk does (risk checklist first)."""
    services.story_answer_risk_checklist(
        story=story, actor=editor, victim=False, minor=False, sara=False, defamation=False
    )
    return services.story_publish(story=story, actor=editor)


# --- one write path for stories ---------------------------------------------------------------
# Every change to a Story (its row, authors, tags), a Revision or a Message must come from the
# desk's services. Each write is attributed to the nearest Pewarta frame that called it: the
# desk services, a test setting data up, or a migration are fine; any other product module is
# a defect. Violations are collected and fail the test at teardown (product code may catch
# exceptions, e.g. in after-commit handlers, so raising would not be enough).

PACKAGE_DIR = Path(__file__).resolve().parent
DESK_SERVICES_DIR = PACKAGE_DIR / "desk" / "services"


def story_write_origin(filenames) -> str | None:
    """The product module that wrote, or None when the write is allowed.

    `filenames` are the call stack's files, innermost first.
    """
    for name in filenames:
        path = Path(name).resolve()
        if PACKAGE_DIR not in path.parents:
            continue
        if DESK_SERVICES_DIR in path.parents:
            return None
        parts = path.relative_to(PACKAGE_DIR).parts
        if "tests" in parts or "migrations" in parts or path.name == "conftest.py":
            return None
        return str(path.relative_to(PACKAGE_DIR.parent))
    return None


def _stack_files(skip: int = 3):
    frame, files = sys._getframe(skip), []  # default: above _stack_files, check and the hook
    while frame is not None:
        files.append(frame.f_code.co_filename)
        frame = frame.f_back
    return files


@pytest.fixture(autouse=True)
def story_writes_go_through_desk_services(monkeypatch):
    from django.db.models import QuerySet, signals

    from pewarta.desk.models import Message, Revision, Story

    guarded = (Story, Revision, Message)
    violations = []

    def check(what):
        origin = story_write_origin(_stack_files())
        if origin is not None:
            violations.append(f"{what} written from {origin}")

    def on_save(sender, instance, **kwargs):
        check(f"{sender.__name__} {instance.pk}")

    def on_m2m(sender, instance, action, **kwargs):
        if action.startswith("pre_") and isinstance(instance, Story):
            check(f"Story {instance.pk} {sender._meta.model_name}")

    original_update, original_bulk = QuerySet.update, QuerySet.bulk_update

    def update(self, **kwargs):
        # A deletion elsewhere (SET_NULL) that finds nothing left to change is no write.
        cascade = any(f.endswith("django/db/models/deletion.py") for f in _stack_files(1))
        if issubclass(self.model, guarded) and not (cascade and not self.exists()):
            check(f"{self.model.__name__} rows ({', '.join(kwargs)})")
        return original_update(self, **kwargs)

    def bulk_update(self, objs, fields, **kwargs):
        if issubclass(self.model, guarded):
            check(f"{self.model.__name__} rows ({', '.join(fields)})")
        return original_bulk(self, objs, fields, **kwargs)

    monkeypatch.setattr(QuerySet, "update", update)
    monkeypatch.setattr(QuerySet, "bulk_update", bulk_update)
    uid = "story-write-guard"
    for model in guarded:
        signals.pre_save.connect(on_save, sender=model, dispatch_uid=f"{uid}-{model.__name__}")
    for through in (Story.authors.through, Story.tags.through):
        signals.m2m_changed.connect(on_m2m, sender=through, dispatch_uid=f"{uid}-{through}")
    yield violations
    for model in guarded:
        signals.pre_save.disconnect(sender=model, dispatch_uid=f"{uid}-{model.__name__}")
    for through in (Story.authors.through, Story.tags.through):
        signals.m2m_changed.disconnect(sender=through, dispatch_uid=f"{uid}-{through}")
    assert not violations, "Story writes outside the desk services:\n" + "\n".join(violations)
