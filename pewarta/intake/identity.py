"""Is the From address really the sender? DKIM/DMARC alignment, checked by us or by a trusted
upstream MTA whose Authentication-Results we accept (and only that host's).
"""

import ipaddress
import logging
import re

import authheaders
from authheaders.dmarc_lookup import dns_query, receiver_record
from authres import AuthenticationResultsHeader
from django.conf import settings
from django.utils.translation import gettext as _

from pewarta.accounts.services import contributor_by_verified_address

logger = logging.getLogger(__name__)

# Tests (and operators with a private resolver) replace this; None = the system resolver.
dnsfunc = None


def aligned(from_domain: str, signing_domain: str) -> bool:
    """Relaxed alignment: the signing domain is the From domain or one of its parents."""
    from_domain, signing_domain = from_domain.lower().rstrip("."), signing_domain.lower()
    if not signing_domain or "." not in signing_domain:
        return False
    return from_domain == signing_domain or from_domain.endswith("." + signing_domain)


def _results_pass(header_value: str, from_domain: str) -> bool:
    parsed = AuthenticationResultsHeader.parse(f"Authentication-Results: {header_value}")
    for result in parsed.results:
        method, outcome = result.method.lower(), (result.result or "").lower()
        if outcome != "pass":
            continue
        props = {f"{p.type}.{p.name}".lower(): str(p.value) for p in result.properties}
        if method == "dmarc" and props.get("header.from", "").lower() == from_domain:
            return True
        if method == "dkim" and aligned(from_domain, props.get("header.d", "")):
            return True
    return False


def _authserv_id(value: str) -> str:
    match = re.match(r"\s*([^;\s]+)", value or "")
    return match.group(1).lower() if match else ""


def upstream_verdict(msg, from_domain: str, trusted_id: str) -> bool | None:
    """The verdict of the configured MTA, or None when it gave none (RFC 8601 section 5).

    Only the topmost Authentication-Results counts: the MTA adds its own on top and strips
    copies of it that arrived from outside, so a header further down (or one naming another
    host) is whatever the sender wrote.
    """
    headers = msg.get_all("Authentication-Results") or []
    if not headers or _authserv_id(str(headers[0])) != trusted_id.lower():
        return None
    try:
        return _results_pass(str(headers[0]), from_domain)
    except Exception:  # noqa: BLE001 - an unparsable header proves nothing
        return False


def peer_trusted(channel: str, peer: str) -> bool:
    """Mail handed to our own SMTP/LMTP receiver carries the MTA's verdict only when that MTA
    handed it over: a peer listed in PEWARTA_INTAKE_TRUSTED_PEERS (addresses or networks).
    Mailbox (IMAP) and file intake read what the mailbox's MTA wrote."""
    if channel not in ("smtp", "lmtp"):
        return True
    try:
        address = ipaddress.ip_address((peer or "").strip().strip("[]"))
    except ValueError:
        return False
    for entry in settings.PEWARTA_INTAKE_TRUSTED_PEERS:
        try:
            if address in ipaddress.ip_network(entry.strip(), strict=False):
                return True
        except ValueError:
            logger.warning("ignored malformed PEWARTA_INTAKE_TRUSTED_PEERS entry %r", entry)
    return False


def own_verdict(raw: bytes, from_domain: str) -> bool:
    """Verify DKIM (and DMARC) ourselves; unsigned mail is never verified."""
    if b"dkim-signature:" not in raw[:65536].lower():
        return False
    try:
        result = authheaders.authenticate_message(
            raw, "pewarta", spf=False, dkim=True, dmarc=True, dnsfunc=dnsfunc
        )
        value = result.split(":", 1)[1] if result.lower().startswith("authentication") else result
        return _results_pass(value, from_domain)
    except Exception:  # noqa: BLE001 - DNS trouble or a broken signature: not verified
        logger.info("DKIM/DMARC verification failed for %s", from_domain, exc_info=True)
        return False


def sender_verified(raw: bytes, msg, from_address: str, *, channel="", peer="") -> bool:
    """True only when the From domain is proven by an aligned DKIM signature or DMARC pass."""
    from_domain = from_address.rsplit("@", 1)[-1].lower()
    trusted = settings.PEWARTA_INTAKE_TRUSTED_AUTHSERV_ID
    if trusted and peer_trusted(channel, peer):
        verdict = upstream_verdict(msg, from_domain, trusted)
        if verdict is not None:
            return verdict
    return own_verdict(raw, from_domain)


def _dmarc_policy(domain: str) -> str:
    """The DMARC policy the domain (or its organizational domain, `sp`) publishes, or ""."""
    try:
        record, org_domain = receiver_record(domain, dnsfunc=dnsfunc or dns_query)
    except Exception:  # noqa: BLE001 - DNS trouble or a malformed record: no known policy
        logger.info("DMARC lookup failed for %s", domain, exc_info=True)
        return ""
    if not record:
        return ""
    return (record.get("sp") if org_domain else None) or record.get("p", "")


def dmarc_rejects(message, msg) -> bool:
    """Unproven mail that fails SPF or DMARC where the domain asks receivers to reject it:
    the configured MTA saw an SPF hard fail (`-all`), or the From domain publishes DMARC
    p=reject (unproven mail fails its DMARC as far as we can tell). Never answered."""
    domain = (message.sender or "").rsplit("@", 1)[-1].lower()
    if not domain:
        return False
    trusted = settings.PEWARTA_INTAKE_TRUSTED_AUTHSERV_ID
    headers = msg.get_all("Authentication-Results") or []
    top = str(headers[0]) if headers else ""
    if (
        trusted
        and top
        and peer_trusted(message.channel, message.peer)
        and _authserv_id(top) == trusted.lower()
        and _spf_failed(top)
    ):
        return True
    return _dmarc_policy(domain) == "reject"


def _spf_failed(header_value: str) -> bool:
    try:
        parsed = AuthenticationResultsHeader.parse(f"Authentication-Results: {header_value}")
    except Exception:  # noqa: BLE001 - unparsable: no verdict
        return False
    return any(
        r.method.lower() == "spf" and (r.result or "").lower() == "fail" for r in parsed.results
    )


def message_sender_verified(message, raw: bytes, msg) -> bool:
    """`sender_verified` for a stored InboundMessage (its channel and peer decide whose
    Authentication-Results count)."""
    return bool(message.sender) and sender_verified(
        raw, msg, message.sender, channel=message.channel, peer=message.peer
    )


def reply_refusal(message, story, raw: bytes, msg) -> str:
    """Why a reply into `story`'s thread may not join the conversation ("" when it may).

    The same proof as a new piece (aligned DKIM/DMARC of the From address), and the address
    must be the story's: an author's proven address or the one its piece came from.
    """
    owner = contributor_by_verified_address(message.sender)
    own = (owner is not None and story.authors.filter(pk=owner.pk).exists()) or (
        story.sender_confirmations.filter(address__iexact=message.sender).exists()
    )
    if not own:
        return _(
            "Balasan untuk naskah %(code)s datang dari alamat yang bukan milik penulisnya."
        ) % {"code": story.tracking_code}
    if not message_sender_verified(message, raw, msg):
        return _(
            "Balasan untuk naskah %(code)s: alamat pengirim tidak terbukti (tanpa tanda tangan "
            "DKIM/DMARC yang sesuai)."
        ) % {"code": story.tracking_code}
    return ""
