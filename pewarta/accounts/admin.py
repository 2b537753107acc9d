from django.contrib import admin

from pewarta.accounts.models import Contributor, Organization


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "email_domain", "created_at"]
    search_fields = ["name", "email_domain"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Contributor)
class ContributorAdmin(admin.ModelAdmin):
    list_display = ["pen_name", "email", "organization", "verification", "trust", "is_blocked"]
    list_filter = ["verification", "trust", "is_blocked", "email_verified", "organization"]
    search_fields = ["pen_name", "real_name", "email", "affiliation"]
    raw_id_fields = ["user"]
    readonly_fields = ["created_at"]


from pewarta.accounts.models import (  # noqa: E402
    Consent,
    DataRequest,
    IdentityCheck,
    OrganizationInvite,
    PolicyVersion,
)


@admin.register(PolicyVersion)
class PolicyVersionAdmin(admin.ModelAdmin):
    list_display = ["kind", "version", "effective_at"]
    list_filter = ["kind"]


@admin.register(Consent)
class ConsentAdmin(admin.ModelAdmin):
    list_display = ["contributor", "purpose", "given", "policy", "created_at"]
    list_filter = ["purpose", "given"]
    raw_id_fields = ["contributor"]

    def has_change_permission(self, request, obj=None):
        return False  # append-only proof


class OverdueFilter(admin.SimpleListFilter):
    title = "batas waktu"
    parameter_name = "terlambat"

    def lookups(self, request, model_admin):
        return [("1", "Lewat batas waktu"), ("0", "Terbuka")]

    def queryset(self, request, queryset):
        from django.utils import timezone

        if self.value() == "1":
            return queryset.filter(completed_at__isnull=True, due_at__lt=timezone.now())
        if self.value() == "0":
            return queryset.filter(completed_at__isnull=True)
        return queryset


@admin.register(DataRequest)
class DataRequestAdmin(admin.ModelAdmin):
    list_display = ["kind", "requester_label", "created_at", "due_at", "completed_at"]
    list_filter = [OverdueFilter, "kind"]
    raw_id_fields = ["contributor", "completed_by"]


@admin.register(IdentityCheck)
class IdentityCheckAdmin(admin.ModelAdmin):
    list_display = ["contributor", "state", "created_at", "decided_at"]
    list_filter = ["state"]
    exclude = ["image"]
    readonly_fields = ["contributor", "state", "decided_by", "decided_at", "note", "created_at"]

    def has_add_permission(self, request):
        return False  # a check starts with the writer's upload, never in the admin


admin.site.register(OrganizationInvite)
