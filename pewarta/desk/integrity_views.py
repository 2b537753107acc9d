"""Desk pages for integrity: the similarity report of a story, its risk hints, and the
reference sources (other outlets' feeds, wires, press-release sources) editors register.

Views translate requests into service calls (desk services for stories, integrity services
for the reference corpus); every page is behind the one staff gate.
"""

from datetime import datetime

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from pewarta.accounts.roles import EDITOR
from pewarta.accounts.staff import staff_required
from pewarta.audit.models import Event
from pewarta.common.errors import PewartaError
from pewarta.desk import services
from pewarta.desk.models import Kind, Story
from pewarta.desk.services.checks import CHECK_EVENT
from pewarta.integrity import references, risk
from pewarta.integrity.models import ReferenceSource
from pewarta.integrity.text import document_text


def _safe_url(url: str) -> str:
    """Only web links and our own paths become links (a feed may carry javascript: URLs)."""
    url = (url or "").strip()
    if url.startswith("/") and not url.startswith("//"):
        return url
    return url if url.lower().startswith(("http://", "https://")) else ""


def _when(value: str):
    try:
        return datetime.fromisoformat(value) if value else None
    except ValueError:
        return None


def _shown_sources(payload: dict) -> list[dict]:
    shown = []
    for source in payload.get("sources", []):
        shown.append(
            source
            | {
                "url": _safe_url(source.get("url", "")),
                "when": _when(source.get("date", "")),
                "pct_new": round(100 * float(source.get("share_new", 0))),
                "pct_source": round(100 * float(source.get("share_source", 0))),
            }
        )
    return shown


def similarity_context(request, story: Story, check: Event | None) -> dict:
    """What the review page shows of the integrity checks (summary, report, history)."""
    checks = list(
        Event.objects.filter(story=story, action=CHECK_EVENT)
        .order_by("-created_at", "-id")
        .values_list("pk", "created_at", "payload__top_share", "payload__revision_number")
    )
    chosen = check
    wanted = request.GET.get("cek", "")
    if wanted.isdigit() and any(pk == int(wanted) for pk, *_rest in checks):
        chosen = Event.objects.get(pk=int(wanted))
    payload = chosen.payload if chosen else {}
    draft = story.draft_revision
    return {
        "check": chosen,
        "check_sources": _shown_sources(payload),
        "check_payload": payload,
        "check_stale": bool(chosen and draft and payload.get("revision") != draft.pk),
        "check_history": [
            {"pk": pk, "at": at, "pct": round(100 * float(top or 0)), "revision": number}
            for pk, at, top, number in checks
        ],
        "suggest_press_release": payload.get("suggest_kind") == "siaran_pers"
        and story.kind != Kind.SIARAN_PERS,
    }


def photo_context(story: Story) -> dict:
    """The newest photo-reuse check: each photo of the draft and where it was used before."""
    check = services.latest_photo_check(story)
    payload = check.payload if check else {}
    shown = []
    for photo in payload.get("photos", []):
        matches = [
            match
            | {
                "url": _safe_url(match.get("url", "")),
                "img": _safe_url(match.get("src", "")),
                "when": _when(match.get("date", "")),
                "pct": round(100 * float(match.get("score", 0))),
            }
            for match in photo.get("matches", [])
        ]
        shown.append(photo | {"img": _safe_url(photo.get("src", "")), "matches": matches})
    return {
        "photo_check": check,
        "photo_results": shown,
        "photo_reused": [p for p in shown if p["matches"]],
        "photo_stale": bool(check and payload.get("srcs") != _draft_srcs(story)),
    }


def _draft_srcs(story: Story) -> list[str]:
    draft = story.draft_revision
    return [i["src"] for i in (draft.images if draft else []) if i.get("src")]


def risk_context(story: Story, checklist) -> dict:
    """Hints read from the draft; they pre-mark the questions the editor has not answered."""
    draft = story.draft_revision
    hints = risk.hints_for_text(
        document_text(draft.headline, draft.lead, draft.body_html) if draft else ""
    )
    by_question: dict[str, list] = {}
    for hint in hints:
        by_question.setdefault(hint.question, []).append(hint)
    return {
        "risk_hints": by_question,
        "risk_premarked": {} if checklist else {q: "1" for q in by_question},
    }


@staff_required(EDITOR)
@require_POST
def check_view(request, pk):
    story = get_object_or_404(Story.objects.select_related("draft_revision"), pk=pk)
    try:
        services.story_check_integrity(story=story, actor=request.user)
        messages.success(request, _("Pemeriksaan kemiripan selesai."))
    except PewartaError as exc:
        messages.error(request, str(exc))
    return redirect(reverse("desk:review", args=[story.pk]) + "?tab=kemiripan")


@staff_required(EDITOR)
@require_POST
def press_release_view(request, pk):
    """Apply the suggested "Siaran Pers" label (the editor's click is the decision)."""
    story = get_object_or_404(Story, pk=pk)
    try:
        version = int(request.POST.get("version", ""))
        services.story_update_metadata(
            story=story, actor=request.user, expected_version=version, kind=Kind.SIARAN_PERS
        )
        messages.success(request, _("Label Siaran Pers dipasang."))
    except ValueError:
        messages.error(request, _("Formulir tidak lengkap; muat ulang halaman."))
    except PewartaError as exc:
        messages.error(request, str(exc))
    return redirect("desk:review", story.pk)


# --- reference sources ----------------------------------------------------------------------


@staff_required(EDITOR)
@require_GET
def references_view(request):
    return render(
        request,
        "desk/references.html",
        {
            "sources": references.sources_overview(),
            "kinds": ReferenceSource.Kind.choices,
            "form": {},
        },
    )


@staff_required(EDITOR)
@require_POST
def reference_add_view(request):
    post = request.POST
    try:
        source = references.reference_source_add(
            actor=request.user,
            name=post.get("name", ""),
            url=post.get("url", ""),
            kind=post.get("kind", ""),
            interval_minutes=post.get("interval_minutes", ""),
        )
        messages.success(request, _("Sumber “%(name)s” didaftarkan.") % {"name": source.name})
    except PewartaError as exc:
        context = {
            "sources": references.sources_overview(),
            "kinds": ReferenceSource.Kind.choices,
            "form": {k: post.get(k, "")[:500] for k in ("name", "url", "kind", "interval_minutes")},
            "error": str(exc),
        }
        return render(request, "desk/references.html", context, status=400)
    return redirect("desk:references")


@staff_required(EDITOR)
@require_POST
def reference_toggle_view(request, pk):
    source = get_object_or_404(ReferenceSource, pk=pk)
    try:
        references.reference_source_set_active(
            source=source, actor=request.user, active=request.POST.get("active") == "1"
        )
    except PewartaError as exc:
        messages.error(request, str(exc))
    return redirect("desk:references")


@staff_required(EDITOR)
@require_POST
def reference_fetch_view(request, pk):
    source = get_object_or_404(ReferenceSource, pk=pk)
    outcome = references.reference_source_fetch(source=source, actor=request.user)
    if outcome.error:
        messages.error(request, _("Gagal mengambil feed: %(error)s") % {"error": outcome.error})
    else:
        counts = {"n": outcome.new, "name": source.name}
        messages.success(request, _("%(n)d butir baru dari “%(name)s”.") % counts)
    return redirect("desk:references")
