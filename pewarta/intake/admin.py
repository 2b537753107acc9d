from django.contrib import admin

from pewarta.common.admin import ReadOnlyAdmin
from pewarta.intake.models import ConsentRecord, Draft, InboundMessage, SenderConfirmation


@admin.register(InboundMessage)
class InboundMessageAdmin(ReadOnlyAdmin):
    list_display = ["received_at", "message_id", "envelope_from", "channel", "outcome", "story"]
    list_filter = ["outcome", "channel"]
    search_fields = ["message_id", "envelope_from", "sha256", "reason"]
    readonly_fields = [f.name for f in InboundMessage._meta.fields if f.name != "raw"]
    exclude = ["raw"]


@admin.register(SenderConfirmation)
class SenderConfirmationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "address", "story", "confirmed_at"]
    search_fields = ["address", "story__tracking_code"]
    readonly_fields = [f.name for f in SenderConfirmation._meta.fields]


@admin.register(ConsentRecord)
class ConsentRecordAdmin(ReadOnlyAdmin):
    list_display = ["given_at", "contributor", "purpose", "terms_version", "method"]
    search_fields = ["contributor__pen_name", "address_hash"]
    readonly_fields = [f.name for f in ConsentRecord._meta.fields]


@admin.register(Draft)
class DraftAdmin(ReadOnlyAdmin):
    list_display = ["headline", "contributor", "kind", "updated_at", "story"]
    search_fields = ["headline", "contributor__pen_name"]
