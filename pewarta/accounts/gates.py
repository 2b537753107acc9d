"""The writer's gate for pages under /akun/: signed in, with a profile, agreeing to the current
terms. (Staff pages use the staff gate in `accounts.staff`.)"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control

from pewarta.accounts import services


def contributor_required(view):
    """Signed in, with a profile, not blocked, and agreeing to the current policy versions."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("account_login"))
        contributor = services.contributor_for_user(request.user)
        request.contributor = contributor
        if services.consents_missing(contributor):
            return redirect(f"{reverse('contributors:consent')}?next={request.path}")
        return private(view(request, *args, **kwargs))

    return wrapper


def _private(response):
    """Personal pages: never stored by a browser, proxy or the site's page cache."""
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    return response


def private(response):
    """Personal pages: never stored by a browser, proxy or the site's page cache."""
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    return response
