import pytest

from pewarta.accounts.roles import FINANCE
from pewarta.conftest import make_user
from pewarta.desk.models import Status


@pytest.fixture
def finance(db):
    return make_user("keuangan", FINANCE, first_name="Fina")


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def published(make_story, on_commit):
    """published(headline=...) -> a story published through the services, effects run."""

    def factory(**kwargs):
        with on_commit():
            return make_story(status=Status.PUBLISHED, **kwargs)

    return factory
