"""Trusted devices: a guesser elsewhere cannot lock a person out of their own browser.

Failed logins are counted per account from any address as well as per (account, address)
(axes), so five wrong passwords typed anywhere lock the account for an hour: an attacker who
knows an editor's address could keep the editor out on deadline day. A browser that has logged
in to an account before carries a signed cookie naming that account (a digest of the login,
never the address itself); there, only the failures of that account from that address count.
The account-wide count still stops a guesser trying many addresses, and the per-address
count still stops one trying from the owner's network. (OWASP's "device cookies".)

The cookie's path is the login page's, so it never reaches the reader site or its caches.
"""

import hashlib

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.core import signing
from django.dispatch import receiver
from django.http import HttpRequest
from django.urls import reverse

from pewarta.accounts.backends import login_username

COOKIE = "pw_perangkat"
MAX_AGE = 365 * 24 * 3600
_SALT = "pewarta.accounts.devices"
_EVERYWHERE = ["username", ["username", "ip_address"]]
_THIS_DEVICE = [["username", "ip_address"]]


def _digest(login: str) -> str:
    key = settings.SECRET_KEY.encode()[:64]
    return hashlib.blake2b(login.encode(), key=key, digest_size=16).hexdigest()


def trusted_device(request: HttpRequest, login: str | None) -> bool:
    """Whether this browser has logged in to `login` before (within MAX_AGE)."""
    value = request.COOKIES.get(COOKIE, "")
    if not login or not value:
        return False
    try:
        held = signing.TimestampSigner(salt=_SALT).unsign(value, max_age=MAX_AGE)
    except signing.BadSignature:
        return False
    return held == _digest(login)


def lockout_parameters(request_or_attempt, credentials=None) -> list:
    """AXES_LOCKOUT_PARAMETERS: what a failed login is counted against (see the docstring)."""
    if isinstance(request_or_attempt, HttpRequest):
        login = login_username(request_or_attempt, credentials)
        if trusted_device(request_or_attempt, login):
            return _THIS_DEVICE
    return _EVERYWHERE


@receiver(user_logged_in, dispatch_uid="pewarta-trusted-device")
def _remember_device(sender, request, user, **kwargs):
    if request is None or request.method != "POST":
        return  # a login without a typed password (signup confirmation, tests) proves no device
    login = login_username(request, {})
    if login:
        request.pewarta_trusted_login = login


class TrustedDeviceMiddleware:
    """Sets the cookie on the response to a successful login."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        login = getattr(request, "pewarta_trusted_login", None)
        if login:
            response.set_cookie(
                COOKIE,
                signing.TimestampSigner(salt=_SALT).sign(_digest(login)),
                max_age=MAX_AGE,
                path=reverse("account_login"),
                secure=request.is_secure(),
                httponly=True,
                samesite="Lax",
            )
        return response
