"""WSGI entry point: Django behind the anonymous page cache.

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

    if not settings.PEWARTA_PAGE_CACHE:
        return app
    from pewarta.public.pagecache import FrontCache

    return FrontCache(app)


application = _wrap(django_application)
