from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from pewarta.audit.models import Event
from pewarta.common.admin import ReadOnlyAdmin
from pewarta.common.errors import PewartaError
from pewarta.desk import services
from pewarta.desk.models import (
    Message,
    Note,
    Revision,
    RiskChecklist,
    Section,
    Story,
    Tag,
)


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


class RevisionInline(admin.TabularInline):
    model = Revision
    fields = ["number", "headline", "created_by", "created_at", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


class EventInline(admin.TabularInline):
    model = Event
    fields = ["created_at", "action", "actor_label", "from_status", "to_status", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


def _run_service(modeladmin, request, queryset, service, done_message):
    done = 0
    for story in queryset:
        try:
            service(story=story, actor=request.user)
            done += 1
        except PewartaError as error:
            modeladmin.message_user(
                request, f"{story.tracking_code}: {error.message}", messages.ERROR
            )
    if done:
        modeladmin.message_user(request, done_message(done), messages.SUCCESS)


@admin.action(description=_("Mulai tinjau"))
def action_review(modeladmin, request, queryset):
    _run_service(
        modeladmin,
        request,
        queryset,
        services.story_claim,
        lambda n: (
            ngettext("%d naskah kini dalam peninjauan.", "%d naskah kini dalam peninjauan.", n) % n
        ),
    )


@admin.action(description=_("Setujui"))
def action_approve(modeladmin, request, queryset):
    _run_service(
        modeladmin,
        request,
        queryset,
        services.story_approve,
        lambda n: ngettext("%d naskah disetujui.", "%d naskah disetujui.", n) % n,
    )


@admin.action(description=_("Tayangkan sekarang"))
def action_publish(modeladmin, request, queryset):
    _run_service(
        modeladmin,
        request,
        queryset,
        services.story_publish,
        lambda n: ngettext("%d naskah ditayangkan.", "%d naskah ditayangkan.", n) % n,
    )


@admin.register(Story)
class StoryAdmin(ReadOnlyAdmin):
    """Stories change only through the desk's services: here they are read, and the actions
    below call those services (so every change has its Event, version and purge)."""

    list_display = ["__str__", "tracking_code", "kind", "status", "section", "submitted_at"]
    list_filter = ["status", "kind", "section", "source", "is_unverified", "flag_victim"]
    search_fields = ["tracking_code", "revisions__headline", "authors__pen_name"]
    date_hierarchy = "submitted_at"
    fields = [
        "tracking_code",
        "status",
        "version",
        "kind",
        "section",
        "tags",
        "authors",
        "organization",
        "credited_editor",
        "assigned_editor",
        "draft_revision",
        "live_revision",
        "published_at",
        "first_published_at",
        "scheduled_at",
        "updated_at",
    ]
    readonly_fields = fields  # no change permission anyway; said here for the links' through
    inlines = [RevisionInline, EventInline]
    actions = [action_review, action_approve, action_publish]


@admin.register(Revision)
class RevisionAdmin(ReadOnlyAdmin):
    list_display = ["story", "number", "headline", "created_by", "created_at"]
    search_fields = ["headline", "story__tracking_code"]
    readonly_fields = [f.name for f in Revision._meta.fields]


@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "story", "direction", "channel", "from_address", "subject"]
    list_filter = ["direction", "channel"]
    search_fields = ["subject", "body_text", "from_address", "story__tracking_code"]


@admin.register(Note)
class NoteAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "story", "author", "body"]
    search_fields = ["body", "story__tracking_code"]


@admin.register(RiskChecklist)
class RiskChecklistAdmin(ReadOnlyAdmin):
    list_display = ["story", "victim", "minor", "sara", "defamation", "answered_by", "answered_at"]
    list_filter = ["victim", "minor", "sara", "defamation"]
