"""Roles granted on a node of the area tree; a grant covers the node's whole subtree."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .areas import Area
from .orgs import PartnerUnit, PartyOrg


class Role(models.TextChoices):
    DISTRICT_ADMIN = "district_admin", _("District administrator")
    STREET_OFFICER = "street_officer", _("Street officer")
    COMMUNITY_STAFF = "community_staff", _("Community secretary or staff")
    GRID_WORKER = "grid_worker", _("Grid worker")
    UNIT_COORDINATOR = "unit_coordinator", _("Partner unit coordinator")
    AGENCY_COORDINATOR = "agency_coordinator", _("Agency party organisation coordinator")


#: Roles that enter wishes for residents, see them and follow them up in their subtree.
STAFF_ROLES = frozenset(
    {Role.DISTRICT_ADMIN, Role.STREET_OFFICER, Role.COMMUNITY_STAFF, Role.GRID_WORKER}
)
#: Staff roles that also review, publish and dispatch: the community party committee and above.
REVIEWER_ROLES = frozenset({Role.DISTRICT_ADMIN, Role.STREET_OFFICER, Role.COMMUNITY_STAFF})


class RoleGrant(models.Model):
    """One role of one user on one area; coordinators also name the unit or party org they act for.

    Party members and residents need no grant: their link to a ``PartyMember`` or ``Resident`` row is
    their role.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="grants")
    role = models.CharField(_("role"), max_length=24, choices=Role.choices)
    area = models.ForeignKey(Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="grants")
    partner_unit = models.ForeignKey(
        PartnerUnit, verbose_name=_("partner unit"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="grants",
    )
    party_org = models.ForeignKey(
        PartyOrg, verbose_name=_("party organisation"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="grants",
    )
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("role grant")
        verbose_name_plural = _("role grants")
        constraints = [
            # Written as three partial constraints so that SQLite enforces them too.
            models.UniqueConstraint(
                fields=["user", "role", "area"], name="grant_unique_plain",
                condition=models.Q(partner_unit__isnull=True, party_org__isnull=True),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "area", "partner_unit"], name="grant_unique_unit",
                condition=models.Q(partner_unit__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "area", "party_org"], name="grant_unique_org",
                condition=models.Q(party_org__isnull=False),
            ),
            models.CheckConstraint(
                name="grant_coordinator_names_unit",
                condition=~models.Q(role="unit_coordinator") | models.Q(partner_unit__isnull=False),
            ),
            models.CheckConstraint(
                name="grant_coordinator_names_org",
                condition=~models.Q(role="agency_coordinator") | models.Q(party_org__isnull=False),
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.area}"
