from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """demo: `pewarta demo` loads original demo content through every room's services. The top
    floor: it may import any room, and no room imports it.
    """

    name = "pewarta.demo"
    label = "demo"
    verbose_name = _("Demo")
