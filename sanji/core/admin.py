"""Admin pages for operators (superusers): the tree, organisations, people and grants."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from sanji.audit.services import disclosure_record

from .fields import encrypted_fields
from .models import Area, Compound, PartnerUnit, PartyMember, PartyOrg, PriorityGroup, Resident, RoleGrant, User
from .services import priority_households_recount


class PersonalDataAdmin(admin.ModelAdmin):
    """An admin page of people: lists show no encrypted field; opening a person's form is logged as a showing."""

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            obj = self.get_object(request, object_id)
            shown = [f.name for f in encrypted_fields(self.model) if obj is not None and getattr(obj, f.name)]
            if shown:
                disclosure_record(actor=request.user, subject=obj, fields=shown, purpose="admin_edit")
        return response


@admin.register(User)
class SanjiUserAdmin(UserAdmin):
    list_display = ("username", "display_name", "is_active", "last_login")
    fieldsets = (*UserAdmin.fieldsets, (None, {"fields": ("display_name",)}))


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ("name", "level", "parent", "path")
    list_filter = ("level",)
    search_fields = ("name",)
    readonly_fields = ("path",)

    def has_add_permission(self, request):
        return False  # areas are made by area_create, which keeps the paths right


@admin.register(Compound)
class CompoundAdmin(admin.ModelAdmin):
    list_display = ("name", "community", "kind", "management_mode", "is_pilot")
    list_filter = ("kind", "management_mode", "is_pilot")
    search_fields = ("name",)


@admin.register(PartyOrg)
class PartyOrgAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "area")
    list_filter = ("kind",)
    search_fields = ("name",)


@admin.register(PartnerUnit)
class PartnerUnitAdmin(admin.ModelAdmin):
    list_display = ("name", "kind")
    search_fields = ("name",)


@admin.register(PartyMember)
class PartyMemberAdmin(PersonalDataAdmin):
    list_display = ("name", "party_org", "reported_community")
    search_fields = ("name",)


@admin.register(Resident)
class ResidentAdmin(PersonalDataAdmin):
    list_display = ("name", "community")
    search_fields = ("name",)

    def save_related(self, request, form, formsets, change):
        """Save the groups, then count the register's priority households again (a move changes two places)."""
        super().save_related(request, form, formsets, change)
        priority_households_recount()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        priority_households_recount(community_ids=[obj.community_id])

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        priority_households_recount()


@admin.register(RoleGrant)
class RoleGrantAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "area", "partner_unit", "party_org")
    list_filter = ("role",)


admin.site.register(PriorityGroup)
