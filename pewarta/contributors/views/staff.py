"""Staff pages kept with the writers' data: identity checks and personal-data requests."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pewarta.accounts import data_requests
from pewarta.accounts import services as accounts
from pewarta.accounts.models import DataRequest, IdentityCheck
from pewarta.accounts.roles import EDITOR
from pewarta.accounts.staff import staff_required
from pewarta.common.errors import PewartaError
from pewarta.contributors import forms
from pewarta.contributors.views.common import fail


@staff_required(EDITOR)
def identity_queue(request):
    pending = IdentityCheck.objects.filter(state=IdentityCheck.State.PENDING).select_related(
        "contributor"
    )
    return render(request, "contributors/identity_queue.html", {"pending": pending})


@staff_required(EDITOR)
def identity_decide(request, pk):
    check = get_object_or_404(IdentityCheck, pk=pk)
    form = forms.IdentityDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            accounts.identity_decide(
                check=check,
                actor=request.user,
                approve=form.cleaned_data["decision"] == "approve",
                note=form.cleaned_data["note"],
            )
            messages.success(request, _("Keputusan tercatat; gambar identitas dihapus."))
            return redirect("contributors:identity_queue")
        except PewartaError as error:
            fail(request, error)
    return render(request, "contributors/identity_decide.html", {"check": check, "form": form})


@staff_required(EDITOR)
def identity_image(request, pk):
    check = get_object_or_404(IdentityCheck, pk=pk, state=IdentityCheck.State.PENDING)
    if not check.image:
        raise Http404
    response = FileResponse(check.image.open("rb"))
    response["Cache-Control"] = "no-store, private"
    response["Content-Security-Policy"] = "sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@staff_required(EDITOR)
def pdp_requests(request):
    qs = DataRequest.objects.all()
    only_overdue = request.GET.get("terlambat") == "1"
    if only_overdue:
        qs = data_requests.data_requests_overdue()
    elif request.GET.get("semua") != "1":
        qs = qs.filter(completed_at__isnull=True)
    return render(
        request,
        "contributors/pdp_requests.html",
        {
            "requests": qs.order_by("due_at")[:500],
            "only_overdue": only_overdue,
            "overdue_count": data_requests.data_requests_overdue().count(),
            "form": forms.CompleteRequestForm(),
        },
    )


@require_POST
@staff_required(EDITOR)
def pdp_complete(request, pk):
    data_request = get_object_or_404(DataRequest, pk=pk)
    form = forms.CompleteRequestForm(request.POST)
    if form.is_valid():
        try:
            data_requests.data_request_complete(
                request=data_request, actor=request.user, resolution=form.cleaned_data["resolution"]
            )
            messages.success(request, _("Permintaan ditandai selesai."))
        except PewartaError as error:
            fail(request, error)
    return redirect("contributors:pdp_requests")
