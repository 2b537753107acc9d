from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrityConfig(AppConfig):
    """integrity: the one media pipeline, text similarity over the whole archive and other
    outlets' feeds, risk rules and hints. Imports common, audit and accounts only; never desk,
    intake or anything above (stories are "desk.Story" string keys; the desk hands it text).
    """

    name = "pewarta.integrity"
    label = "integrity"
    verbose_name = _("Integrity")

    def ready(self):
        from pewarta.integrity import personal_data  # noqa: F401 - registers the photo index
