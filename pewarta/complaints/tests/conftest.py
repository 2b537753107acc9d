import pytest
from django.core.cache import cache

from pewarta.desk.models import Status


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def live_story(make_story):
    return make_story(status=Status.PUBLISHED, headline="Banjir Rendam Tiga Desa di Hulu Sungai")
