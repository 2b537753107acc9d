"""Development settings never face a network: servers started with them listen on loopback only.

`PEWARTA_ENV=production` is what makes a node public (real secret key, hosts, secure cookies,
HSTS); a development node reachable from outside would serve with none of that.
"""

import ipaddress

from django.conf import settings
from django.core.management.base import CommandError


def is_loopback(host: str) -> bool:
    host = (host or "").strip().strip("[]").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def listen_address_check(host: str) -> None:
    """Refuse a non-loopback address (all interfaces included) unless settings are production."""
    if settings.PRODUCTION or is_loopback(host):
        return
    raise CommandError(
        f"Refusing to listen on {host or 'all interfaces'} with development settings: they have "
        "no real secret key, secure cookies or HSTS. Listen on 127.0.0.1, or set "
        "PEWARTA_ENV=production (see docs/deploy.md)."
    )


def runserver_address(argv: list[str]) -> str | None:
    """The host `manage.py runserver [addrport]` would listen on, or None for other commands."""
    if len(argv) < 2 or argv[1] != "runserver":
        return None
    for arg in argv[2:]:
        if arg.startswith("-"):
            continue
        if arg.startswith("["):  # [v6]:port or [v6]
            return arg[1 : arg.index("]")] if "]" in arg else arg
        if arg.isdigit():
            return "127.0.0.1"
        return arg.rsplit(":", 1)[0] if arg.count(":") == 1 else arg
    return "127.0.0.1"
