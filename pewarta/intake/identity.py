"""Is the From address really the sender? DKIM/DMARC alignment, checked by us or by a trusted
upstream MTA whose Authentication-Results we accept (and only that host's).
"""

import logging
import re

import authheaders
from authres import AuthenticationResultsHeader
from django.conf import settings

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
    """The topmost Authentication-Results from the trusted host, or None if it added none."""
    for value in msg.get_all("Authentication-Results") or []:
        if _authserv_id(str(value)) == trusted_id.lower():
            try:
                return _results_pass(str(value), from_domain)
            except Exception:  # noqa: BLE001 - an unparsable header proves nothing
                return False
    return None


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


def sender_verified(raw: bytes, msg, from_address: str) -> bool:
    """True only when the From domain is proven by an aligned DKIM signature or DMARC pass."""
    from_domain = from_address.rsplit("@", 1)[-1].lower()
    trusted = settings.PEWARTA_INTAKE_TRUSTED_AUTHSERV_ID
    if trusted:
        verdict = upstream_verdict(msg, from_domain, trusted)
        if verdict is not None:
            return verdict
    return own_verdict(raw, from_domain)
