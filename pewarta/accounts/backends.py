"""Login throttling with django-axes for web logins.

Axes' backend refuses to run without a request; logins without one (the test client's
`login()`, management commands) are not web logins an attacker can repeat, so they pass here.
"""

from axes.backends import AxesStandaloneBackend


class LoginThrottleBackend(AxesStandaloneBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def login_username(request, credentials) -> str | None:
    """allauth logs in by email: that is the name axes counts failures against."""
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("username")
    if not value and request is not None and request.method == "POST":
        value = request.POST.get("login") or request.POST.get("email")
    return (value or "").strip().lower() or None
