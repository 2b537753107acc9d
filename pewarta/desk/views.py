"""Desk pages. Views translate requests into service calls and errors into messages."""

import json

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect

from pewarta.accounts.roles import EDITOR
from pewarta.accounts.staff import staff_required
from pewarta.common.errors import PewartaError, StaleRevision
from pewarta.desk import forms, integrity_views, queue, services, stats, workflow
from pewarta.desk.diff import revisions_diff
from pewarta.desk.finders import find_published, suggest_related
from pewarta.desk.models import (
    RISK_CHECKED_KINDS,
    Kind,
    Note,
    RiskChecklist,
    Section,
    Status,
    Story,
)
from pewarta.desk.rendering import story_body

QUEUE_PAGE_SIZE = 50


# --- queue --------------------------------------------------------------------------------------


@staff_required(EDITOR)
@require_GET
def queue_view(request):
    filters = {
        key: request.GET.get(key, "")
        for key in ("q", "status", "kind", "section", "age", "warning", "mine")
    }
    if filters["status"] == Status.AWAITING_CONFIRMATION:  # their own tab, not the queue
        return redirect(reverse("intake:unconfirmed"))
    page = queue.queue_page(
        user=request.user, filters=filters, number=request.GET.get("page"), per_page=QUEUE_PAGE_SIZE
    )
    editors = forms.editor_choices()
    context = {
        "page": page,
        "items": queue.with_editor_options(page.object_list, editors),
        "queue_url": reverse("desk:queue"),
        "filters": filters,
        "counts": [
            (status, queue.STATUS_LABELS.get(status, Status(status).label), n)
            for status, n in queue.status_counts().items()
        ],
        "kinds": Kind.choices,
        "sections": Section.objects.all(),
        "ages": [(key, label) for key, (_delta, label) in queue.AGE_FILTERS.items()],
        "warnings": [w for w in queue.WARNINGS.items() if w[0] != "awaiting_confirmation"],
        "total": page.paginator.count,
        "unconfirmed": queue.unconfirmed_count(),
        "unconfirmed_cap": queue.UNCONFIRMED_COUNT_CAP,
    }
    template = "desk/_queue_table.html" if request.htmx else "desk/queue.html"
    return render(request, template, context)


def _story(pk) -> Story:
    return get_object_or_404(Story.objects.select_related("draft_revision", "live_revision"), pk=pk)


def _back(request, story, tab=""):
    target = request.POST.get("next", "")
    if target.startswith("/desk/") and "//" not in target:
        return redirect(target)
    url = reverse("desk:review", args=[story.pk])
    return redirect(f"{url}?tab={tab}" if tab else url)


def _run(request, func, success, **kwargs):
    """Call a service; a PewartaError becomes an error message. Returns True on success."""
    try:
        func(**kwargs)
    except PewartaError as error:
        messages.error(request, str(error.message))
        return False
    if success:
        messages.success(request, success)
    return True


@staff_required(EDITOR)
@require_POST
def assign_view(request, pk):
    """Claim (editor=me), assign (editor=<id>) or release (editor empty)."""
    story = _story(pk)
    choice = request.POST.get("editor", "")
    if choice == "me":
        ok = _run(request, services.story_claim, _("Naskah Anda ambil."), story=story,
                  actor=request.user)  # fmt: skip
    else:
        editor = None
        if choice:
            editor = get_user_model().objects.filter(pk=choice if choice.isdigit() else 0).first()
            if editor is None:
                messages.error(request, _("Editor tidak ditemukan."))
                return _back(request, story)
        label = _("Naskah ditugaskan.") if editor else _("Naskah dilepas.")
        ok = _run(request, services.story_assign, label, story=story, actor=request.user,
                  editor=editor)  # fmt: skip
    if request.htmx and not ok:  # show the refusal on a fresh queue page, not inside the row
        return HttpResponseClientRedirect(reverse("desk:queue"))
    if request.htmx:
        item = next(
            iter(queue.build_queue(user=request.user, filters={"pk": pk})),
            None,
        )
        if item is not None:
            return render(
                request,
                "desk/_queue_row.html",
                {
                    "item": queue.with_editor_options([item], forms.editor_choices())[0],
                    "queue_url": reverse("desk:queue"),
                },
            )
    return _back(request, story)


# --- review screen ------------------------------------------------------------------------------

TABS = ["sunting", "diff", "kemiripan", "pesan", "riwayat"]


def _related_stories(ids):
    found = {
        s.pk: s
        for s in Story.objects.published().filter(pk__in=ids).select_related("live_revision")
    }
    return [found[i] for i in ids if i in found]


def _image_rows(revision, data=None):
    rows = []
    for index, image in enumerate(revision.images):
        row = dict(image, index=index)
        if data is not None:
            row["caption"] = data.get(f"image-{index}-caption", image.get("caption", ""))
            row["credit"] = data.get(f"image-{index}-credit", image.get("credit", ""))
            row["featured"] = data.get("image-featured") == str(index)
            row["ai_generated"] = bool(data.get(f"image-{index}-ai"))
            if image.get("candidate"):  # a writer's later photo: used once an editor says so
                row["candidate"] = not data.get(f"image-{index}-accept")
        rows.append(row)
    return rows


def _images_from_post(revision, data):
    rows = _image_rows(revision, data)
    return [
        {k: v for k, v in row.items() if k != "index"}
        for row in rows
        if not data.get(f"image-{row['index']}-remove")
    ]


def _review_context(request, story, *, edit_form=None, stale=None, tab="sunting"):
    draft = story.draft_revision
    revisions = list(story.revisions.order_by("number"))
    related_ids = draft.related if draft else []
    if edit_form is None and draft is not None:
        edit_form = forms.EditForm(
            initial={
                "version": story.version,
                "base_revision": draft.number,
                "headline": draft.headline,
                "lead": draft.lead,
                "dateline": draft.dateline,
                "body_html": draft.body_html,
            }
        )
    # Answers given for another kind are asked again (the kind changed since).
    checklist = RiskChecklist.objects.filter(story=story, kind=story.kind).first()
    warnings, check = queue.warnings_for(story)
    hinted = integrity_views.risk_context(story, checklist)
    actions = workflow.allowed_actions(story, request.user)
    context = {
        "story": story,
        "draft": draft,
        "revisions": revisions,
        "tab": tab if tab in TABS else "sunting",
        "edit_form": edit_form,
        "images": _image_rows(draft, request.POST if stale else None) if draft else [],
        "related": _related_stories(related_ids),
        "preview": story_body(draft, _related_stories(related_ids)) if draft else "",
        "metadata_form": forms.MetadataForm(
            initial={
                "version": story.version,
                "kind": story.kind,
                "section": story.section_id,
                "tags": ", ".join(t.name for t in story.tags.all()),
                "credited_editor": story.credited_editor_id,
                **{
                    name: getattr(story, name)
                    for name in (
                        "is_unverified",
                        "has_ai_image",
                        "flag_victim",
                        "flag_minor",
                        "identity_hidden_confirmed",
                    )
                },
            }
        ),
        "checklist": checklist,
        "warnings": [(code, queue.WARNINGS[code]) for code in warnings],
        **integrity_views.similarity_context(request, story, check),
        **integrity_views.photo_context(story),
        **hinted,
        "risk_form": forms.RiskForm(
            auto_id="risk_%s",
            initial={"version": story.version}
            | (
                {name: "1" if getattr(checklist, name) else "0" for name in services.RISK_QUESTIONS}
                | {"note": checklist.note}
                if checklist
                else hinted["risk_premarked"]
            ),
        ),
        "risk_questions": list(services.RISK_QUESTIONS.items()),
        "needs_checklist": story.kind in RISK_CHECKED_KINDS,
        "actions": actions,
        "action_labels": workflow.ACTION_LABELS,
        "changes_form": forms.RequestChangesForm(auto_id="changes_%s"),
        "change_templates_json": json.dumps(
            {key: str(text) for key, text in forms.CHANGE_TEMPLATES.items()}
        ),
        "reject_form": forms.RejectForm(auto_id="reject_%s"),
        "schedule_form": forms.ScheduleForm(auto_id="schedule_%s"),
        "reason_form": forms.ReasonForm(auto_id="reason_%s"),
        "retraction_reasons": list(services.RETRACTION_REASONS.items()),
        "note_form": forms.NoteForm(auto_id="note_%s"),
        "notes": Note.objects.filter(story=story).select_related("author"),
        "conversation": story.messages.select_related("sender"),
        "events": story.events.select_related("actor").order_by("created_at", "id"),
        "editors": forms.editor_choices(),
        "authors": list(story.authors.all()),
        "stale": stale,
        "rte_labels": {
            "bold": _("Tebal"),
            "italic": _("Miring"),
            "h2": _("Subjudul"),
            "quote": _("Kutipan"),
            "list": pgettext("editor toolbar: bulleted list", "Daftar"),
            "link": _("Tautan"),
            "link_prompt": _("Alamat tautan (URL)"),
            "clear": _("Bersihkan format"),
            "body": _("Isi naskah"),
        },
        "related_query": request.GET.get("q_related", ""),
        "related_results": (
            find_published(request.GET["q_related"], exclude=story.pk)
            if request.GET.get("q_related")
            else []
        ),
        "related_suggestions": (
            [] if request.GET.get("q_related") else suggest_related(story, exclude=related_ids)
        ),
    }
    if context["tab"] == "diff" or stale:
        context["diff"] = _diff_for(request, story, revisions)
    return context


def _diff_for(request, story, revisions):
    by_number = {r.number: r for r in revisions}
    if not by_number:
        return None

    def pick(name, default):
        value = request.GET.get(name, "")
        return by_number.get(int(value)) if value.isdigit() else default

    old = pick("a", by_number.get(1))
    new = pick("b", story.draft_revision)
    if old is None or new is None:
        return None
    return revisions_diff(old, new)


@staff_required(EDITOR)
@require_GET
def review_view(request, pk):
    story = _story(pk)
    tab = request.GET.get("tab", "sunting")
    context = _review_context(request, story, tab=tab)
    if request.htmx and request.GET.get("partial") == "diff":
        return render(request, "desk/_diff.html", context)
    return render(request, "desk/review.html", context)


@staff_required(EDITOR)
def edit_view(request, pk):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    story = _story(pk)
    form = forms.EditForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Periksa kembali isian suntingan."))
        context = _review_context(request, story, edit_form=form)
        return render(request, "desk/review.html", context, status=400)
    data = form.cleaned_data
    base = story.revisions.filter(number=data["base_revision"]).first() or story.draft_revision
    try:
        services.story_edit(
            story=story,
            actor=request.user,
            expected_version=data["version"],
            headline=data["headline"],
            lead=data["lead"],
            dateline=data["dateline"],
            body_html=data["body_html"],
            images=_images_from_post(base, request.POST),
            related=request.POST.getlist("related"),
            note=data["note"],
        )
    except StaleRevision as error:
        story.refresh_from_db()
        stale = {
            "message": error.message,
            "mine": data,
            "diff": revisions_diff(base, story.draft_revision),
        }
        resubmitted = request.POST.copy()
        resubmitted["version"] = story.version
        resubmitted["base_revision"] = story.draft_revision.number
        form = forms.EditForm(resubmitted)
        context = _review_context(request, story, edit_form=form, stale=stale)
        return render(request, "desk/review.html", context, status=409)
    except PewartaError as error:
        messages.error(request, str(error.message))
        context = _review_context(request, story, edit_form=form)
        return render(request, "desk/review.html", context, status=400)
    messages.success(request, _("Suntingan disimpan."))
    return _back(request, story)


@staff_required(EDITOR)
@require_POST
def metadata_view(request, pk):
    story = _story(pk)
    form = forms.MetadataForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Periksa kembali jenis, rubrik, dan editor."))
        return _back(request, story)
    data = form.cleaned_data
    credited = None
    if data["credited_editor"]:
        credited = get_user_model().objects.filter(pk=data["credited_editor"]).first()
    flags = {
        name: data[name]
        for name in (
            "is_unverified",
            "has_ai_image",
            "flag_victim",
            "flag_minor",
            "identity_hidden_confirmed",
        )
    }
    _run(
        request,
        services.story_update_metadata,
        _("Data naskah disimpan."),
        story=story,
        actor=request.user,
        expected_version=data["version"],
        kind=data["kind"],
        section=data["section"],
        tags=services.tags_from_names(names=data["tags"]),
        flags=flags,
        credited_editor=credited,
    )
    return _back(request, story)


@staff_required(EDITOR)
@require_POST
def risk_view(request, pk):
    story = _story(pk)
    form = forms.RiskForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Jawab keempat pertanyaan daftar periksa risiko."))
        return _back(request, story)
    _run(
        request,
        services.story_answer_risk_checklist,
        _("Daftar periksa risiko disimpan."),
        story=story,
        actor=request.user,
        expected_version=form.cleaned_data.pop("version"),
        **form.cleaned_data,
    )
    return _back(request, story)


@staff_required(EDITOR)
@require_POST
def note_view(request, pk):
    story = _story(pk)
    _run(request, services.note_add, _("Catatan internal ditambahkan."), story=story,
         actor=request.user, body=request.POST.get("body", ""))  # fmt: skip
    return _back(request, story, "pesan")


# --- decisions ----------------------------------------------------------------------------------


def _decide(request, story, action):
    """Translate one decision form into its service call: (service, kwargs, success)."""
    post = request.POST
    if action == "request_changes":
        form = forms.RequestChangesForm(post)
        form.is_valid()
        message = form.cleaned_data.get("message", "")
        return services.story_request_changes, {"message": message}, _("Permintaan revisi dikirim.")
    if action == "reject":
        form = forms.RejectForm(post)
        form.is_valid()
        return (
            services.story_reject,
            {"reason": form.cleaned_data.get("reason", ""),
             "message": form.cleaned_data.get("message", "")},
            _("Naskah ditolak; penulis diberi tahu."),
        )  # fmt: skip
    if action == "schedule":
        form = forms.ScheduleForm(post)
        when = form.cleaned_data["when"] if form.is_valid() else None
        return services.story_schedule, {"when": when}, _("Naskah dijadwalkan.")
    if action == "retract":
        return (
            services.story_retract,
            {"reason": post.get("reason", ""), "note": post.get("note", "")},
            _("Naskah dicabut; halamannya kini menampilkan pemberitahuan pencabutan."),
        )
    if action in ("unpublish", "update"):
        note = post.get("note", "")
        func = services.story_unpublish if action == "unpublish" else services.story_publish_update
        done = _("Naskah diturunkan ke draf.") if action == "unpublish" else _("Pembaruan tayang.")
        return func, {"note": note}, done
    simple = {
        "review": (services.story_review, _("Naskah mulai ditinjau.")),
        "approve": (services.story_approve, _("Naskah disetujui.")),
        "reopen": (services.story_reopen, _("Naskah dibuka kembali.")),
        "publish": (services.story_publish, _("Naskah tayang.")),
        "unschedule": (services.story_unschedule, _("Jadwal dibatalkan.")),
        "confirm_sender": (services.story_confirm_sender, _("Pengirim dikonfirmasi.")),
    }
    if action in simple:
        func, done = simple[action]
        return func, {}, done
    raise Http404


@staff_required(EDITOR)
@require_POST
def decide_view(request, pk, action):
    story = _story(pk)
    func, kwargs, done = _decide(request, story, action)
    if (
        action in ("approve", "publish", "request_changes", "reject")
        and request.POST.get("version", "").isdigit()
    ):
        kwargs["expected_version"] = int(request.POST["version"])
    _run(request, func, done, story=story, actor=request.user, **kwargs)
    return _back(request, story)


# --- related links and numbers ------------------------------------------------------------------


@staff_required(EDITOR)
@require_GET
def related_view(request):
    exclude = request.GET.get("story", "")
    story_id = int(exclude) if exclude.isdigit() else None
    results = find_published(request.GET.get("q_related", ""), exclude=story_id)
    context = {"related_results": results}
    story = Story.objects.filter(pk=story_id).select_related("draft_revision").first()
    if story is not None and not request.GET.get("q_related", "").strip():
        chosen = story.draft_revision.related if story.draft_revision else []
        context["related_suggestions"] = suggest_related(story, exclude=chosen)
    return render(request, "desk/_related_results.html", context)


@staff_required(EDITOR)
@require_GET
def dashboard_view(request):
    raw = request.GET.get("hari", "")
    days = min(max(int(raw), 7), 180) if raw.isdigit() else 30
    return render(request, "desk/dashboard.html", stats.dashboard(days=days))
