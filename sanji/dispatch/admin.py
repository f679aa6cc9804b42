"""Admin pages for the editable data of dispatch: the responsibility matrix and claimer profiles."""

from django.contrib import admin

from sanji.wishes.models import DutyType

from .models import ClaimerProfile, DispatchBatch, Escalation, Responsibility


class ResponsibilityInline(admin.TabularInline):
    model = Responsibility
    extra = 0
    ordering = ["rank"]


@admin.register(DutyType)
class DutyTypeAdmin(admin.ModelAdmin):
    """A duty type with the levels that answer for it, in order: one row of the matrix."""

    list_display = ["name", "category", "code", "levels"]
    list_filter = ["category"]
    inlines = [ResponsibilityInline]

    @admin.display(description=Responsibility._meta.verbose_name_plural)
    def levels(self, obj):
        return " → ".join(r.get_level_display() for r in obj.responsibilities.order_by("rank"))

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("responsibilities")


@admin.register(Responsibility)
class ResponsibilityAdmin(admin.ModelAdmin):
    list_display = ["duty_type", "rank", "level"]
    list_filter = ["level", "duty_type__category"]
    ordering = ["duty_type__category__position", "duty_type__position", "rank"]


@admin.register(ClaimerProfile)
class ClaimerProfileAdmin(admin.ModelAdmin):
    list_display = ["claimer", "capacity"]
    filter_horizontal = ["duty_types"]


@admin.register(Escalation)
class EscalationAdmin(admin.ModelAdmin):
    list_display = ["wish", "from_level", "to_level", "step", "due_at", "at"]
    list_filter = ["to_level", "step"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(DispatchBatch)
class DispatchBatchAdmin(admin.ModelAdmin):
    list_display = ["area", "state", "objective", "created_by", "created_at", "total_score"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
