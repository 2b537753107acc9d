"""The writer's stories: the list, one story with its conversation, reply, revise, withdraw."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pewarta.accounts import services as accounts
from pewarta.accounts.gates import contributor_required
from pewarta.common.errors import PewartaError
from pewarta.contributors import forms
from pewarta.contributors import services as writer
from pewarta.contributors.status import status_word, story_timeline
from pewarta.contributors.views.common import fail, limited, my_story
from pewarta.desk import services as desk
from pewarta.desk.models import Message, Status, Story
from pewarta.desk.workflow import allowed_actions
from pewarta.intake.markup import html_to_markup


@contributor_required
def dashboard(request):
    contributor = request.contributor
    stories = Story.objects.of_user(request.user).select_related(
        "draft_revision", "live_revision", "section"
    )
    rows = [{"story": s, "word": status_word(s.status)} for s in stories]
    drafts = contributor.drafts.filter(story__isnull=True)
    return render(
        request,
        "contributors/dashboard.html",
        {
            "contributor": contributor,
            "rows": rows,
            "drafts": drafts,
            "needs_guardian": contributor.is_minor
            and not accounts.guardian_consent_given(contributor),
        },
    )


@contributor_required
def story_detail(request, pk):
    story = my_story(request, pk)
    return render(
        request,
        "contributors/story.html",
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
@contributor_required
def story_reply(request, pk):
    story = my_story(request, pk)
    form = forms.ReplyForm(request.POST)
    if form.is_valid() and not limited(request, "reply", 30, 3600):
        try:
            writer.story_reply(story=story, user=request.user, text=form.cleaned_data["text"])
            messages.success(request, _("Pesan Anda terkirim ke redaksi."))
        except PewartaError as error:
            fail(request, error)
    return redirect("contributors:story", pk=story.pk)


@require_POST
@contributor_required
def story_withdraw(request, pk):
    story = my_story(request, pk)
    try:
        note = request.POST.get("note", "")[:500]
        desk.story_withdraw(story=story, actor=request.user, note=note)
        messages.success(request, _("Naskah Anda sudah ditarik."))
    except PewartaError as error:
        fail(request, error)
    return redirect("contributors:story", pk=story.pk)


@contributor_required
def story_revise(request, pk):
    story = my_story(request, pk)
    if story.status != Status.CHANGES_REQUESTED:
        messages.info(request, _("Naskah ini tidak sedang menunggu revisi dari Anda."))
        return redirect("contributors:story", pk=story.pk)
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
    if request.method == "POST" and form.is_valid() and not limited(request, "revise", 20, 3600):
        data = form.cleaned_data
        try:
            writer.story_revise_and_resubmit(
                story=story,
                user=request.user,
                expected_version=data["version"],
                headline=data["headline"],
                lead=data["lead"],
                body_source=data["body"],
                note=data["note"],
            )
            messages.success(request, _("Revisi Anda terkirim. Redaksi akan meninjaunya lagi."))
            return redirect("contributors:story", pk=story.pk)
        except PewartaError as error:
            fail(request, error)
    request_message = story.messages.filter(direction=Message.Direction.OUT).last()
    return render(
        request,
        "contributors/revise.html",
        {"story": story, "form": form, "request_message": request_message},
    )
