from django.contrib import admin

from pewarta.intake.models import ConsentRecord, Draft, InboundMessage, SenderConfirmation


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


@admin.register(SenderConfirmation)
class SenderConfirmationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "address", "story", "confirmed_at"]
    search_fields = ["address", "story__tracking_code"]
    readonly_fields = [f.name for f in SenderConfirmation._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(ConsentRecord)
class ConsentRecordAdmin(admin.ModelAdmin):
    list_display = ["given_at", "address", "purpose", "terms_version", "method"]
    search_fields = ["address"]
    readonly_fields = [f.name for f in ConsentRecord._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register(Draft)
