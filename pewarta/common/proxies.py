"""The client's address behind our own proxies (Varnish, a load balancer, a CDN).

X-Forwarded-For is written by every hop, so anyone can start it with a forged address. Only the
part added by proxies we run is believable: walking the header from the right, every address
that is one of `PEWARTA_TRUSTED_PROXIES` is a hop of ours; the first one that is not is the
client. A request whose peer is not a trusted proxy keeps its peer address, whatever it says.
"""

import functools
import ipaddress

from django.conf import settings

PEER_KEY = "PEWARTA_PEER_ADDR"


@functools.lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]):
    networks = []
    for entry in proxies:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            continue
    return tuple(networks)


def _address(text: str):
    text = text.strip().strip('"')
    if text.startswith("[") and "]" in text:  # [v6]:port
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # v4:port
        text = text.split(":", 1)[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def is_trusted(address, networks) -> bool:
    return address is not None and any(address in network for network in networks)


def client_address(peer: str, forwarded_for: str, proxies) -> str:
    """The address of the client for a request from `peer` carrying `forwarded_for`."""
    networks = _networks(tuple(proxies))
    if not networks or not is_trusted(_address(peer), networks):
        return peer
    hops = [part for part in forwarded_for.split(",") if part.strip()][-32:]
    client = peer
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            break  # garbage written by someone before our proxies: stop believing here
        client = str(address)
        if not is_trusted(address, networks):
            break
    return client


class TrustedProxyMiddleware:
    """Sets REMOTE_ADDR to the real client before anything reads it (rate limits, axes)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        meta = request.META
        peer = meta.get("REMOTE_ADDR", "")
        meta[PEER_KEY] = peer
        proxies = settings.PEWARTA_TRUSTED_PROXIES
        if proxies and meta.get("HTTP_X_FORWARDED_FOR"):
            meta["REMOTE_ADDR"] = client_address(peer, meta["HTTP_X_FORWARDED_FOR"], proxies)
        return self.get_response(request)
