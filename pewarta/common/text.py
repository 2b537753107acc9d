"""Small text helpers shared by apps."""

import secrets

from django.utils.text import slugify

# No 0/O, 1/I/L: tracking codes are read aloud and typed from phones.
_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def random_code(length: int = 8) -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))


def make_slug(text: str, max_length: int = 80) -> str:
    slug = slugify(text or "")[:max_length].strip("-")
    return slug or "naskah"
