"""The desk's "Menunggu konfirmasi pengirim" tab: pieces whose sender has not proved the address.

They are not editorial work yet, and a spam flood can leave thousands, so this page is paged in
SQL (never loaded whole) and lets an editor discard many at once (each through
`services.inbound_message_discard`, the one way a held mail is dropped).
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from pewarta.accounts.roles import EDITOR
from pewarta.accounts.staff import staff_required
from pewarta.common.errors import PewartaError
from pewarta.desk import queue
from pewarta.desk.models import Status
from pewarta.intake import services
from pewarta.intake.models import InboundMessage, SenderConfirmation

PAGE_SIZE = 50
BULK_LIMIT = 500  # one request discards at most this many (a flood takes a few presses)


def waiting(query: str = ""):
    """Unconfirmed pieces, newest first, optionally matching address, name, headline or code."""
    rows = SenderConfirmation.objects.filter(
        confirmed_at__isnull=True, story__status=Status.AWAITING_CONFIRMATION
    )
    query = query.strip()[:200]
    if query:
        rows = rows.filter(
            Q(address__icontains=query)
            | Q(name__icontains=query)
            | Q(story__tracking_code__iexact=query)
            | Q(story__draft_revision__headline__icontains=query)
        )
    return rows.select_related("story__draft_revision").order_by("-created_at", "-pk")


def unconfirmed_discard(*, inbound_ids, actor, note: str = "") -> tuple[int, list[str]]:
    """Discard these held mails and reject their waiting pieces. Returns (done, errors)."""
    done, errors = 0, []
    held = InboundMessage.objects.filter(
        pk__in=list(inbound_ids)[:BULK_LIMIT],
        outcome=InboundMessage.Outcome.AWAITING_CONFIRMATION,
    ).defer("raw")
    for message in held:
        try:
            services.inbound_message_discard(message=message, actor=actor, note=note)
        except PewartaError as error:
            errors.append(str(error.message))
        else:
            done += 1
    return done, errors


@staff_required(EDITOR)
@require_GET
def unconfirmed_list(request):
    query = request.GET.get("q", "")
    rows = waiting(query)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "intake/unconfirmed.html",
        {
            "page": page,
            "rows": page.object_list,
            "q": query,
            "queue_tab": "unconfirmed",
            "unconfirmed": queue.unconfirmed_count(),
            "unconfirmed_cap": queue.UNCONFIRMED_COUNT_CAP,
            "bulk_limit": BULK_LIMIT,
        },
    )


@staff_required(EDITOR)
@require_POST
def unconfirmed_bulk_discard(request):
    query = request.POST.get("q", "")
    if request.POST.get("scope") == "matching" and query.strip():
        ids = waiting(query).exclude(inbound=None).values_list("inbound_id", flat=True)
        ids = list(ids[:BULK_LIMIT])
    else:
        ids = [int(v) for v in request.POST.getlist("pesan") if v.isdigit()]
    if not ids:
        messages.error(request, _("Pilih dulu naskah yang akan dibuang."))
    else:
        note = request.POST.get("catatan", "").strip()[:500]
        done, errors = unconfirmed_discard(inbound_ids=ids, actor=request.user, note=note)
        if done:
            messages.success(
                request,
                ngettext("%(n)d naskah dibuang.", "%(n)d naskah dibuang.", done) % {"n": done},
            )
        for error in sorted(set(errors)):
            messages.error(request, error)
    target = reverse("intake:unconfirmed")
    return redirect(f"{target}?{urlencode({'q': query})}" if query else target)
