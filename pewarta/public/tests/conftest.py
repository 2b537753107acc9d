import pytest
from django.core.cache import cache

from pewarta.desk import services
from pewarta.desk.models import Status


@pytest.fixture(autouse=True)
def page_cache_dir(settings, tmp_path):
    """Each test gets its own page-cache directory."""
    settings.PEWARTA_PAGE_CACHE_DIR = str(tmp_path / "pagecache")
    settings.MEDIA_ROOT = str(tmp_path / "media")
    cache.clear()
    return tmp_path / "pagecache"


@pytest.fixture
def publish(make_story, editor):
    """publish(headline=..., **story_create kwargs) -> a published story."""

    def factory(headline="Warga Tanam Seribu Pohon", **kwargs):
        story = make_story(status=Status.APPROVED, headline=headline, **kwargs)
        return services.story_publish(story=story, actor=editor)

    return factory


@pytest.fixture
def reader_site_data(db):
    """Sections and standing pages, which a transactional test's flush may have removed."""
    from django.apps import apps

    from pewarta.desk.models import Section
    from pewarta.public.defaults import PAGES
    from pewarta.public.models import Page

    names = {"berita": "Berita", "opini": "Opini", "esai": "Esai", "kolom": "Kolom"}
    names["siaran-pers"] = "Siaran Pers"
    names["advertorial"] = "Advertorial"
    for position, (slug, name) in enumerate(names.items()):
        Section.objects.get_or_create(slug=slug, defaults={"name": name, "position": position})
    for slug, (title, body) in PAGES.items():
        Page.objects.get_or_create(slug=slug, defaults={"title": title, "body_html": body})
    assert apps.is_installed("pewarta.public")
