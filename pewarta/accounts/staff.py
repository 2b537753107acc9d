"""The one staff gate: who may open a staff page (desk, quarantine, complaints, identity
checks, personal-data requests, standing pages, the Django admin). Role + second factor in
production, never cached. Every staff view is wrapped in `staff_required(role)`, the admin
site in `admin_site_secure`; nothing else decides this.
"""

from functools import wraps
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
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


def _admin_refusal(request):
    refusal = staff_gate(request)
    if refusal is None and not request.user.is_staff:
        refusal = staff_forbidden(request, _("Halaman ini hanya untuk redaksi."))
    return refusal


def admin_site_secure(site) -> None:
    """The Django admin behind the same gate: its login is the site's (allauth, with MFA), and
    every admin view needs a staff role and, in production, the second factor, as well as
    Django's own `is_staff`. The admin's password form is never shown."""
    admin_view = site.admin_view

    def gated_admin_view(view, cacheable=False):
        inner = admin_view(view, cacheable)

        @wraps(inner)
        def gated(request, *args, **kwargs):
            if request.user.is_authenticated:
                refusal = _admin_refusal(request)
                if refusal is not None:
                    add_never_cache_headers(refusal)
                    return refusal
            return inner(request, *args, **kwargs)

        return gated

    def has_permission(request):
        user = request.user
        return bool(user.is_active and user.is_staff) and staff_gate(request) is None

    def login(request, extra_context=None):
        target = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = reverse("admin:index")
        if not request.user.is_authenticated:
            return redirect_to_login(target, settings.LOGIN_URL)
        # Never `redirect(target)`: a bare word would be taken for a URL name (500 on ?next=xx).
        return _admin_refusal(request) or HttpResponseRedirect(target)

    site.admin_view = gated_admin_view
    site.has_permission = has_permission
    site.login = login
