"""Connecting to an address someone outside gave us (feeds, webhooks), knowing an attacker
may have chosen it: resolve once, check every address, then connect to the checked one, so
a DNS answer cannot change between the check and the request (SSRF, DNS rebinding)."""

import http.client
import ipaddress
import socket
import ssl


class AddressRefused(Exception):
    """The host did not resolve, or resolved to an address that is not public."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason  # "unknown_host" or "internal"


def checked_address(host: str, port: int, *, allow_private: bool = False) -> str:
    """One address of `host` after checking that every address it has may be reached:
    public ones only (no loopback, private, link-local or reserved) unless `allow_private`."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise AddressRefused("unknown_host") from None
    addresses = [info[4][0] for info in infos]
    if not addresses:
        raise AddressRefused("unknown_host")
    for address in addresses:
        if not allow_private and not ipaddress.ip_address(address.split("%")[0]).is_global:
            raise AddressRefused("internal")
    return addresses[0]


class PinnedHTTPConnection(http.client.HTTPConnection):
    """HTTP to `host` (Host header, URL) over a socket to the already checked `address`."""

    def __init__(self, host, port, address, **kwargs):
        super().__init__(host, port, **kwargs)
        self._address = address

    def connect(self):
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to `host` (certificate checked for `host`) over a socket to `address`."""

    def __init__(self, host, port, address, **kwargs):
        super().__init__(host, port, context=ssl.create_default_context(), **kwargs)
        self._address = address

    def connect(self):
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)
