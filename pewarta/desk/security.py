"""Who may open the desk: editors only, no caching, and TOTP for staff in production."""

from functools import wraps
from urllib.parse import quote

from django.apps import apps
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from pewarta.accounts.roles import EDITOR, has_role


def mfa_required() -> bool:
    """TOTP is required for the desk in production, once allauth's MFA app is installed."""
    return bool(getattr(settings, "PRODUCTION", False)) and apps.is_installed("allauth.mfa")


def _has_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def _session_used_mfa(request) -> bool:
    from allauth.account.authentication import get_authentication_records

    records = get_authentication_records(request, request.user)
    return any(record.get("method") == "mfa" for record in records)


def _url_or_none(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def mfa_response(request):
    """None when the user may pass; otherwise the response that asks for TOTP."""
    if not mfa_required():
        return None
    if not _has_totp(request.user):
        target = _url_or_none("mfa_activate_totp")
        if target:
            return redirect(f"{target}?next={quote(request.get_full_path())}")
        return _forbidden(request, _("Aktifkan autentikasi dua faktor (TOTP) untuk membuka desk."))
    if not _session_used_mfa(request):
        target = _url_or_none("mfa_reauthenticate")
        if target:
            return redirect(f"{target}?next={quote(request.get_full_path())}")
        return _forbidden(request, _("Masuk kembali dengan kode autentikasi dua faktor."))
    return None


def _forbidden(request, reason):
    response = render(request, "desk/forbidden.html", {"reason": reason}, status=403)
    add_never_cache_headers(response)
    return response


def desk_required(view):
    """Editors only (the login page for anonymous visitors), TOTP in production, no-cache."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            response = redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        elif not has_role(request.user, EDITOR):
            response = _forbidden(request, _("Halaman ini hanya untuk redaksi."))
        else:
            response = mfa_response(request) or view(request, *args, **kwargs)
        add_never_cache_headers(response)
        response.setdefault("Pragma", "no-cache")
        return response

    return wrapper


class DeskRequiredMixin:
    """`desk_required` for class-based views (other apps' pages under /desk/)."""

    @classmethod
    def as_view(cls, **initkwargs):
        return desk_required(super().as_view(**initkwargs))
