from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrityConfig(AppConfig):
    """integrity: the one media pipeline, similarity over the archive, risk rules. Imports
    common, audit and accounts only; never desk, intake or anything above.
    """

    name = "pewarta.integrity"
    label = "integrity"
    verbose_name = _("Integrity")
