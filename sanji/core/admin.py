"""Admin pages for operators (superusers): the tree, organisations, people and grants."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import Area, Compound, PartnerUnit, PartyMember, PartyOrg, PriorityGroup, Resident, RoleGrant, User


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
class PartyMemberAdmin(admin.ModelAdmin):
    list_display = ("name", "party_org", "reported_community")
    search_fields = ("name",)


@admin.register(Resident)
class ResidentAdmin(admin.ModelAdmin):
    list_display = ("name", "community")
    search_fields = ("name",)


@admin.register(RoleGrant)
class RoleGrantAdmin(admin.ModelAdmin):
    list_display = ("user", "role", "area", "partner_unit", "party_org")
    list_filter = ("role",)


admin.site.register(PriorityGroup)
