"""Sender confirmation page and the desk's quarantine: views only translate and call services."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pewarta.accounts.roles import EDITOR
from pewarta.accounts.staff import staff_required
from pewarta.common.errors import PewartaError
from pewarta.common.ratelimit import client_ip
from pewarta.intake import photo_rights as photo_rights_flow
from pewarta.intake import senders, services
from pewarta.intake.models import InboundMessage

HELD = (InboundMessage.Outcome.QUARANTINED, InboundMessage.Outcome.AWAITING_CONFIRMATION)


def confirm_sender(request, token):
    """GET shows what is being confirmed and one button; POST confirms (link scanners GET)."""
    try:
        confirmation = senders.confirmation_from_token(token)
    except PewartaError as error:
        return render(request, "intake/confirm.html", {"error": error.message}, status=400)
    context = {"confirmation": confirmation, "story": confirmation.story, "token": token}
    context["photos"] = senders.photos_of(confirmation)
    if request.method == "POST":
        try:
            confirmation = senders.sender_confirm(
                token=token, ip=client_ip(request), photo_rights=bool(request.POST.get("rights"))
            )
        except PewartaError as error:
            return render(request, "intake/confirm.html", context | {"form_error": error.message},
                          status=400)  # fmt: skip
        context["confirmation"] = confirmation
    return render(request, "intake/confirm.html", context)


def photo_rights(request, token):
    """GET shows the emailed photos and the statement; POST records it (link scanners GET)."""
    try:
        story, _writer = photo_rights_flow.rights_from_token(token)
    except PewartaError as error:
        return render(request, "intake/photo_rights.html", {"error": error.message}, status=400)
    context = {"story": story, "photos": photo_rights_flow.pending_photos(story)}
    if request.method == "POST":
        try:
            story = photo_rights_flow.photo_rights_state(
                token=token, rights=bool(request.POST.get("rights"))
            )
        except PewartaError as error:
            context["form_error"] = error.message
            return render(request, "intake/photo_rights.html", context, status=400)
        context = {"story": story, "photos": [], "stated": True}
    return render(request, "intake/photo_rights.html", context)


@staff_required(EDITOR)
def quarantine_list(request):
    held = InboundMessage.objects.filter(outcome__in=HELD).select_related("story").defer("raw")
    outcome = request.GET.get("hasil")
    if outcome in HELD:
        held = held.filter(outcome=outcome)
    return render(request, "intake/quarantine_list.html", {"held": held[:200], "outcome": outcome})


@staff_required(EDITOR)
def quarantine_detail(request, pk):
    message = get_object_or_404(InboundMessage, pk=pk)
    raw = bytes(message.raw)
    return render(
        request,
        "intake/quarantine_detail.html",
        {
            "message": message,
            "raw": raw[:200_000].decode("utf-8", "replace"),
            "truncated": len(raw) > 200_000,
            "held": message.outcome in HELD,
        },  # fmt: skip
    )


@staff_required(EDITOR)
def quarantine_raw(request, pk):
    message = get_object_or_404(InboundMessage, pk=pk)
    response = HttpResponse(bytes(message.raw), content_type="message/rfc822")
    response["Content-Disposition"] = f'attachment; filename="pesan-{message.pk}.eml"'
    return response


def _act(request, pk, action, done):
    message = get_object_or_404(InboundMessage, pk=pk)
    try:
        action(message=message, actor=request.user)
    except PewartaError as error:
        messages.error(request, error.message)
        return redirect("intake:quarantine_detail", pk=pk)
    messages.success(request, done)
    return redirect("intake:quarantine")


@require_POST
@staff_required(EDITOR)
def quarantine_release(request, pk):
    return _act(request, pk, services.inbound_message_release, _("Pesan dilepas dari karantina."))


@require_POST
@staff_required(EDITOR)
def quarantine_discard(request, pk):
    def discard(*, message, actor):
        return services.inbound_message_discard(
            message=message, actor=actor, note=request.POST.get("catatan", "")
        )

    return _act(request, pk, discard, _("Pesan dibuang."))
