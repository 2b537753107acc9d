"""Shared fixtures: people in each role and stories brought to any status through services."""

import os

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from pewarta.accounts.models import Contributor
from pewarta.accounts.roles import EDITOR, SENIOR_EDITOR, grant_role
from pewarta.common import ratelimit
from pewarta.desk import services
from pewarta.desk.models import Status
from pewarta.desk.workflow import SYSTEM_ACTOR

# Tests against a running cluster: `make test-cluster` (pewarta/common/pytest_cluster.py).
collect_ignore_glob = [] if os.environ.get("PEWARTA_CLUSTER_TESTS") else ["common/tests/cluster/*"]


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


@pytest.fixture
def editor(db):
    return make_user("editor", EDITOR, first_name="Eka", last_name="Editor")


@pytest.fixture
def senior_editor(db):
    return make_user("senior", SENIOR_EDITOR, first_name="Sri", last_name="Senior")


@pytest.fixture
def writer(db):
    user = make_user("penulis")
    Contributor.objects.create(user=user, pen_name="Penulis Uji", email=user.email)
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
def make_story(editor, senior_editor, writer):
    """make_story(status=...) -> a story by `writer`, moved to `status` through the services."""

    def factory(
        status=Status.RECEIVED, headline="Warga Tanam Seribu Pohon", risk_checked=True, **kwargs
    ):
        initial = (
            Status.AWAITING_CONFIRMATION
            if status == Status.AWAITING_CONFIRMATION
            else Status.RECEIVED
        )
        story = services.story_create(
            headline=headline,
            body_html=kwargs.pop("body_html", "<p>Isi naskah uji.</p>"),
            authors=[writer.contributor],
            actor=SYSTEM_ACTOR,
            status=initial,
            **kwargs,
        )
        if risk_checked and initial == Status.RECEIVED:  # a Berita publishes only once answered
            services.story_answer_risk_checklist(
                story=story, actor=editor, victim=False, minor=False, sara=False, defamation=False
            )
        story = _to_status(story, status, editor=editor, writer=writer)
        assert story.status == status
        return story

    return factory


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
    import os

    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is not installed (.ci/run installs Debian's chromium)")
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
