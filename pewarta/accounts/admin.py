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
