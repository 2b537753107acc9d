import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.test import Client

from pewarta.accounts.models import Organization
from pewarta.accounts.services import contributor_register
from pewarta.api import keys


@pytest.fixture
def ministry(db):
    return Organization.objects.create(name="Humas Kementerian Uji", slug="humas-uji")


@pytest.fixture
def press_officer(ministry):
    """A member of the ministry's press office with a proven address and current consents."""
    user = get_user_model().objects.create_user(
        username="humas", email="humas@kementerian.example.id", password="sandi-panjang-uji-9"
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    contributor = contributor_register(user=user, pen_name="Humas Kementerian", birth_year=1980)
    contributor.organization = ministry
    contributor.save(update_fields=["organization"])
    return contributor


@pytest.fixture
def make_key(senior_editor, press_officer, ministry):
    def factory(scopes=("submit", "read-own"), name="Sistem Humas", **kwargs):
        kwargs.setdefault("contributor", press_officer)
        kwargs.setdefault("organization", ministry)
        return keys.key_create(actor=senior_editor, name=name, scopes=list(scopes), **kwargs)

    return factory


@pytest.fixture
def api_key(make_key):
    return make_key()


@pytest.fixture
def api(api_key):
    """A client that sends the key with every request."""
    _key, raw = api_key
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
