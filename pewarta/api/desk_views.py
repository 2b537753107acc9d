"""The desk's API pages: keys (made, shown once, revoked) and the webhook delivery log."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from pewarta.accounts.models import Contributor, Organization
from pewarta.accounts.roles import SENIOR_EDITOR
from pewarta.accounts.staff import staff_required
from pewarta.api import keys
from pewarta.api.models import ApiKey, Scope, WebhookDelivery
from pewarta.common.errors import PewartaError


class KeyForm(forms.Form):
    name = forms.CharField(label=_l("Nama kunci"), max_length=120)
    organization = forms.ModelChoiceField(
        label=_l("Organisasi"),
        queryset=Organization.objects.all(),
        required=False,
        help_text=_l("Kosongkan untuk kunci milik satu penulis (bila redaksi mengizinkan)."),
    )
    contributor_email = forms.EmailField(
        label=_l("Email akun penulis"),
        help_text=_l("Naskah dari kunci ini tercatat atas nama akun ini."),
    )
    scopes = forms.MultipleChoiceField(
        label=_l("Cakupan"), choices=Scope.choices, widget=forms.CheckboxSelectMultiple
    )


def _keys_page(request, form, created=None, status=200):
    context = {
        "form": form,
        "created": created,
        "keys": ApiKey.objects.select_related("organization", "contributor", "created_by"),
    }
    return render(request, "api/desk_keys.html", context, status=status)


@staff_required(SENIOR_EDITOR)
def keys_view(request):
    if request.method != "POST":
        return _keys_page(request, KeyForm())
    form = KeyForm(request.POST)
    if not form.is_valid():
        return _keys_page(request, form, status=400)
    data = form.cleaned_data
    contributor = (
        Contributor.objects.filter(email__iexact=data["contributor_email"], user__isnull=False)
        .order_by("pk")
        .first()
    )
    if contributor is None:
        form.add_error("contributor_email", _("Tidak ada akun penulis dengan email itu."))
        return _keys_page(request, form, status=400)
    try:
        key, raw = keys.key_create(
            actor=request.user,
            name=data["name"],
            contributor=contributor,
            organization=data["organization"],
            scopes=data["scopes"],
        )
    except PewartaError as error:
        form.add_error(None, str(error.message))
        return _keys_page(request, form, status=400)
    # The key's text is in this one answer and nowhere else (staff pages are never cached).
    return _keys_page(request, KeyForm(), created={"key": key, "raw": raw})


@staff_required(SENIOR_EDITOR)
@require_POST
def key_revoke_view(request, pk):
    key = get_object_or_404(ApiKey, pk=pk)
    try:
        keys.key_revoke(key=key, actor=request.user)
        messages.success(request, _("Kunci “%(name)s” dicabut.") % {"name": key.name})
    except PewartaError as error:
        messages.error(request, str(error.message))
    return redirect("api-desk-keys")


@staff_required()
def deliveries_view(request):
    deliveries = WebhookDelivery.objects.select_related("webhook", "webhook__organization", "story")
    state = request.GET.get("state", "")
    if state in WebhookDelivery.State.values:
        deliveries = deliveries.filter(state=state)
    context = {"deliveries": deliveries[:200], "state": state, "states": WebhookDelivery.State}
    return render(request, "api/desk_deliveries.html", context)
