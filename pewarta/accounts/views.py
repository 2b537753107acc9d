"""Contributor pages under /akun/. Views translate input and call services; nothing more."""

import json
import secrets
from functools import wraps

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pewarta.accounts import forms, privacy, services, submissions
from pewarta.accounts.models import Draft, IdentityCheck
from pewarta.accounts.roles import EDITOR
from pewarta.accounts.staff import staff_required
from pewarta.accounts.status import status_word, story_timeline
from pewarta.accounts.uploads import docx_to_html, html_to_markup, read_upload
from pewarta.common.errors import PewartaError
from pewarta.common.ratelimit import client_ip, ratelimit_hit
from pewarta.desk.models import Kind, Message, Status
from pewarta.desk.workflow import allowed_actions


def contributor_view(view):
    """Signed in, with a profile, not blocked, and agreeing to the current policy versions."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), reverse("account_login"))
        contributor = services.contributor_for_user(request.user)
        request.contributor = contributor
        if services.consents_missing(contributor):
            return redirect(f"{reverse('accounts:consent')}?next={request.path}")
        return _private(view(request, *args, **kwargs))

    return wrapper


def _private(response):
    """Personal pages: never stored by a browser, proxy or the site's page cache."""
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    return response


def _fail(request, error: PewartaError):
    messages.error(request, str(error.message))


def _limited(request, key: str, limit: int, window: int) -> bool:
    try:
        ratelimit_hit(f"{key}:{request.user.pk or client_ip(request)}", limit=limit, window=window)
    except PewartaError as error:
        _fail(request, error)
        return True
    return False


def _my_story(request, pk):
    return get_object_or_404(submissions.stories_of(request.user), pk=pk)


# --- dashboard and stories ----------------------------------------------------------------------


@contributor_view
def dashboard(request):
    contributor = request.contributor
    stories = submissions.stories_of(request.user).select_related(
        "draft_revision", "live_revision", "section"
    )
    rows = [{"story": s, "word": status_word(s.status)} for s in stories]
    drafts = contributor.drafts.filter(story__isnull=True)
    return render(
        request,
        "accounts/dashboard.html",
        {
            "contributor": contributor,
            "rows": rows,
            "drafts": drafts,
            "needs_guardian": contributor.is_minor
            and not services.guardian_consent_given(contributor),
        },
    )


@contributor_view
def story_detail(request, pk):
    story = _my_story(request, pk)
    return render(
        request,
        "accounts/story.html",
        {
            "story": story,
            "word": status_word(story.status),
            "timeline": story_timeline(story),
            "conversation": story.messages.all(),
            "reply_form": forms.ReplyForm(),
            "can_withdraw": "withdraw" in allowed_actions(story, request.user),
            "can_revise": story.status == Status.CHANGES_REQUESTED,
            "is_live": story.status == Status.PUBLISHED and story.live_revision_id,
        },
    )


@require_POST
@contributor_view
def story_reply(request, pk):
    story = _my_story(request, pk)
    form = forms.ReplyForm(request.POST)
    if form.is_valid() and not _limited(request, "reply", 30, 3600):
        try:
            submissions.story_reply(story=story, user=request.user, text=form.cleaned_data["text"])
            messages.success(request, _("Pesan Anda terkirim ke redaksi."))
        except PewartaError as error:
            _fail(request, error)
    return redirect("accounts:story", pk=story.pk)


@require_POST
@contributor_view
def story_withdraw(request, pk):
    from pewarta.desk.services import story_withdraw as withdraw

    story = _my_story(request, pk)
    try:
        withdraw(story=story, actor=request.user, note=request.POST.get("note", "")[:500])
        messages.success(request, _("Naskah Anda sudah ditarik."))
    except PewartaError as error:
        _fail(request, error)
    return redirect("accounts:story", pk=story.pk)


@contributor_view
def story_revise(request, pk):
    story = _my_story(request, pk)
    if story.status != Status.CHANGES_REQUESTED:
        messages.info(request, _("Naskah ini tidak sedang menunggu revisi dari Anda."))
        return redirect("accounts:story", pk=story.pk)
    revision = story.draft_revision
    form = forms.ResubmitForm(
        request.POST or None,
        initial={
            "version": story.version,
            "headline": revision.headline,
            "lead": revision.lead,
            "body": html_to_markup(revision.body_html),
        },
    )
    if request.method == "POST" and form.is_valid() and not _limited(request, "revise", 20, 3600):
        data = form.cleaned_data
        try:
            submissions.story_revise_and_resubmit(
                story=story,
                user=request.user,
                expected_version=data["version"],
                headline=data["headline"],
                lead=data["lead"],
                body_source=data["body"],
                note=data["note"],
            )
            messages.success(request, _("Revisi Anda terkirim. Redaksi akan meninjaunya lagi."))
            return redirect("accounts:story", pk=story.pk)
        except PewartaError as error:
            _fail(request, error)
    request_message = story.messages.filter(direction=Message.Direction.OUT).last()
    return render(
        request,
        "accounts/revise.html",
        {"story": story, "form": form, "request_message": request_message},
    )


# --- web submission -----------------------------------------------------------------------------


@contributor_view
def submit(request, draft_id=None):
    contributor = request.contributor
    draft = None
    if draft_id is not None:
        draft = get_object_or_404(Draft, pk=draft_id, contributor=contributor)
        if draft.story_id:
            return redirect("accounts:story", pk=draft.story_id)
    if request.method != "POST":
        initial = {"token": secrets.token_urlsafe(24)}
        if draft:
            initial = {
                "token": draft.token,
                "kind": draft.kind,
                "headline": draft.headline,
                "dateline": draft.dateline,
                "lead": draft.lead,
                "body": html_to_markup(draft.body_source)
                if draft.body_source.lstrip().startswith("<")
                else draft.body_source,
                "affiliation_disclosure": draft.affiliation_disclosure,
                "originality": draft.originality_confirmed,
            }
        elif contributor.affiliation:
            initial["affiliation_disclosure"] = contributor.affiliation
        return _submit_page(
            request, forms.SubmissionForm(initial=initial), forms.PhotoForm(), draft
        )

    form = forms.SubmissionForm(request.POST, request.FILES)
    photo_form = forms.PhotoForm(request.POST, request.FILES)
    action = request.POST.get("action", "save")
    if not form.is_valid():
        return _submit_page(request, form, forms.PhotoForm(), draft)
    if _limited(request, "draft", 120, 3600):
        return _submit_page(request, form, forms.PhotoForm(), draft)
    data = form.cleaned_data
    try:
        body_html = None
        if data["docx"]:
            body_html = docx_to_html(read_upload(data["docx"]))
        draft = submissions.draft_save(
            contributor=contributor,
            token=data["token"],
            kind=data["kind"],
            headline=data["headline"],
            lead=data["lead"],
            body_source=data["body"] if body_html is None else body_html,
            body_html=body_html,
            dateline=data["dateline"],
            affiliation_disclosure=data["affiliation_disclosure"],
            originality_confirmed=data["originality"],
        )
        if draft.story_id:
            return redirect("accounts:submitted", pk=draft.story_id)
        if request.FILES.get("photo"):
            submissions.photo_add(
                draft=draft,
                upload=request.FILES["photo"],
                credit=request.POST.get("credit", ""),
                caption=request.POST.get("caption", ""),
                rights=bool(request.POST.get("rights")),
            )
            messages.success(request, _("Foto ditambahkan."))
        if action == "remove_photo":
            submissions.photo_remove(draft=draft, index=request.POST.get("photo_index", ""))
        if action == "preview":
            kind_label = dict(Kind.choices).get(draft.kind, draft.kind)
            return render(
                request,
                "accounts/preview.html",
                {"draft": draft, "me": contributor, "kind_label": kind_label},
            )
        if action == "submit":
            if _limited(request, "submit", 10, 3600):
                return redirect("accounts:draft", draft_id=draft.pk)
            story, _created = submissions.draft_submit(
                contributor=contributor, token=draft.token, actor=request.user
            )
            return redirect("accounts:submitted", pk=story.pk)
        if action == "save":
            messages.success(request, _("Draf tersimpan."))
    except PewartaError as error:
        _fail(request, error)
        if draft is None:
            return _submit_page(request, form, photo_form, None)
    return redirect("accounts:draft", draft_id=draft.pk)


def _submit_page(request, form, photo_form, draft):
    return render(
        request,
        "accounts/submit.html",
        {"form": form, "photo_form": photo_form, "draft": draft},
    )


@contributor_view
def submitted(request, pk):
    story = _my_story(request, pk)
    return render(request, "accounts/submitted.html", {"story": story})


# --- consent, profile, guardian -----------------------------------------------------------------


def consent(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("account_login"))
    contributor = services.contributor_for_user(request.user)
    missing = services.consents_missing(contributor)
    form = forms.ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.consents_accept_current(contributor=contributor, ip=client_ip(request))
        messages.success(request, _("Terima kasih. Persetujuan Anda tercatat."))
        target = request.GET.get("next", "")
        return redirect(target if target.startswith("/akun/") else "accounts:dashboard")
    return render(request, "accounts/consent.html", {"missing": missing, "form": form})


@contributor_view
def profile(request):
    contributor = request.contributor
    form = forms.ProfileForm(request.POST or None, request.FILES or None, instance=contributor)
    if request.method == "POST" and form.is_valid() and not _limited(request, "profile", 30, 3600):
        changes = {name: form.cleaned_data[name] for name in services.PROFILE_FIELDS}
        contributor.refresh_from_db()
        try:
            services.contributor_update_profile(
                contributor=contributor,
                actor=request.user,
                changes=changes,
                photo=form.cleaned_data.get("photo_upload"),
                remove_photo=form.cleaned_data.get("remove_photo", False),
            )
            messages.success(request, _("Profil tersimpan."))
            return redirect("accounts:profile")
        except PewartaError as error:
            _fail(request, error)
            contributor.refresh_from_db()
    return render(request, "accounts/profile.html", {"form": form, "contributor": contributor})


@contributor_view
def guardian_request(request):
    contributor = request.contributor
    form = forms.GuardianForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and not _limited(request, "guardian", 5, 3600):
        try:
            services.guardian_request(contributor=contributor, **form.cleaned_data)
            messages.success(request, _("Email permintaan persetujuan terkirim ke wali Anda."))
            return redirect("accounts:dashboard")
        except PewartaError as error:
            _fail(request, error)
    return render(
        request,
        "accounts/guardian_request.html",
        {"form": form, "given": services.guardian_consent_given(contributor)},
    )


def guardian_consent(request, token):
    try:
        data = services.guardian_token_read(token)
    except PewartaError as error:
        return render(request, "accounts/message.html", {"text": error.message}, status=400)
    if request.method == "POST":
        services.guardian_consent_give(token=token, ip=client_ip(request))
        return render(
            request,
            "accounts/message.html",
            {"text": _("Terima kasih. Persetujuan Anda sebagai orang tua/wali tercatat.")},
        )
    return render(request, "accounts/guardian_consent.html", {"data": data})


# --- identity verification ----------------------------------------------------------------------


@contributor_view
def identity(request):
    contributor = request.contributor
    form = forms.IdentityForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid() and not _limited(request, "identity", 5, 3600):
        try:
            services.identity_submit(contributor=contributor, upload=form.cleaned_data["image"])
            messages.success(request, _("Terima kasih. Redaksi akan memeriksa identitas Anda."))
            return redirect("accounts:identity")
        except PewartaError as error:
            _fail(request, error)
    return render(
        request,
        "accounts/identity.html",
        {
            "form": form,
            "contributor": contributor,
            "checks": contributor.identity_checks.order_by("-created_at"),
        },
    )


@staff_required(EDITOR)
def identity_queue(request):
    pending = IdentityCheck.objects.filter(state=IdentityCheck.State.PENDING).select_related(
        "contributor"
    )
    return render(request, "accounts/identity_queue.html", {"pending": pending})


@staff_required(EDITOR)
def identity_decide(request, pk):
    check = get_object_or_404(IdentityCheck, pk=pk)
    form = forms.IdentityDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.identity_decide(
                check=check,
                actor=request.user,
                approve=form.cleaned_data["decision"] == "approve",
                note=form.cleaned_data["note"],
            )
            messages.success(request, _("Keputusan tercatat; gambar identitas dihapus."))
            return redirect("accounts:identity_queue")
        except PewartaError as error:
            _fail(request, error)
    return render(request, "accounts/identity_decide.html", {"check": check, "form": form})


@staff_required(EDITOR)
def identity_image(request, pk):
    check = get_object_or_404(IdentityCheck, pk=pk, state=IdentityCheck.State.PENDING)
    if not check.image:
        raise Http404
    response = FileResponse(check.image.open("rb"))
    response["Cache-Control"] = "no-store, private"
    return response


# --- organizations ------------------------------------------------------------------------------


@contributor_view
def organization(request):
    contributor = request.contributor
    form = forms.InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and not _limited(request, "invite", 20, 3600):
        try:
            services.organization_invite(inviter=contributor, email=form.cleaned_data["email"])
            messages.success(request, _("Undangan terkirim."))
            return redirect("accounts:organization")
        except PewartaError as error:
            _fail(request, error)
    org = contributor.organization
    return render(
        request,
        "accounts/organization.html",
        {
            "contributor": contributor,
            "org": org,
            "members": org.members.filter(erased_at__isnull=True) if org else [],
            "invites": org.invites.filter(accepted_at__isnull=True) if org else [],
            "form": form,
        },
    )


@require_POST
@contributor_view
def organization_remove(request, pk):
    from pewarta.accounts.models import Contributor

    admin = request.contributor
    member = get_object_or_404(
        Contributor, pk=pk, organization__isnull=False, organization_id=admin.organization_id
    )
    try:
        services.organization_member_remove(admin=admin, member=member)
        messages.success(request, _("%(name)s tidak lagi anggota organisasi.") % {"name": member})
    except PewartaError as error:
        _fail(request, error)
    return redirect("accounts:organization")


@contributor_view
def organization_join(request, token):
    if request.method == "POST":
        try:
            org = services.organization_invite_accept(token=token, user=request.user)
            messages.success(request, _("Anda kini anggota %(org)s.") % {"org": org.name})
            return redirect("accounts:organization")
        except PewartaError as error:
            _fail(request, error)
    return render(request, "accounts/organization_join.html", {"token": token})


# --- personal data (UU PDP) ---------------------------------------------------------------------


@contributor_view
def my_data(request):
    contributor = request.contributor
    latest = {
        purpose: services.consent_latest(contributor, purpose)
        for purpose in ("terms", "privacy", "guardian")
    }
    return render(
        request,
        "accounts/data.html",
        {
            "contributor": contributor,
            "consents": contributor.consents.select_related("policy").order_by("-created_at"),
            "latest": latest,
            "requests": contributor.data_requests.order_by("-created_at"),
            "request_form": forms.DataRequestForm(),
        },
    )


@contributor_view
def data_export(request):
    if _limited(request, "export", 10, 3600):
        return redirect("accounts:data")
    contributor = request.contributor
    payload = privacy.data_export(contributor=contributor)
    privacy.data_request_log(contributor=contributor, kind="export", completed_by=request.user)
    response = HttpResponse(
        json.dumps(payload, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="data-pribadi-pewarta.json"'
    return response


@require_POST
def consent_withdraw(request):
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("accounts:data"), reverse("account_login"))
    contributor = services.contributor_for_user(request.user)
    form = forms.WithdrawConsentForm(request.POST)
    if form.is_valid():
        try:
            purpose = form.cleaned_data["purpose"]
            services.consent_withdraw(
                contributor=contributor, purpose=purpose, ip=client_ip(request)
            )
            privacy.data_request_log(
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
            _fail(request, error)
    return redirect("accounts:data_plain")


def data_plain(request):
    """The personal-data page without the consent gate (after withdrawing consent)."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("account_login"))
    request.contributor = services.contributor_for_user(request.user)
    return my_data.__wrapped__(request)


@require_POST
@contributor_view
def data_request_other(request):
    form = forms.DataRequestForm(request.POST)
    if form.is_valid() and not _limited(request, "pdp", 5, 3600):
        privacy.data_request_log(
            contributor=request.contributor, kind="other", detail=form.cleaned_data["detail"]
        )
        messages.success(
            request, _("Permintaan tercatat. Redaksi menjawab paling lambat 3×24 jam.")
        )
    return redirect("accounts:data")


def account_delete(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path(), reverse("account_login"))
    contributor = services.contributor_for_user(request.user)
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
                    "accounts/message.html",
                    {"text": _("Akun dan data pribadi Anda sudah dihapus. Terima kasih.")},
                )
            except PewartaError as error:
                _fail(request, error)
    return render(request, "accounts/delete.html", {"form": form})


@staff_required(EDITOR)
def pdp_requests(request):
    from pewarta.accounts.models import DataRequest

    qs = DataRequest.objects.all()
    only_overdue = request.GET.get("terlambat") == "1"
    if only_overdue:
        qs = privacy.data_requests_overdue()
    elif request.GET.get("semua") != "1":
        qs = qs.filter(completed_at__isnull=True)
    return render(
        request,
        "accounts/pdp_requests.html",
        {
            "requests": qs.order_by("due_at")[:500],
            "only_overdue": only_overdue,
            "overdue_count": privacy.data_requests_overdue().count(),
            "form": forms.CompleteRequestForm(),
        },
    )


@require_POST
@staff_required(EDITOR)
def pdp_complete(request, pk):
    from pewarta.accounts.models import DataRequest

    data_request = get_object_or_404(DataRequest, pk=pk)
    form = forms.CompleteRequestForm(request.POST)
    if form.is_valid():
        try:
            privacy.data_request_complete(
                request=data_request, actor=request.user, resolution=form.cleaned_data["resolution"]
            )
            messages.success(request, _("Permintaan ditandai selesai."))
        except PewartaError as error:
            _fail(request, error)
    return redirect("accounts:pdp_requests")


# --- tracking without an account ----------------------------------------------------------------


def track(request, code=None):
    from pewarta.desk.models import Story

    code = (code or request.GET.get("kode", "")).strip().upper()
    if not code:
        return render(request, "accounts/track.html", {"story": None, "code": ""})
    if request.GET.get("kode"):
        return redirect("tracking:track", code=code)
    try:
        ratelimit_hit(f"track:{client_ip(request)}", limit=60, window=600)
    except PewartaError as error:
        return render(request, "accounts/message.html", {"text": error.message}, status=429)
    story = Story.objects.filter(tracking_code=code).first()
    context = {"code": code, "story": story, "not_found": story is None}
    if story is not None:
        context |= {"word": status_word(story.status), "timeline": story_timeline(story)}
        context["is_live"] = story.status == Status.PUBLISHED and story.live_revision_id
    return render(request, "accounts/track.html", context, status=404 if story is None else 200)
