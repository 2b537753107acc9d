"""The writer's profile, consent, guardian, identity check and organization pages."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pewarta.accounts import services as accounts
from pewarta.accounts.gates import contributor_required
from pewarta.accounts.models import Contributor
from pewarta.common.errors import PewartaError
from pewarta.common.ratelimit import client_ip
from pewarta.contributors import forms
from pewarta.contributors import services as writer
from pewarta.contributors.views.common import fail, limited


def consent(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("account_login"))
    contributor = accounts.contributor_for_user(request.user)
    missing = accounts.consents_missing(contributor)
    form = forms.ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        accounts.consents_accept_current(contributor=contributor, ip=client_ip(request))
        messages.success(request, _("Terima kasih. Persetujuan Anda tercatat."))
        target = request.GET.get("next", "")
        return redirect(target if target.startswith("/akun/") else "contributors:dashboard")
    return render(request, "contributors/consent.html", {"missing": missing, "form": form})


@contributor_required
def profile(request):
    contributor = request.contributor
    form = forms.ProfileForm(request.POST or None, request.FILES or None, instance=contributor)
    if request.method == "POST" and form.is_valid() and not limited(request, "profile", 30, 3600):
        changes = {name: form.cleaned_data[name] for name in accounts.PROFILE_FIELDS}
        contributor.refresh_from_db()
        try:
            writer.contributor_update_profile(
                contributor=contributor,
                actor=request.user,
                changes=changes,
                photo=form.cleaned_data.get("photo_upload"),
                remove_photo=form.cleaned_data.get("remove_photo", False),
            )
            messages.success(request, _("Profil tersimpan."))
            return redirect("contributors:profile")
        except PewartaError as error:
            fail(request, error)
            contributor.refresh_from_db()
    return render(request, "contributors/profile.html", {"form": form, "contributor": contributor})


@contributor_required
def guardian_request(request):
    contributor = request.contributor
    form = forms.GuardianForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and not limited(request, "guardian", 5, 3600):
        try:
            accounts.guardian_request(contributor=contributor, **form.cleaned_data)
            messages.success(request, _("Email permintaan persetujuan terkirim ke wali Anda."))
            return redirect("contributors:dashboard")
        except PewartaError as error:
            fail(request, error)
    return render(
        request,
        "contributors/guardian_request.html",
        {"form": form, "given": accounts.guardian_consent_given(contributor)},
    )


def guardian_consent(request, token):
    try:
        data = accounts.guardian_token_read(token)
    except PewartaError as error:
        return render(request, "contributors/message.html", {"text": error.message}, status=400)
    if request.method == "POST":
        accounts.guardian_consent_give(token=token, ip=client_ip(request))
        return render(
            request,
            "contributors/message.html",
            {"text": _("Terima kasih. Persetujuan Anda sebagai orang tua/wali tercatat.")},
        )
    return render(request, "contributors/guardian_consent.html", {"data": data})


# --- identity verification ----------------------------------------------------------------------


@contributor_required
def identity(request):
    contributor = request.contributor
    form = forms.IdentityForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid() and not limited(request, "identity", 5, 3600):
        try:
            writer.identity_submit(contributor=contributor, upload=form.cleaned_data["image"])
            messages.success(request, _("Terima kasih. Redaksi akan memeriksa identitas Anda."))
            return redirect("contributors:identity")
        except PewartaError as error:
            fail(request, error)
    return render(
        request,
        "contributors/identity.html",
        {
            "form": form,
            "contributor": contributor,
            "checks": contributor.identity_checks.order_by("-created_at"),
        },
    )


@contributor_required
def organization(request):
    contributor = request.contributor
    form = forms.InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and not limited(request, "invite", 20, 3600):
        try:
            accounts.organization_invite(inviter=contributor, email=form.cleaned_data["email"])
            messages.success(request, _("Undangan terkirim."))
            return redirect("contributors:organization")
        except PewartaError as error:
            fail(request, error)
    org = contributor.organization
    return render(
        request,
        "contributors/organization.html",
        {
            "contributor": contributor,
            "org": org,
            "members": org.members.filter(erased_at__isnull=True) if org else [],
            "invites": org.invites.filter(accepted_at__isnull=True) if org else [],
            "form": form,
        },
    )


@require_POST
@contributor_required
def organization_remove(request, pk):
    admin = request.contributor
    member = get_object_or_404(
        Contributor, pk=pk, organization__isnull=False, organization_id=admin.organization_id
    )
    try:
        accounts.organization_member_remove(admin=admin, member=member)
        messages.success(request, _("%(name)s tidak lagi anggota organisasi.") % {"name": member})
    except PewartaError as error:
        fail(request, error)
    return redirect("contributors:organization")


@contributor_required
def organization_join(request, token):
    if request.method == "POST":
        try:
            org = accounts.organization_invite_accept(token=token, user=request.user)
            messages.success(request, _("Anda kini anggota %(org)s.") % {"org": org.name})
            return redirect("contributors:organization")
        except PewartaError as error:
            fail(request, error)
    return render(request, "contributors/organization_join.html", {"token": token})
