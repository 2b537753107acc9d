from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """The audit log. Imports `common` only; every other room writes here through `event_record`."""

    name = "pewarta.audit"
    label = "audit"
    verbose_name = _("Audit")
