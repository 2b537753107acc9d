import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.cache import cache

from pewarta.accounts.services import contributor_register
from pewarta.desk.models import Status


@pytest.fixture(autouse=True)
def page_cache_dir(settings, tmp_path):
    settings.PEWARTA_PAGE_CACHE_DIR = str(tmp_path / "pagecache")
    cache.clear()
    return tmp_path / "pagecache"


@pytest.fixture
def story(make_story):
    return make_story(status=Status.PUBLISHED, headline="Warga Bersihkan Sungai Cikapundung")


def make_reader(name, verified=True):
    user = get_user_model().objects.create_user(
        username=name, email=f"{name}@example.id", password="sandi-pembaca-panjang-9"
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=verified, primary=True)
    contributor = contributor_register(user=user, pen_name=name.title(), birth_year=1990)
    if verified:
        contributor.email_verified = True
        contributor.save(update_fields=["email_verified"])
    return user


@pytest.fixture
def reader(db):
    return make_reader("rani")


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)
