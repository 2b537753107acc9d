"""The one staff gate: who may open a staff page (desk, quarantine, complaints, identity
checks, personal-data requests, standing pages). Role + second factor in production, never
cached. Every staff view is wrapped in `staff_required(role)`; nothing else decides this.
"""

from functools import wraps
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from pewarta.accounts.roles import EDITOR, has_role


def mfa_required() -> bool:
    """TOTP is required for staff pages in production."""
    return bool(getattr(settings, "PRODUCTION", False))


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
        return staff_forbidden(request, _("Aktifkan autentikasi dua faktor (TOTP) untuk masuk."))
    if not _session_used_mfa(request):
        target = _url_or_none("mfa_reauthenticate")
        if target:
            return redirect(f"{target}?next={quote(request.get_full_path())}")
        return staff_forbidden(request, _("Masuk kembali dengan kode autentikasi dua faktor."))
    return None


def staff_forbidden(request, reason):
    response = render(request, "accounts/staff_forbidden.html", {"reason": reason}, status=403)
    add_never_cache_headers(response)
    return response


def staff_gate(request, role: str = EDITOR):
    """None when `request.user` may open a page for `role`; else the refusal to answer."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
    if not has_role(request.user, role):
        return staff_forbidden(request, _("Halaman ini hanya untuk redaksi."))
    return mfa_response(request)


def staff_required(role: str = EDITOR):
    """Decorator for staff views: the gate above, then the view; the answer is never cached."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            response = staff_gate(request, role) or view(request, *args, **kwargs)
            add_never_cache_headers(response)
            response.setdefault("Pragma", "no-cache")
            return response

        return wrapper

    return decorator
