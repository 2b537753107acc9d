from django.contrib import admin

from pewarta.audit.models import Event
from pewarta.common.admin import ReadOnlyAdmin


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "action", "story", "actor_label", "from_status", "to_status"]
    list_filter = ["action", "to_status"]
    search_fields = ["action", "note", "story__tracking_code", "actor_label"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in Event._meta.fields]
