"""Read-only admin pages of the audit log, for superusers to browse: nothing can be added, changed or deleted."""

from django.contrib import admin

from .models import AuditEntry, Disclosure


class ReadOnlyAdmin(admin.ModelAdmin):
    list_per_page = 50
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor_label", "source", "action", "model", "object_id", "object_repr", "area_id")
    list_filter = ("action", "model", "source")
    search_fields = ("actor_label", "object_repr", "object_id")


@admin.register(Disclosure)
class DisclosureAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor_label", "source", "subject_model", "subject_id", "fields", "purpose", "purpose_ref")
    list_filter = ("purpose", "subject_model")
    search_fields = ("actor_label", "subject_id", "purpose_ref")
