from django.contrib import admin

from pewarta.intake.models import InboundMessage


@admin.register(InboundMessage)
class InboundMessageAdmin(admin.ModelAdmin):
    list_display = ["received_at", "message_id", "envelope_from", "channel", "outcome", "story"]
    list_filter = ["outcome", "channel"]
    search_fields = ["message_id", "envelope_from", "sha256", "reason"]
    readonly_fields = [f.name for f in InboundMessage._meta.fields if f.name != "raw"]
    exclude = ["raw"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
