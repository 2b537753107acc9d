import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from pewarta.desk import services as desk
from pewarta.desk.workflow import SYSTEM_ACTOR

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(member):
    contributor = member.contributor
    contributor.real_name = "Ayu Lestari Putri"
    contributor.save(update_fields=["real_name"])
    return desk.story_create(
        headline="Judul Rahasia Belum Tayang",
        body_html="<p>Isi rahasia.</p>",
        authors=[contributor],
        actor=SYSTEM_ACTOR,
    )


def test_tracking_shows_status_only(client, story, editor):
    desk.story_review(story=story, actor=editor)
    response = client.get(f"/lacak/{story.tracking_code}")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Dalam Peninjauan" in html and "Naskah Masuk" in html
    for private in ["Judul Rahasia", "Ayu", "ayu@example.id", "Isi rahasia", "editor"]:
        assert private not in html


def test_tracking_form_and_unknown_code(client, story):
    response = client.get("/lacak/?kode=" + story.tracking_code.lower())
    assert response["Location"] == f"/lacak/{story.tracking_code}"
    assert client.get("/lacak/PW-TIDAKADA").status_code == 404


def test_tracking_is_rate_limited(client, story):
    for _ in range(60):
        client.get("/lacak/PW-TEBAK123")
    assert client.get(f"/lacak/{story.tracking_code}").status_code == 429


def test_login_is_throttled_by_axes(client, member, settings):
    settings.ACCOUNT_RATE_LIMITS = False  # allauth's own limit would answer first
    url = reverse("account_login")
    for attempt in range(5):
        response = client.post(url, {"login": "ayu@example.id", "password": "salah-terus"})
        assert response.status_code == (429 if attempt == 4 else 200)
    assert AccessAttempt.objects.get().username == "ayu@example.id"
    locked = client.post(url, {"login": "ayu@example.id", "password": "sandi-rahasia-panjang-1"})
    assert locked.status_code == 429
    assert "Terlalu banyak percobaan" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_correct_login_by_email_works(client, member):
    response = client.post(
        reverse("account_login"), {"login": "ayu@example.id", "password": "sandi-rahasia-panjang-1"}
    )
    assert response.status_code == 302 and response["Location"] == "/akun/"


def test_reply_form_is_rate_limited(member_client, story):
    url = reverse("contributors:story_reply", args=[story.pk])
    for i in range(30):
        member_client.post(url, {"text": f"pesan {i}"})
    member_client.post(url, {"text": "satu lagi"})
    assert story.messages.count() == 30
