from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    """desk: Story, Revision, Message, the workflow table and the only services that write a
    Story; the editors' pages. Imports common, audit, accounts and integrity; never search,
    intake, contributors, complaints, public or anything above them.
    """

    name = "pewarta.desk"
    label = "desk"
    verbose_name = _("Desk")

    def ready(self):
        from pewarta.desk import tasks  # noqa: F401 - registers the scheduling effect handler
