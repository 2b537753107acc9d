"""Public complaint forms, tracking, the corrections log, and the desk's complaints queue."""

import hashlib
import logging
from datetime import datetime, time, timedelta

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from pewarta.accounts.roles import EDITOR, SENIOR_EDITOR, has_role
from pewarta.accounts.staff import staff_required
from pewarta.audit.models import Event
from pewarta.common.errors import PewartaError, RateLimited
from pewarta.common.ratelimit import client_ip, ratelimit_hit
from pewarta.common.timefmt import JAKARTA
from pewarta.complaints import deadlines, forms, services
from pewarta.complaints.models import Complaint, Correction, RightOfReply
from pewarta.complaints.report import MET, MISSED, OPEN, compliance_report, report_csv
from pewarta.complaints.templatetags.complaints import notices_for
from pewarta.desk.models import Status, Story

logger = logging.getLogger(__name__)

# --- public -------------------------------------------------------------------------------------

PUBLIC_FORMS = {
    Complaint.Kind.REPORT: (forms.ReportForm, _l("Laporkan naskah")),
    Complaint.Kind.REPLY: (forms.ReplyForm, _l("Hak Jawab")),
    Complaint.Kind.CORRECTION: (forms.CorrectionRequestForm, _l("Hak Koreksi")),
}


def _refuse(request, message, status):
    return render(request, "complaints/refused.html", {"message": message}, status=status)


def _complaint_limit_hit(request) -> None:
    """Count one complaint; raise RateLimited past either limit.

    A whole carrier (CGNAT), office or campus may share one address, so the address alone
    is a ceiling (PEWARTA_COMPLAINT_ADDRESS_RATE_LIMIT), and the tighter limit
    (PEWARTA_COMPLAINT_RATE_LIMIT) counts per sender behind it: the email given, else the
    browser (its CSRF cookie, checked on every POST). A flood from one address fills its
    ceiling; one sender never uses up the hour of the other readers sharing the address.
    """
    address = client_ip(request)
    email = request.POST.get("email", "").strip().lower()[:254]
    sender = f"email:{email}" if email else f"browser:{request.META.get('CSRF_COOKIE', '')}"
    digest = hashlib.sha256(sender.encode()).hexdigest()[:24]  # no email address in the store
    ratelimit_hit(  # first: one sender's retries never fill the ceiling
        f"complaints:{address}:{digest}",
        limit=settings.PEWARTA_COMPLAINT_RATE_LIMIT,
        window=3600,
    )
    ratelimit_hit(
        f"complaints-address:{address}",
        limit=settings.PEWARTA_COMPLAINT_ADDRESS_RATE_LIMIT,
        window=3600,
    )


def _file(request, story_id, kind):
    story = (
        Story.objects.published().select_related("live_revision", "section").filter(pk=story_id)
    ).first()
    if story is None:
        raise Http404
    form_class, title = PUBLIC_FORMS[kind]
    posted = request.method == "POST"
    form = form_class(request.POST if posted else None, request.FILES if posted else None)
    if posted:
        if form.is_bot():
            logger.warning("complaint honeypot filled from %s", client_ip(request))
            return _refuse(
                request, _("Maaf, kiriman Anda tidak dapat kami proses. Silakan coba lagi."), 400
            )
        try:
            _complaint_limit_hit(request)
        except RateLimited as error:
            logger.warning("complaint rate limit reached by %s", client_ip(request))
            response = _refuse(
                request,
                _(
                    "Anda sudah mengirim beberapa pengaduan dalam satu jam terakhir. Silakan "
                    "coba lagi nanti, atau kirim email ke %(email)s."
                )
                % {"email": settings.PEWARTA_NEWSROOM_EMAIL},
                429,
            )
            response["Retry-After"] = str(error.context.get("retry_after", 3600))
            return response
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "website"}
            try:
                complaint = services.complaint_file(kind=kind, story=story, **data)
            except PewartaError as error:
                form.add_error(None, str(error.message))
            else:
                return redirect(complaint.get_tracking_url() + "?baru=1")
    context = {"story": story, "form": form, "kind": kind, "title": title}
    return render(request, "complaints/file.html", context)


def report(request, story_id):
    return _file(request, story_id, Complaint.Kind.REPORT)


def reply(request, story_id):
    return _file(request, story_id, Complaint.Kind.REPLY)


def correction(request, story_id):
    return _file(request, story_id, Complaint.Kind.CORRECTION)


def track(request, token):
    complaint = get_object_or_404(
        Complaint.objects.select_related("story__live_revision", "story__section"), token=token
    )
    context = {
        "complaint": complaint,
        "is_new": "baru" in request.GET,
        "corrections": list(complaint.corrections.filter(kind__in=Correction.PUBLIC_LOG_KINDS)),
        "published_reply": RightOfReply.objects.filter(complaint=complaint).first(),
    }
    return render(request, "complaints/track.html", context)


def _visible(queryset):
    return queryset.filter(story__status__in=[Status.PUBLISHED, Status.RETRACTED]).select_related(
        "story__live_revision", "story__section"
    )


def corrections_log(request):
    corrections = _visible(Correction.objects.filter(kind__in=Correction.PUBLIC_LOG_KINDS))
    page = Paginator(corrections, 30).get_page(request.GET.get("page"))
    return render(request, "complaints/log.html", {"page": page, "corrections": page.object_list})


def correction_detail(request, pk):
    item = get_object_or_404(_visible(Correction.objects.all()), pk=pk)
    return render(request, "complaints/correction_detail.html", {"correction": item})


def reply_detail(request, pk):
    item = get_object_or_404(_visible(RightOfReply.objects.all()), pk=pk)
    return render(request, "complaints/reply_detail.html", {"reply": item})


# --- desk ---------------------------------------------------------------------------------------


@staff_required(EDITOR)
def desk_queue(request):
    closed = request.GET.get("status") == "selesai"
    complaints = Complaint.objects.select_related("story__live_revision", "order", "handler")
    if closed:
        complaints = complaints.filter(state=Complaint.State.CLOSED).order_by("-resolved_at")
    else:
        complaints = complaints.exclude(state=Complaint.State.CLOSED).order_by("deadline_at")
    page = Paginator(complaints, 50).get_page(request.GET.get("page"))
    now = timezone.now()
    rows = [
        {
            "complaint": c,
            "clock": deadlines.clock_label(c.deadline_at, now),
            "overdue": c.is_overdue(now),
            "soon": c.is_open and deadlines.remind_at(c.deadline_at) <= now,
        }
        for c in page.object_list
    ]
    return render(
        request, "complaints/desk/queue.html", {"rows": rows, "page": page, "closed": closed}
    )


EVENT_LABELS = {
    "complaint.received": _l("Diterima"),
    "complaint.claimed": _l("Mulai ditangani"),
    "complaint.resolved": _l("Diselesaikan"),
    "complaint.reminder_sent": _l("Pengingat terkirim ke pemimpin redaksi"),
}


def _labelled(events):
    events = list(events)
    for event in events:
        label = EVENT_LABELS.get(event.action, event.action)
        outcome = event.payload.get("outcome")
        if outcome:
            label = f"{label}: {Complaint.Outcome(outcome).label}"
        event.label = label
    return events


def _detail_context(request, complaint, **forms_override):
    story = complaint.story
    revision = story.draft_revision or story.live_revision
    initial = {
        "expected_version": story.version,
        "headline": revision.headline if revision else "",
        "lead": revision.lead if revision else "",
        "body_html": revision.body_html if revision else "",
    }
    now = timezone.now()
    context = {
        "complaint": complaint,
        "story": story,
        "events": _labelled(
            Event.objects.filter(
                content_type__app_label="complaints",
                content_type__model="complaint",
                object_id=str(complaint.pk),
            )
        ),
        "clock": deadlines.clock_label(complaint.deadline_at, now),
        "overdue": complaint.is_overdue(now),
        "can_retract": has_role(request.user, SENIOR_EDITOR),
        "story_live": story.status == Status.PUBLISHED,
        "dismiss_form": forms.DismissForm(),
        "correct_form": forms.CorrectForm(initial=initial),
        "edit_form": forms.EditForm(initial=initial),
        "reply_form": forms.ReplyPublishForm(
            initial={
                "respondent": complaint.name,
                "title": _("Hak Jawab atas “%(headline)s”") % {"headline": str(story)},
                "body": complaint.body,
            }
        ),
        "retract_form": forms.RetractForm(),
        "follow_up_form": forms.FollowUpForm(),
    }
    context.update(forms_override)
    return context


@staff_required(EDITOR)
def desk_detail(request, pk):
    complaint = get_object_or_404(
        Complaint.objects.select_related("story__live_revision", "story__draft_revision"), pk=pk
    )
    return render(request, "complaints/desk/detail.html", _detail_context(request, complaint))


def _act(action, complaint, actor, data):
    if action == "claim":
        services.complaint_claim(complaint=complaint, actor=actor)
        return _("Pengaduan Anda tangani.")
    if action == "dismiss":
        services.complaint_dismiss(complaint=complaint, actor=actor, reason=data["reason"])
        return _("Pengaduan ditolak; pengadu diberi tahu alasannya.")
    if action == "correct":
        services.complaint_correct(complaint=complaint, actor=actor, **data)
        return _("Koreksi ditayangkan dan dicatat.")
    if action == "edit":
        services.complaint_edit(complaint=complaint, actor=actor, **data)
        return _("Suntingan ditayangkan.")
    if action == "reply":
        services.complaint_publish_reply(complaint=complaint, actor=actor, **data)
        return _("Hak Jawab dimuat.")
    if action == "retract":
        services.complaint_retract(complaint=complaint, actor=actor, **data)
        return _("Naskah dicabut.")
    if action == "follow_up":
        follow_up = Story.objects.filter(pk=data["follow_up"]).first()
        if follow_up is None:
            raise PewartaError(_("Naskah lanjutan tidak ditemukan."))
        services.complaint_follow_up(complaint=complaint, actor=actor, follow_up=follow_up)
        return _("Berita lanjutan ditautkan.")
    raise Http404


ACTION_FORMS = {
    "claim": (None, None),
    "dismiss": (forms.DismissForm, "dismiss_form"),
    "correct": (forms.CorrectForm, "correct_form"),
    "edit": (forms.EditForm, "edit_form"),
    "reply": (forms.ReplyPublishForm, "reply_form"),
    "retract": (forms.RetractForm, "retract_form"),
    "follow_up": (forms.FollowUpForm, "follow_up_form"),
}


@staff_required(EDITOR)
@require_POST
def desk_action(request, pk, action):
    if action not in ACTION_FORMS:
        raise Http404
    complaint = get_object_or_404(Complaint, pk=pk)
    form_class, form_name = ACTION_FORMS[action]
    data = {}
    if form_class is not None:
        form = form_class(request.POST)
        if not form.is_valid():
            context = _detail_context(request, complaint, **{form_name: form})
            return render(request, "complaints/desk/detail.html", context, status=400)
        data = form.cleaned_data
    try:
        done = _act(action, complaint, request.user, data)
    except PewartaError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(request, done)
    return redirect(complaint.get_desk_url())


@staff_required(EDITOR)
def desk_file(request, pk, which):
    """Evidence or an order's document, streamed to staff only (never from MEDIA_URL)."""
    if which not in ("bukti", "dokumen"):
        raise Http404
    complaint = get_object_or_404(Complaint.objects.select_related("order"), pk=pk)
    if which == "bukti":
        stored, content_type = complaint.evidence, complaint.evidence_type
    else:
        order = getattr(complaint, "order", None)
        stored, content_type = (order.document if order else None), complaint.evidence_type
    if not stored:
        raise Http404
    response = FileResponse(stored.open("rb"), content_type=content_type or None)
    # A download, never a page of ours: a crafted PDF or SVG cannot run in our origin.
    response["Content-Disposition"] = f'attachment; filename="{which}-{complaint.pk}"'
    response["Content-Security-Policy"] = "sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@staff_required(EDITOR)
def desk_takedown(request):
    posted = request.method == "POST"
    form = forms.TakedownForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        data = form.cleaned_data
        story = Story.objects.filter(pk=data["story"]).first()
        if story is None:
            form.add_error("story", _("Naskah tidak ditemukan."))
        else:
            try:
                complaint = services.takedown_record(
                    story=story,
                    actor=request.user,
                    authority=data["authority"],
                    reference=data["reference"],
                    urgent=data["urgent"],
                    note=data["note"],
                    document=data["document"],
                    received_at=data["received_at"],
                )
            except PewartaError as error:
                form.add_error(None, str(error.message))
            else:
                messages.success(request, _("Perintah dicatat; batas waktu berjalan."))
                return redirect(complaint.get_desk_url())
    return render(request, "complaints/desk/takedown.html", {"form": form})


def _period(request):
    today = timezone.localdate(timezone=JAKARTA)
    form = forms.PeriodForm(request.GET or None)
    if form.is_valid():
        first, last = form.cleaned_data["dari"], form.cleaned_data["sampai"]
    else:
        first, last = today - timedelta(days=29), today
        form = forms.PeriodForm(initial={"dari": first, "sampai": last})
    start = datetime.combine(first, time.min, tzinfo=JAKARTA)
    end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=JAKARTA)
    return form, start, end


def _story_context(story, **overrides):
    revision = story.draft_revision or story.live_revision
    initial = {
        "expected_version": story.version,
        "headline": revision.headline if revision else "",
        "lead": revision.lead if revision else "",
        "body_html": revision.body_html if revision else "",
    }
    context = {
        "story": story,
        "story_live": story.status == Status.PUBLISHED,
        "notices": notices_for(story),
        "complaints": story.complaints.order_by("-received_at"),
        "correct_form": forms.CorrectForm(initial=initial),
        "reply_form": forms.ReplyPublishForm(
            initial={"title": _("Hak Jawab atas “%(headline)s”") % {"headline": str(story)}}
        ),
        "follow_up_form": forms.FollowUpForm(),
    }
    context.update(overrides)
    return context


@staff_required(EDITOR)
def desk_story(request, story_id):
    """The newsroom's own duty to correct (Kewajiban Koreksi), without a complaint."""
    story = get_object_or_404(
        Story.objects.select_related("live_revision", "draft_revision"), pk=story_id
    )
    if request.method != "POST":
        return render(request, "complaints/desk/story.html", _story_context(story))
    action = request.POST.get("action")
    form_class, form_name = {
        "correct": (forms.CorrectForm, "correct_form"),
        "reply": (forms.ReplyPublishForm, "reply_form"),
        "follow_up": (forms.FollowUpForm, "follow_up_form"),
    }.get(action, (None, None))
    if form_class is None:
        raise Http404
    form = form_class(request.POST)
    if not form.is_valid():
        context = _story_context(story, **{form_name: form})
        return render(request, "complaints/desk/story.html", context, status=400)
    data = form.cleaned_data
    try:
        if action == "correct":
            services.story_correct(story=story, actor=request.user, **data)
            messages.success(request, _("Koreksi ditayangkan dan dicatat."))
        elif action == "reply":
            services.reply_publish(story=story, actor=request.user, **data)
            messages.success(request, _("Hak Jawab dimuat."))
        else:
            follow_up = Story.objects.filter(pk=data["follow_up"]).first()
            if follow_up is None:
                raise PewartaError(_("Naskah lanjutan tidak ditemukan."))
            services.story_link_follow_up(original=story, follow_up=follow_up, actor=request.user)
            messages.success(request, _("Berita lanjutan ditautkan."))
    except PewartaError as error:
        messages.error(request, str(error.message))
    return redirect("complaints:desk_story", story_id=story.pk)


VERDICT_LABELS = {MET: _l("Tepat waktu"), MISSED: _l("Terlambat"), OPEN: _l("Masih berjalan")}


@staff_required(EDITOR)
def desk_report(request):
    form, start, end = _period(request)
    result = compliance_report(start=start, end=end)
    if request.GET.get("format") == "csv":
        response = HttpResponse(report_csv(result), content_type="text/csv; charset=utf-8")
        filename = f"kepatuhan-pengaduan-{start:%Y%m%d}-{end - timedelta(days=1):%Y%m%d}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    kinds, outcomes = dict(Complaint.Kind.choices), dict(Complaint.Outcome.choices)
    rows = [
        {
            "row": row,
            "kind": kinds.get(row.kind, row.kind),
            "outcome": outcomes.get(row.outcome, row.outcome) if row.outcome else "",
            "verdict": (verdict := row.verdict(result.now)),
            "verdict_label": VERDICT_LABELS[verdict],
        }
        for row in result.rows
    ]
    context = {
        "form": form,
        "report": result,
        "rows": rows,
        "query": request.GET.urlencode(),
        "last_day": end - timedelta(days=1),
    }
    return render(request, "complaints/desk/report.html", context)
