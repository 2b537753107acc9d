"""Read-only admin: complaints change only through services, so the Events stay true."""

from django.contrib import admin

from pewarta.common.admin import ReadOnlyAdmin
from pewarta.complaints.models import Complaint, Correction, RightOfReply, TakedownOrder


@admin.register(Complaint)
class ComplaintAdmin(ReadOnlyAdmin):
    list_display = ["id", "kind", "reason", "story", "state", "outcome", "deadline_at"]
    list_filter = ["kind", "state", "outcome"]
    search_fields = ["name", "email", "body"]
    exclude = ["token"]


@admin.register(TakedownOrder)
class TakedownOrderAdmin(ReadOnlyAdmin):
    list_display = ["complaint", "authority", "reference", "urgent"]


@admin.register(Correction)
class CorrectionAdmin(ReadOnlyAdmin):
    list_display = ["story", "kind", "published_at"]
    list_filter = ["kind"]


@admin.register(RightOfReply)
class RightOfReplyAdmin(ReadOnlyAdmin):
    list_display = ["title", "story", "respondent", "published_at"]
