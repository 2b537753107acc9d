import pytest

from pewarta.api.models import ApiKey
from pewarta.audit.models import Event

pytestmark = pytest.mark.django_db


def test_desk_makes_a_key_shown_once_and_revokes_it(client, senior_editor, press_officer, ministry):
    client.force_login(senior_editor)
    response = client.post(
        "/desk/api/",
        {
            "name": "Sistem Rilis Kementerian",
            "organization": ministry.pk,
            "contributor_email": press_officer.email,
            "scopes": ["submit", "read-own"],
        },
    )
    assert response.status_code == 200
    key = ApiKey.objects.get()
    raw = response.context["created"]["raw"]
    assert raw.startswith(f"pw_{key.prefix}_") and raw.encode() in response.content
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    listing = client.get("/desk/api/")
    assert raw.encode() not in listing.content and key.prefix.encode() in listing.content
    assert client.get("/api/v1/pieces", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 200
    client.post(f"/desk/api/kunci/{key.pk}/cabut")
    assert client.get("/api/v1/pieces", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401
    assert [e.action for e in Event.objects.filter(action__startswith="api.key")] == [
        "api.key_created",
        "api.key_revoked",
    ]


def test_keys_page_is_for_senior_staff_only(client, editor, member, press_officer, ministry):
    assert client.get("/desk/api/").status_code == 302
    client.force_login(member)
    assert client.get("/desk/api/").status_code == 403
    client.force_login(editor)
    assert client.get("/desk/api/").status_code == 403
    response = client.post("/desk/api/", {"name": "x", "contributor_email": press_officer.email,
                                          "organization": ministry.pk, "scopes": ["submit"]})  # fmt: skip
    assert response.status_code == 403 and ApiKey.objects.count() == 0
    assert client.get("/desk/api/webhook/").status_code == 200


def test_key_for_someone_outside_the_organization_is_refused(
    client, senior_editor, member, ministry
):
    client.force_login(senior_editor)
    response = client.post("/desk/api/", {"name": "x", "contributor_email": "ayu@example.id",
                                          "organization": ministry.pk, "scopes": ["submit"]})  # fmt: skip
    assert response.status_code == 400 and ApiKey.objects.count() == 0


def test_contributor_keys_only_when_the_desk_allows(client, senior_editor, member, settings):
    client.force_login(senior_editor)
    data = {"name": "Kunci Ayu", "contributor_email": "ayu@example.id", "scopes": ["submit"]}
    assert client.post("/desk/api/", data).status_code == 400
    settings.PEWARTA_API_CONTRIBUTOR_KEYS = True
    assert client.post("/desk/api/", data).status_code == 200
    assert ApiKey.objects.get().organization is None
