import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name",
    [
        "contributors:dashboard",
        "intake:submit",
        "contributors:profile",
        "contributors:identity",
        "contributors:organization",
        "contributors:data",
        "contributors:consent",
        "contributors:guardian_request",
        "contributors:delete",
    ],
)
def test_contributor_pages_render(member_client, name):
    response = member_client.get(reverse(name))
    assert response.status_code == 200, response.content[:500]


def test_auth_pages_render_in_site_layout(client):
    for name in ["account_login", "account_signup", "account_reset_password"]:
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert b'class="site-header"' in response.content


def test_account_management_pages_render_in_site_layout(member_client):
    for name in ["mfa_index", "account_email", "account_change_password"]:
        response = member_client.get(reverse(name))
        assert response.status_code == 200, name
        assert b'class="site-header"' in response.content
