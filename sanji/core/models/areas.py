"""The area tree (district -> street -> community -> grid) and the compounds in it."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AreaLevel(models.TextChoices):
    DISTRICT = "district", _("District")
    STREET = "street", _("Street")
    COMMUNITY = "community", _("Community")
    GRID = "grid", _("Grid")


#: The level a child of each level must have.
CHILD_LEVEL = {
    AreaLevel.DISTRICT: AreaLevel.STREET,
    AreaLevel.STREET: AreaLevel.COMMUNITY,
    AreaLevel.COMMUNITY: AreaLevel.GRID,
}


class Area(models.Model):
    """A node of the administrative tree.

    ``path`` is a materialised path (``/1/7/42/``) so that "this node and everything below it" is one
    indexed prefix match on both SQLite and PostgreSQL. Only ``area_create`` and ``area_move`` write it.
    """

    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=16, choices=AreaLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(max_length=255, unique=True, editable=False)
    #: The statistical division code (统计用区划代码), e.g. 370202 for Shinan; how the API names an area.
    code = models.CharField(_("division code"), max_length=12, unique=True, null=True, blank=True)

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="area_unique_name_under_parent"),
        ]

    def __str__(self):
        return self.name

    def contains(self, other: "Area") -> bool:
        """Return True if ``other`` is this area or lies below it."""
        return other.path.startswith(self.path)

    def ancestor_ids(self) -> list[int]:
        """Return the ids of this area's ancestors and itself, from the root down (read off the path)."""
        return [int(part) for part in self.path.strip("/").split("/")]

    def ancestors(self):
        """Return this area's ancestors and itself, from the root down."""
        ids = self.ancestor_ids()
        by_id = {a.pk: a for a in Area.objects.filter(pk__in=ids)}
        return [by_id[i] for i in ids]

    def ancestor_at(self, level: str) -> "Area | None":
        """Return the ancestor (or self) at ``level``, or None."""
        return next((a for a in self.ancestors() if a.level == level), None)


class CompoundKind(models.TextChoices):
    OPEN = "open", _("Open old yard")
    CLOSED = "closed", _("Closed estate")


class ManagementMode(models.TextChoices):
    """The "4" of the 1+4 model; the "1", the party organisation, leads every mode."""

    NONE = "none", _("Not yet managed")
    COMMERCIAL = "commercial", _("Commercial property management")
    SELF_MANAGED = "self_managed", _("Managed by residents")
    SCENIC_JOINT = "scenic_joint", _("Scenic area and community jointly")
    SOE_EMBEDDED = "soe_embedded", _("District state-owned firm embedded")


class Compound(models.Model):
    name = models.CharField(_("name"), max_length=100)
    community = models.ForeignKey(
        Area, verbose_name=_("community"), on_delete=models.PROTECT, related_name="compounds"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=CompoundKind.choices, default=CompoundKind.OPEN)
    management_mode = models.CharField(
        _("management mode"), max_length=16, choices=ManagementMode.choices, default=ManagementMode.NONE
    )
    is_pilot = models.BooleanField(_("pilot site"), default=False)
    address = models.CharField(_("address"), max_length=200, blank=True)
    #: The compound's party branch: the "1" that leads whichever of the four modes is in place.
    party_branch = models.ForeignKey(
        "core.PartyOrg", verbose_name=_("party branch"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="compounds",
    )

    class Meta:
        verbose_name = _("compound")
        verbose_name_plural = _("compounds")
        ordering = ["community__path", "name"]
        constraints = [
            models.UniqueConstraint(fields=["community", "name"], name="compound_unique_name_in_community"),
        ]

    def __str__(self):
        return self.name
