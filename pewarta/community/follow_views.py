"""Readers' follow pages: follow a writer, tag or section; confirm by mail; manage; and the
one-click unsubscribe endpoint (RFC 8058: a POST without cookies or CSRF token)."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from pewarta.accounts.gates import private
from pewarta.accounts.models import Contributor
from pewarta.common.errors import PewartaError
from pewarta.common.ratelimit import client_ip
from pewarta.community.models import Follow, Subscriber
from pewarta.community.services import follows
from pewarta.desk.models import Section, Tag


def _target_name(kind, target) -> str:
    return target.pen_name if kind == Follow.Kind.WRITER else target.name


def follow_view(request, kind_word, slug):
    kind, target = follows.follow_target(kind_word, slug)
    if target is None:
        raise Http404
    context = {
        "kind": kind,
        "kind_label": Follow.Kind(kind).label,
        "name": _target_name(kind, target),
        "frequencies": Subscriber.Frequency.choices,
    }
    if request.method == "POST":
        try:
            follows.follow_add(
                kind=kind,
                target_id=target.pk,
                frequency=request.POST.get("frequency", ""),
                user=request.user,
                email=request.POST.get("email", ""),
                ip=client_ip(request),
                honeypot=request.POST.get("website", ""),
            )
        except PewartaError as err:
            context["error"] = err.message
            return private(render(request, "community/follow.html", context, status=400))
        if request.user.is_authenticated:
            messages.success(request, _("Anda mengikuti %(name)s.") % {"name": context["name"]})
            return redirect("community:subscription")
        return private(render(request, "community/follow_check_mail.html", context))
    return private(render(request, "community/follow.html", context))


def follow_confirm_view(request, token):
    """A page with one button: link scanners fetch links, only people press buttons."""
    if request.method == "POST":
        try:
            follows.follow_confirm(token=token)
        except PewartaError as err:
            return private(
                render(request, "community/message.html", {"text": err.message}, status=400)
            )
        text = _("Langganan Anda aktif. Kabar pertama datang sesuai frekuensi yang Anda pilih.")
        return private(render(request, "community/message.html", {"text": text}))
    return private(render(request, "community/follow_confirm.html", {"token": token}))


@csrf_exempt
def unsubscribe_view(request, token):
    if request.method == "POST":
        follows.subscriber_unsubscribe(token=token)
        if request.POST.get("List-Unsubscribe") == "One-Click":
            return HttpResponse(_("Berhenti berlangganan."), content_type="text/plain")
        text = _("Anda tidak akan menerima kabar lagi dari kami.")
        return private(render(request, "community/message.html", {"text": text}))
    known = Subscriber.objects.filter(token=token).exists()
    return private(render(request, "community/unsubscribe.html", {"known": known}))


def subscription_view(request):
    """A signed-in reader's follows and digest frequency."""
    if not request.user.is_authenticated:
        return redirect(f"{reverse('account_login')}?next={request.path}")
    subscriber = Subscriber.objects.filter(contributor__user=request.user).first()
    if request.method == "POST" and subscriber is not None:
        try:
            if "remove" in request.POST:
                follows.follow_remove(subscriber=subscriber, follow_id=int(request.POST["remove"]))
            elif "stop" in request.POST:
                follows.subscriber_unsubscribe(token=subscriber.token)
            else:
                follows.subscriber_set_frequency(
                    subscriber=subscriber, frequency=request.POST.get("frequency", "")
                )
        except (PewartaError, ValueError) as err:
            messages.error(request, getattr(err, "message", _("Permintaan tidak dapat diproses.")))
        else:
            messages.success(request, _("Langganan diperbarui."))
        return redirect("community:subscription")
    rows = []
    if subscriber is not None:
        for follow in subscriber.follows.filter(active=True).order_by("kind", "created_at"):
            rows.append((follow, _follow_name(follow)))
    context = {"subscriber": subscriber, "rows": rows, "frequencies": Subscriber.Frequency.choices}
    return private(render(request, "community/subscription.html", context))


def _follow_name(follow: Follow) -> str:
    model = {"writer": Contributor, "tag": Tag, "section": Section}[follow.kind]
    target = model.objects.filter(pk=follow.target_id).first()
    if target is None:
        return "—"
    return _target_name(follow.kind, target)
