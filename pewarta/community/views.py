"""Readers' comment pages (fragment, full page, post, report) and the desk's moderation queue.

The comment list is one fragment per story, the same for every anonymous reader, so the reader
site caches it (public/comments.py) and purges it when the shown comments change.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pewarta.accounts.roles import EDITOR
from pewarta.accounts.staff import staff_required
from pewarta.common.errors import PewartaError
from pewarta.common.ratelimit import client_ip
from pewarta.community import services
from pewarta.community.models import Comment
from pewarta.complaints.models import Complaint
from pewarta.desk.models import Story

THREADS_PER_PAGE = 50


def _threads(story: Story, page_number):
    """Top-level comments shown (with replies), oldest first, one page of threads at a time.
    Rows are plain dicts: a page holds a hundred comments and a cache miss must stay cheap."""
    approved_reply = Comment.objects.filter(parent=OuterRef("pk"), state=Comment.State.APPROVED)
    top = (
        Comment.objects.filter(story=story, parent=None)
        .filter(
            Q(state=Comment.State.APPROVED) | Q(Exists(approved_reply), state=Comment.State.ERASED)
        )
        .order_by("created_at", "id")
        .values_list("id", flat=True)
    )
    page = Paginator(top, THREADS_PER_PAGE).get_page(page_number)
    ids = list(page.object_list)
    rows = (
        Comment.objects.filter(Q(pk__in=ids) | Q(parent_id__in=ids, state=Comment.State.APPROVED))
        .order_by("created_at", "id")
        .values("id", "parent_id", "body", "state", "created_at", "author__pen_name")
    )
    threads, replies = {}, {}
    for row in rows:
        if row["parent_id"] is None:
            threads[row["id"]] = row
            row["replies"] = replies.setdefault(row["id"], [])
        else:
            replies.setdefault(row["parent_id"], []).append(row)
    return [threads[pk] for pk in ids if pk in threads], page


def _comment_html(row: dict, *, report_url: str, reply_url: str, labels: dict) -> str:
    """One comment as HTML, built here rather than by a template include per comment (a page
    holds a hundred of them). Every value from a reader is escaped."""
    pk = row["id"]
    if row["state"] == Comment.State.ERASED:
        body = f'<p class="comment-erased">{labels["erased"]}</p>'
    else:
        when = timezone.localtime(row["created_at"])
        text = "<br>".join(escape(line) for line in row["body"].split("\n"))
        name = escape(row["author__pen_name"] or labels["reader"])
        reply = ""
        if reply_url and row["parent_id"] is None:
            reply = (
                f' · <a href="{reply_url}?balas={pk}#tulis" rel="nofollow">{labels["reply"]}</a>'
            )
        report = report_url.replace("/0/", f"/{pk}/", 1)
        body = (
            f'<header><strong class="comment-author">{name}</strong> '
            f'<time datetime="{when.isoformat()}">{when:%d/%m/%Y %H.%M}</time></header>'
            f'<div class="comment-body">{text}</div><p class="comment-actions">'
            f'<a href="{report}" rel="nofollow">{labels["report"]}</a>{reply}</p>'
        )
    return mark_safe(f'<article class="comment" id="komentar-{pk}">{body}</article>')  # noqa: S308


def comments_context(request, story: Story, *, form_body: str = "", error: str = "") -> dict:
    page_number = request.GET.get("page")
    threads, page = _threads(story, page_number)
    user = request.user
    can_comment, refusal = False, ""
    if user.is_authenticated:
        try:
            services.commenter_check(user)
            can_comment = True
        except PewartaError as err:
            refusal = err.message
    report_url = reverse("community:report", args=[0])
    open_ = services.comments_open(story)
    reply_url = reverse("comments-page", args=[story.pk]) if can_comment and open_ else ""
    labels = {
        "erased": escape(_("Komentar ini telah dihapus.")),
        "reader": _("Pembaca"),
        "reply": escape(_("Balas")),
        "report": escape(_("Laporkan")),
    }
    for thread in threads:
        thread["html"] = _comment_html(
            thread, report_url=report_url, reply_url=reply_url, labels=labels
        )
        for reply in thread["replies"]:
            reply["html"] = _comment_html(reply, report_url=report_url, reply_url="", labels=labels)
    return {
        "story": story,
        "threads": threads,
        "page": page,
        "count": Comment.objects.filter(story=story, state=Comment.State.APPROVED).count(),
        "open": open_,
        "can_comment": can_comment,
        "refusal": refusal,
        "form_body": form_body,
        "error": error,
        "authors": list(story.authors.filter(erased_at__isnull=True)),
        "section": story.section,
        "tags": list(story.tags.all()),
    }


def comments_response(request, story: Story, *, full: bool, status: int = 200, **extra):
    """The comment list of a published story: a fragment (htmx) or a page of its own."""
    template = "community/comments_page.html" if full else "community/_comments.html"
    return render(request, template, comments_context(request, story, **extra), status=status)


def published_story(story_id: int) -> Story:
    story = Story.objects.published().select_related("live_revision").filter(pk=story_id).first()
    if story is None:
        raise Http404
    return story


@require_POST
def comment_post_view(request, story_id):
    story = published_story(story_id)
    if not request.user.is_authenticated:
        return redirect(f"{reverse('account_login')}?next={story.get_absolute_url()}")
    try:
        comment = services.comment_post(
            story=story,
            user=request.user,
            body=request.POST.get("body", ""),
            parent_id=request.POST.get("parent") or None,
            honeypot=request.POST.get("website", ""),
            ip=client_ip(request),
        )
    except PewartaError as err:
        return comments_response(
            request,
            story,
            full=True,
            status=400,
            form_body=request.POST.get("body", "")[:5000],
            error=err.message,
        )
    if comment.state == Comment.State.APPROVED:
        messages.success(request, _("Komentar Anda sudah tayang."))
    else:
        messages.info(request, _("Terima kasih. Komentar Anda tayang setelah diperiksa moderator."))
    return redirect(f"{story.get_absolute_url()}#komentar")


def comment_report_view(request, pk):
    comment = get_object_or_404(
        Comment.objects.select_related("story", "story__live_revision"),
        pk=pk,
        state=Comment.State.APPROVED,
    )
    context = {"comment": comment, "reasons": Complaint.Reason.choices}
    if request.method == "POST":
        try:
            services.comment_report(
                comment=comment,
                reason=request.POST.get("reason", ""),
                body=request.POST.get("body", ""),
                ip=client_ip(request),
                honeypot=request.POST.get("website", ""),
            )
        except PewartaError as err:
            context["error"] = err.message
            return render(request, "community/report.html", context, status=400)
        return render(request, "community/report_done.html", context)
    return render(request, "community/report.html", context)


# --- desk ---------------------------------------------------------------------------------------


_OPEN_REPORT = Q(
    reports__complaint__state__in=[Complaint.State.RECEIVED, Complaint.State.IN_PROGRESS]
)


def _queue():
    return (
        Comment.objects.filter(
            Q(state=Comment.State.PENDING) | Q(state=Comment.State.APPROVED, reviewed=False)
        )
        .select_related("story", "story__live_revision", "author")
        .annotate(open_reports=Count("reports", filter=_OPEN_REPORT))
        .order_by("-open_reports", "created_at")
    )


@staff_required(EDITOR)
def moderation_queue(request):
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            changed = services.comments_moderate(
                ids=request.POST.getlist("ids"),
                actor=request.user,
                approve=action == "approve",
                reason=request.POST.get("reason", ""),
                note=request.POST.get("note", ""),
            )
        except PewartaError as err:
            messages.error(request, err.message)
        else:
            messages.success(request, _("%(n)d komentar dimoderasi.") % {"n": changed})
        return redirect("community:desk_queue")
    page = Paginator(_queue(), 100).get_page(request.GET.get("page"))
    context = {"page": page, "reasons": Comment.Reason.choices}
    return render(request, "community/desk/queue.html", context)


@staff_required(EDITOR)
@require_POST
def story_comments_close(request, story_id):
    story = get_object_or_404(Story, pk=story_id)
    try:
        services.comments_close(
            story=story,
            actor=request.user,
            closed=request.POST.get("closed") == "1",
            reason=request.POST.get("reason", ""),
        )
    except PewartaError as err:
        messages.error(request, err.message)
    else:
        messages.success(request, _("Pengaturan komentar disimpan."))
    target = request.POST.get("next", "")
    if not (target.startswith("/") and not target.startswith("//")):
        target = reverse("community:desk_queue")
    return redirect(target)
