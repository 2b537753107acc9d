"""Every API error is JSON: a stable `code` for programs, a message in Indonesian and English.

`{"error": {"code": "not_found", "message": "...", "messages": {"id": "...", "en": "..."}}}`;
`message` follows the request's language (Accept-Language), `messages` carries both.
"""

from django.http import JsonResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from pewarta.common.errors import (
    NotPermitted,
    PewartaError,
    RateLimited,
    StaleRevision,
    StorageUnavailable,
    TransitionNotAllowed,
    ValidationFailed,
)


class ApiError(PewartaError):
    """An answer of the API's own with its code and HTTP status."""

    def __init__(self, code: str, status: int, message=None, **extra):
        super().__init__(message)
        self.code = code
        self.status = status
        self.extra = extra


NAMED = {
    NotPermitted: ("not_permitted", 403),
    TransitionNotAllowed: ("not_allowed_now", 409),
    StaleRevision: ("conflict", 409),
    ValidationFailed: ("invalid", 422),
    RateLimited: ("rate_limited", 429),
    StorageUnavailable: ("storage_unavailable", 503),
}
MESSAGES = {
    "unauthorized": _("Kunci API tidak ada, salah, atau sudah dicabut."),
    "not_found": _("Tidak ditemukan."),
    "bad_request": _("Permintaan tidak dapat dibaca."),
    "too_large": _("Permintaan terlalu besar."),
    "method_not_allowed": _("Metode HTTP ini tidak didukung di alamat ini."),
    "internal": _("Terjadi kesalahan di pihak kami; sudah dicatat. Silakan coba lagi."),
}


def _both(message) -> dict:
    out = {}
    for language in ("id", "en"):
        with translation.override(language):
            out[language] = str(message)
    return out


def error_response(code: str, status: int, message=None, **extra) -> JsonResponse:
    message = message if message is not None else MESSAGES.get(code, MESSAGES["bad_request"])
    body = {"code": code, "message": str(message), "messages": _both(message), **extra}
    response = JsonResponse({"error": body}, status=status)
    response["Cache-Control"] = "no-store"
    return response


def from_pewarta_error(error: PewartaError) -> JsonResponse:
    if isinstance(error, ApiError):
        return error_response(error.code, error.status, error.message, **error.extra)
    for kind, (code, status) in NAMED.items():
        if isinstance(error, kind):
            response = error_response(code, status, error.message)
            if isinstance(error, RateLimited) and error.context.get("retry_after"):
                response["Retry-After"] = str(error.context["retry_after"])
            return response
    return error_response("invalid", 422, error.message)
