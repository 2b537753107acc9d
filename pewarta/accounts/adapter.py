"""allauth hooks: account mail goes through the retried queue; verified email marks the profile."""

from types import SimpleNamespace

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.db import transaction

from pewarta.accounts.services import contributor_mark_email_verified
from pewarta.common.mail import deliver_mail


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        request = allauth_context.request
        site = get_current_site(request)
        # Mail names the newsroom, not the host name the request came in on.
        site = SimpleNamespace(name=settings.PEWARTA_SITE_NAME, domain=site.domain)
        ctx = {"request": request, "email": email, "current_site": site}
        ctx.update(context)
        message = self.render_mail(template_prefix, email, ctx)
        transaction.on_commit(
            lambda: deliver_mail(
                to=message.to,
                subject=message.subject,
                body=message.body,
                headers=message.extra_headers,
            ),
            robust=True,
        )

    def confirm_email(self, request, email_address) -> bool:
        confirmed = super().confirm_email(request, email_address)
        if confirmed:
            contributor_mark_email_verified(user=email_address.user, email=email_address.email)
        return confirmed


def user_display(user) -> str:
    """How allauth names a person ("Berhasil masuk sebagai …"): their name, never the username."""
    contributor = getattr(user, "contributor", None) if user.pk else None
    name = (contributor.pen_name if contributor else "") or user.get_full_name()
    return name or (user.email or "").split("@", 1)[0] or user.get_username()
