"""Bank details at rest: Fernet (AES-128-CBC + HMAC) with keys from PEWARTA_HONORARIUM_KEYS.

The first key encrypts; every key is tried to decrypt, so keys can be rotated. Without the
setting a key is derived from SECRET_KEY (one machine, development)."""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


def _fernet() -> MultiFernet:
    keys = list(settings.PEWARTA_HONORARIUM_KEYS)
    if not keys:
        digest = hashlib.sha256(b"pewarta-honorarium:" + settings.SECRET_KEY.encode()).digest()
        keys = [base64.urlsafe_b64encode(digest).decode()]
    return MultiFernet([Fernet(key.encode()) for key in keys])


def encrypt(text: str) -> str:
    return _fernet().encrypt(text.encode()).decode() if text else ""


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        return ""


def mask(number: str) -> str:
    """Only the last four digits are shown to anyone but finance."""
    return "•••• " + number[-4:] if number else ""
