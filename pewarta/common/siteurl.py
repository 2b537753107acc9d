"""Absolute links name our public address (PEWARTA_SITE_URL), never what a request claims.

The Host and X-Forwarded-Proto headers are the client's to write. A feed, a sitemap or a
password-reset mail built from them hands a forged address to readers and search engines.
"""

import copy

from django.conf import settings


def site_scheme_and_host() -> tuple[str, str]:
    scheme, _, host = settings.PEWARTA_SITE_URL.partition("://")
    return scheme, host.split("/", 1)[0]


def site_request(request):
    """A copy of `request` whose host and scheme are those of PEWARTA_SITE_URL.

    For code that builds links from a request (django.contrib.syndication and sitemaps).
    """
    scheme, host = site_scheme_and_host()
    shown = copy.copy(request)
    shown.META = {
        k: v
        for k, v in request.META.items()
        if k not in ("HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST", "HTTP_X_FORWARDED_PORT")
    }
    shown.META["HTTP_HOST"] = host
    shown.__dict__.pop("_current_scheme_host", None)
    shown.get_host = lambda: host
    shown._get_scheme = lambda: scheme
    return shown
