from django.contrib import admin

from pewarta.accounts.roles import SENIOR_EDITOR, has_role
from pewarta.public.models import Page, StorySlug
from pewarta.public.services import page_update


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "updated_at", "updated_by"]
    readonly_fields = ["slug", "updated_at", "updated_by"]
    fields = ["slug", "title", "body_html", "updated_at", "updated_by"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return has_role(request.user, SENIOR_EDITOR)

    def has_view_permission(self, request, obj=None):
        return has_role(request.user, SENIOR_EDITOR)

    def has_module_permission(self, request):
        return has_role(request.user, SENIOR_EDITOR)

    def save_model(self, request, obj, form, change):
        page_update(page=obj, actor=request.user, title=obj.title, body_html=obj.body_html)


@admin.register(StorySlug)
class StorySlugAdmin(admin.ModelAdmin):
    list_display = ["slug", "story", "created_at"]
    search_fields = ["slug"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
