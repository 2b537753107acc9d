"""Named errors raised by services. Views translate them into messages for people."""

from django.utils.translation import gettext_lazy as _


class PewartaError(Exception):
    """Base of every error a service raises on purpose; `message` is safe to show a user."""

    default_message = _("Permintaan tidak dapat diproses.")

    def __init__(self, message=None, **context):
        self.message = message or self.default_message
        self.context = context
        super().__init__(str(self.message))


class NotPermitted(PewartaError):
    """The actor may not do this. (Django's PermissionDenied is the HTTP 403 of a view.)"""

    default_message = _("Anda tidak berwenang melakukan tindakan ini.")


class TransitionNotAllowed(PewartaError):
    default_message = _("Tindakan ini tidak dapat dilakukan pada status naskah saat ini.")


class StaleRevision(PewartaError):
    default_message = _(
        "Orang lain sudah menyimpan naskah ini setelah Anda membukanya. Perubahan Anda belum "
        "disimpan; tinjau versi mereka lalu terapkan suntingan Anda lagi."
    )


class ValidationFailed(PewartaError):
    default_message = _("Data tidak valid.")


class RateLimited(PewartaError):
    default_message = _("Terlalu banyak permintaan. Silakan coba lagi beberapa saat lagi.")


class StorageUnavailable(PewartaError):
    """The file store (object storage) did not answer: nothing was saved, the user retries."""

    default_message = _(
        "Penyimpanan berkas sedang tidak dapat dihubungi, jadi belum ada yang tersimpan. "
        "Silakan coba lagi beberapa saat lagi."
    )
