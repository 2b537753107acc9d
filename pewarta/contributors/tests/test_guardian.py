import re

import pytest
from django.core import mail
from django.utils import timezone

from pewarta.accounts.models import Consent
from pewarta.accounts.services import contributor_register, guardian_request
from pewarta.common.errors import ValidationFailed
from pewarta.desk import services as desk
from pewarta.desk.models import Status
from pewarta.desk.workflow import SYSTEM_ACTOR

pytestmark = pytest.mark.django_db


@pytest.fixture
def minor(django_user_model):
    user = django_user_model.objects.create_user(
        username="dimas", email="dimas@example.id", password="x-sandi-panjang-9"
    )
    year = timezone.localdate().year - 15
    return contributor_register(user=user, pen_name="Dimas", birth_year=year)


def _story(contributor):
    return desk.story_create(
        headline="Lomba Sains Pelajar",
        body_html="<p>Isi naskah tentang lomba sains.</p>",
        authors=[contributor],
        actor=SYSTEM_ACTOR,
    )


def test_minor_piece_cannot_be_reviewed_without_guardian_consent(minor, editor):
    story = _story(minor)
    with pytest.raises(ValidationFailed, match="orang tua/wali"):
        desk.story_review(story=story, actor=editor)
    story.refresh_from_db()
    assert story.status == Status.RECEIVED


def test_guardian_link_records_consent_and_unblocks_review(
    minor, editor, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        guardian_request(
            contributor=minor, guardian_name="Ibu Sari", guardian_email="sari@example.id"
        )
    assert mail.outbox[0].to == ["sari@example.id"]
    path = re.search(r"/akun/wali/\S+", mail.outbox[0].body).group(0)
    assert client.get(path).status_code == 200
    client.post(path)
    consent = minor.consents.get(purpose=Consent.Purpose.GUARDIAN)
    assert consent.guardian_name == "Ibu Sari" and consent.guardian_email == "sari@example.id"
    story = desk.story_review(story=_story(minor), actor=editor)
    assert story.status == Status.IN_REVIEW


def test_tampered_guardian_link_is_refused(minor, client):
    response = client.post("/akun/wali/bukan-token-sah")
    assert response.status_code == 400
    assert not minor.consents.filter(purpose="guardian").exists()


def test_adult_is_not_held(member, editor):
    story = desk.story_review(story=_story(member.contributor), actor=editor)
    assert story.status == Status.IN_REVIEW


def test_age_judged_by_youngest_possible_age(minor):
    minor.birth_year = timezone.localdate().year - 18
    assert minor.is_minor  # may still be 17 this year
    minor.birth_year = timezone.localdate().year - 19
    assert not minor.is_minor
