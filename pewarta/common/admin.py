from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records written only through services, so that every change has its Event."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
