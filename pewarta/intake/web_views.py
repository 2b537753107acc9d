"""The web submission pages under /akun/kirim: write, preview and send a piece."""

import secrets

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from pewarta.accounts.gates import contributor_required
from pewarta.common.errors import PewartaError
from pewarta.common.ratelimit import client_ip, ratelimit_hit
from pewarta.desk.models import Kind, Story
from pewarta.intake import web, web_forms
from pewarta.intake.markup import html_to_markup
from pewarta.intake.models import Draft
from pewarta.integrity.media import docx_to_html, read_upload


def _fail(request, error: PewartaError):
    messages.error(request, str(error.message))


def _limited(request, key: str, limit: int, window: int) -> bool:
    try:
        ratelimit_hit(f"{key}:{request.user.pk or client_ip(request)}", limit=limit, window=window)
    except PewartaError as error:
        _fail(request, error)
        return True
    return False


@contributor_required
def submit(request, draft_id=None):
    contributor = request.contributor
    draft = None
    if draft_id is not None:
        draft = get_object_or_404(Draft, pk=draft_id, contributor=contributor)
        if draft.story_id:
            return redirect("contributors:story", pk=draft.story_id)
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
            request, web_forms.SubmissionForm(initial=initial), web_forms.PhotoForm(), draft
        )

    form = web_forms.SubmissionForm(request.POST, request.FILES)
    photo_form = web_forms.PhotoForm(request.POST, request.FILES)
    action, _sep, photo_index = request.POST.get("action", "save").partition(":")
    if not form.is_valid():
        return _submit_page(request, form, web_forms.PhotoForm(), draft)
    if _limited(request, "draft", 120, 3600):
        return _submit_page(request, form, web_forms.PhotoForm(), draft)
    data = form.cleaned_data
    try:
        body_html = None
        if data["docx"]:
            body_html = docx_to_html(read_upload(data["docx"]))
        draft = web.draft_save(
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
            return redirect("intake:submitted", pk=draft.story_id)
        if request.FILES.get("photo"):
            web.photo_add(
                draft=draft,
                upload=request.FILES["photo"],
                credit=request.POST.get("credit", ""),
                caption=request.POST.get("caption", ""),
                rights=bool(request.POST.get("rights")),
            )
            messages.success(request, _("Foto ditambahkan."))
        if action == "remove_photo":
            index = photo_index or request.POST.get("photo_index", "")
            web.photo_remove(draft=draft, index=index)
        if action == "preview":
            kind_label = dict(Kind.choices).get(draft.kind, draft.kind)
            return render(
                request,
                "intake/preview.html",
                {"draft": draft, "me": contributor, "kind_label": kind_label},
            )
        if action == "submit":
            if _limited(request, "submit", 10, 3600):
                return redirect("intake:draft", draft_id=draft.pk)
            story, _created = web.draft_submit(
                contributor=contributor, token=draft.token, actor=request.user
            )
            return redirect("intake:submitted", pk=story.pk)
        if action == "save":
            messages.success(request, _("Draf tersimpan."))
    except PewartaError as error:
        _fail(request, error)
        if draft is None:
            return _submit_page(request, form, photo_form, None)
    return redirect("intake:draft", draft_id=draft.pk)


def _submit_page(request, form, photo_form, draft):
    return render(
        request,
        "intake/submit.html",
        {"form": form, "photo_form": photo_form, "draft": draft},
    )


@contributor_required
def submitted(request, pk):
    story = get_object_or_404(Story.objects.of_user(request.user), pk=pk)
    return render(request, "intake/submitted.html", {"story": story})
