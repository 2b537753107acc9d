"""Personal data (UU PDP) self-service: see, export, withdraw consent, ask, delete."""

import hashlib
import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pewarta.accounts import data_requests
from pewarta.accounts import services as accounts
from pewarta.accounts.gates import contributor_required
from pewarta.common.errors import PewartaError
from pewarta.common.ratelimit import client_ip
from pewarta.contributors import data_links, forms, privacy
from pewarta.contributors.views.common import fail, limited


@contributor_required
def my_data(request):
    contributor = request.contributor
    latest = {
        purpose: accounts.consent_latest(contributor, purpose)
        for purpose in ("terms", "privacy", "guardian")
    }
    return render(
        request,
        "contributors/data.html",
        {
            "contributor": contributor,
            "consents": contributor.consents.select_related("policy").order_by("-created_at"),
            "latest": latest,
            "requests": contributor.data_requests.order_by("-created_at"),
            "request_form": forms.DataRequestForm(),
        },
    )


@contributor_required
def data_export(request):
    if limited(request, "export", 10, 3600):
        return redirect("contributors:data")
    contributor = request.contributor
    payload = privacy.data_export(contributor=contributor)
    data_requests.data_request_log(
        contributor=contributor, kind="export", completed_by=request.user
    )
    response = HttpResponse(
        json.dumps(payload, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="data-pribadi-pewarta.json"'
    return response


@require_POST
def consent_withdraw(request):
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("contributors:data"), reverse("account_login"))
    contributor = accounts.contributor_for_user(request.user)
    form = forms.WithdrawConsentForm(request.POST)
    if form.is_valid():
        try:
            purpose = form.cleaned_data["purpose"]
            accounts.consent_withdraw(
                contributor=contributor, purpose=purpose, ip=client_ip(request)
            )
            data_requests.data_request_log(
                contributor=contributor, kind="withdraw", detail=purpose, completed_by=request.user
            )
            messages.success(
                request,
                _(
                    "Persetujuan ditarik. Anda tidak dapat mengirim naskah sampai menyetujuinya "
                    "lagi; data Anda tetap dapat diekspor atau dihapus."
                ),
            )
        except PewartaError as error:
            fail(request, error)
    return redirect("contributors:data_plain")


def data_plain(request):
    """The personal-data page without the consent gate (after withdrawing consent)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("account_login"))
    request.contributor = accounts.contributor_for_user(request.user)
    return my_data.__wrapped__(request)


@require_POST
@contributor_required
def data_request_other(request):
    form = forms.DataRequestForm(request.POST)
    if form.is_valid() and not limited(request, "pdp", 5, 3600):
        data_requests.data_request_log(
            contributor=request.contributor, kind="other", detail=form.cleaned_data["detail"]
        )
        messages.success(
            request, _("Permintaan tercatat. Redaksi menjawab paling lambat 3×24 jam.")
        )
    return redirect("contributors:data")


def account_delete(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("account_login"))
    contributor = accounts.contributor_for_user(request.user)
    form = forms.DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not request.user.check_password(form.cleaned_data["password"]):
            messages.error(request, _("Kata sandi salah."))
        else:
            try:
                privacy.contributor_erase(contributor=contributor, actor=request.user)
                logout(request)
                return render(
                    request,
                    "contributors/message.html",
                    {"text": _("Akun dan data pribadi Anda sudah dihapus. Terima kasih.")},
                )
            except PewartaError as error:
                fail(request, error)
    return render(request, "contributors/delete.html", {"form": form})


def data_link_request(request):
    """Writers who only use email: ask for a one-time link to their verified address."""
    form = forms.DataLinkRequestForm(request.POST or None)
    sent = False
    if request.method == "POST" and form.is_valid():
        address = form.cleaned_data["email"]
        tag = hashlib.sha256(address.lower().encode()).hexdigest()[:16]  # no address in counters
        if not limited(request, "pdp", 5, 3600) and not limited(request, f"pdp:{tag}", 3, 3600):
            data_links.data_link_request(address=address)
            sent = True
    return render(request, "contributors/data_link_request.html", {"form": form, "sent": sent})


def data_link(request, token):
    """GET shows what the link can do (link scanners GET); a button press spends it."""
    try:
        link = data_links.data_link_open(token)
    except PewartaError as error:
        return render(request, "contributors/data_link.html", {"error": error.message}, status=400)
    form = forms.DataLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        action = form.cleaned_data["action"]
        try:
            result = data_links.data_link_use(token=token, action=action)
        except PewartaError as error:
            fail(request, error)
        else:
            if action == data_links.EXPORT:
                response = HttpResponse(
                    json.dumps(result, ensure_ascii=False, indent=2),
                    content_type="application/json",
                )
                response["Content-Disposition"] = 'attachment; filename="data-pribadi-pewarta.json"'
                return response
            if request.user.is_authenticated:
                logout(request)
            text = _("Akun dan data pribadi Anda sudah dihapus. Terima kasih.")
            return render(request, "contributors/message.html", {"text": text})
    return render(
        request,
        "contributors/data_link.html",
        {"link": link, "contributor": link.contributor, "form": form},
    )
