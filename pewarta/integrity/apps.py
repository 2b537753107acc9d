from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrityConfig(AppConfig):
    """integrity: one media pipeline, text similarity over the whole archive and other outlets'
    feeds, and the legal-risk rules and hints. Imports common, audit and accounts; never the
    desk or anything above it (stories are "desk.Story" string keys; the desk hands it text).
    """

    name = "pewarta.integrity"
    label = "integrity"
    verbose_name = _("Integrity")
