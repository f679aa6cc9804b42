"""Admin pages for the editable data of wishes: the duty catalogue and the deadline policies.

Wishes themselves are read-only here: their state changes only through ``transitions``.
"""

from django.contrib import admin

from .models import DutyCategory, DutyType, Wish, WishEvent, WishPolicy


class DutyTypeInline(admin.TabularInline):
    model = DutyType
    extra = 0


@admin.register(DutyCategory)
class DutyCategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "position")
    inlines = [DutyTypeInline]


@admin.register(WishPolicy)
class WishPolicyAdmin(admin.ModelAdmin):
    list_display = ("__str__", "review_days", "claim_days", "max_fulfil_days", "followup_days", "escalation_days",
                    "value_cap")


class WishEventInline(admin.TabularInline):
    model = WishEvent
    extra = 0
    can_delete = False
    readonly_fields = ("at", "actor", "action", "from_state", "to_state", "note")


@admin.register(Wish)
class WishAdmin(admin.ModelAdmin):
    list_display = ("pk", "state", "community", "duty_type", "created_at")
    list_filter = ("state", "channel")
    inlines = [WishEventInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
