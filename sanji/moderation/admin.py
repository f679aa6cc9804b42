"""The moderation record, read-only in the admin: blocked texts are evidence, not drafts to edit."""

from django.contrib import admin

from .models import Screening


@admin.register(Screening)
class ScreeningAdmin(admin.ModelAdmin):
    list_display = ("at", "verdict", "source", "reasons", "community", "actor")
    list_filter = ("verdict", "source")
    search_fields = ("text",)
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
