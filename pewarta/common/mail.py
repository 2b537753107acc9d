"""Outgoing mail: rendered from templates in the recipient's language, sent by a retried task.

Sending never blocks a request: `mail_send_on_commit` renders now and queues delivery after
the surrounding transaction commits. Templates: `mail/<name>_subject.txt` and `mail/<name>.txt`.
"""

import logging
from email.utils import make_msgid

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from huey.contrib.djhuey import db_task

logger = logging.getLogger(__name__)


def newsroom_domain() -> str:
    return settings.PEWARTA_NEWSROOM_EMAIL.rsplit("@", 1)[-1]


def story_reply_address(story) -> str:
    """The per-story reply address `<local>+<token>@<domain>` that threads replies."""
    local, domain = settings.PEWARTA_NEWSROOM_EMAIL.rsplit("@", 1)
    return f"{local}+{story.reply_token}@{domain}"


def render_mail(template: str, context: dict, language: str = "id") -> tuple[str, str]:
    with translation.override(language or "id"):
        ctx = {"SITE_NAME": settings.PEWARTA_SITE_NAME, "SITE_URL": settings.PEWARTA_SITE_URL}
        ctx.update(context)
        subject = render_to_string(f"mail/{template}_subject.txt", ctx)
        body = render_to_string(f"mail/{template}.txt", ctx)
    return " ".join(subject.split()), body.strip() + "\n"


@db_task(retries=5, retry_delay=60)
def deliver_mail(*, to, subject, body, reply_to=None, headers=None):
    """Send one message; raised errors make Huey retry it (5 times, a minute apart)."""
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=list(to),
        reply_to=[reply_to] if reply_to else None,
        headers=headers or {},
    )
    message.send(fail_silently=False)


def mail_send_on_commit(
    *,
    to: str | list[str],
    template: str,
    context: dict,
    language: str = "id",
    reply_to: str | None = None,
    headers: dict | None = None,
) -> str:
    """Render now, deliver after commit. Returns the Message-ID used (for threading)."""
    recipients = [to] if isinstance(to, str) else list(to)
    subject, body = render_mail(template, context, language)
    all_headers = {"Auto-Submitted": "auto-generated", **(headers or {})}
    all_headers.setdefault("Message-ID", make_msgid(domain=newsroom_domain()))
    transaction.on_commit(
        lambda: deliver_mail(
            to=recipients, subject=subject, body=body, reply_to=reply_to, headers=all_headers
        ),
        robust=True,
    )
    return all_headers["Message-ID"]
