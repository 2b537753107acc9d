"""POSTing to a URL someone outside gave us, knowing an attacker may have chosen it (SSRF).

Only http(s) with a host and no credentials; the host is resolved once and every address must
be public (loopback, private, link-local and reserved ranges are refused unless
PEWARTA_API_WEBHOOK_ALLOW_PRIVATE is on — the test suite's local receiver needs it), and the
connection goes to that checked address, so DNS cannot change between check and request.
Redirects are not followed; the answer is read up to a small limit.
"""

import http.client
import ipaddress
import socket
import ssl
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from pewarta.common.errors import ValidationFailed

READ_LIMIT = 4096


class TargetRefused(ValidationFailed):
    pass


def check_url(url: str) -> str:
    url = (url or "").strip() if isinstance(url, str) else ""
    parts = urlsplit(url)
    if len(url) > 500 or parts.scheme not in ("http", "https") or not parts.hostname:
        raise TargetRefused(_("Alamat webhook harus URL http:// atau https:// (≤ 500 karakter)."))
    if parts.username or parts.password:
        raise TargetRefused(_("Alamat webhook tidak boleh memuat nama pengguna atau sandi."))
    if settings.PRODUCTION and parts.scheme != "https" and not _private_allowed():
        raise TargetRefused(_("Alamat webhook harus https://."))
    try:
        parts.port  # noqa: B018 - raises on a malformed port
    except ValueError:
        raise TargetRefused(_("Nomor port alamat webhook tidak sah.")) from None
    return url


def _private_allowed() -> bool:
    return settings.PEWARTA_API_WEBHOOK_ALLOW_PRIVATE


def checked_address(host: str, port: int) -> str:
    """One address of `host` after checking every address it has is allowed."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError):
        raise TargetRefused(_("Nama host tidak dikenal: %(host)s") % {"host": host}) from None
    addresses = [info[4][0] for info in infos]
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        if not ip.is_global and not _private_allowed():
            raise TargetRefused(_("Alamat webhook menuju jaringan internal; ditolak."))
    if not addresses:
        raise TargetRefused(_("Nama host tidak dikenal: %(host)s") % {"host": host})
    return addresses[0]


class _Pinned(http.client.HTTPConnection):
    def __init__(self, host, port, address, **kwargs):
        super().__init__(host, port, **kwargs)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedTLS(http.client.HTTPSConnection):
    def __init__(self, host, port, address, **kwargs):
        super().__init__(host, port, context=ssl.create_default_context(), **kwargs)
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(url: str, body: bytes, headers: dict, *, timeout: float) -> tuple[int, bytes]:
    """POST `body`; returns (status, first bytes of the answer). Network trouble raises OSError
    (or http.client.HTTPException); a refused target raises TargetRefused."""
    parts = urlsplit(check_url(url))
    tls = parts.scheme == "https"
    port = parts.port or (443 if tls else 80)
    address = checked_address(parts.hostname, port)
    kind = _PinnedTLS if tls else _Pinned
    connection = kind(parts.hostname, port, address, timeout=timeout)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    try:
        connection.request("POST", path, body=body, headers=headers)
        answer = connection.getresponse()
        return answer.status, answer.read(READ_LIMIT)
    finally:
        connection.close()
