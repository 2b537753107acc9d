"""WSGI entry point: Django behind the anonymous page cache.

`MediaFiles` serves stored photos from var/media when the media storage is local files.
`FrontCache` answers an anonymous GET/HEAD (no session, language or messages cookie) from the
page cache without entering Django: no middleware, URL resolving, template or database.
Everything else, and every miss, goes to Django, which stores what it renders for anonymous
readers (pewarta.public.caching.cached_page).
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pewarta.settings")
django_application = get_wsgi_application()


def _wrap(app):
    from django.conf import settings
    from django.core.files.storage import FileSystemStorage, default_storage

    from pewarta.common.mediafiles import MediaFiles
    from pewarta.public.pagecache import FrontCache

    if settings.PEWARTA_PAGE_CACHE:
        app = FrontCache(app)
    if isinstance(default_storage, FileSystemStorage) and settings.MEDIA_URL.startswith("/"):
        app = MediaFiles(app, settings.MEDIA_ROOT, settings.MEDIA_URL)
    return app


application = _wrap(django_application)
