"""The compound registry: buildings, units with their registered exclusive area, owners, and mode history.

``sanji.core.models.Compound`` holds the compound itself (community, kind, mode, pilot status, party branch);
this module holds what the property work needs beside it. Only ``sanji.property.services.registry`` writes here.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanji.core.fields import EncryptedTextField, LookupHashField, PersonalDataModel
from sanji.core.models import Compound, ManagementMode
from sanji.core.validators import validate_phone


class Building(models.Model):
    compound = models.ForeignKey(
        Compound, verbose_name=_("compound"), on_delete=models.CASCADE, related_name="buildings"
    )
    name = models.CharField(_("building"), max_length=40)

    class Meta:
        verbose_name = _("building")
        verbose_name_plural = _("buildings")
        ordering = ["compound_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["compound", "name"], name="building_unique_name_in_compound"),
        ]

    def __str__(self):
        return self.name


class Owner(PersonalDataModel):
    """An owner of one or more units of a compound, or the compound's developer for its unsold units.

    One buyer holding several units is one row (and counts once in a vote); the developer is one row per
    compound, however many units it still holds.
    """

    compound = models.ForeignKey(Compound, verbose_name=_("compound"), on_delete=models.CASCADE, related_name="owners")
    name = models.CharField(_("name"), max_length=60)
    phone = EncryptedTextField(_("phone"), blank=True, max_length=20, validators=[validate_phone])
    phone_hash = LookupHashField(source="phone", kind="phone")
    is_developer = models.BooleanField(_("developer (unsold or undelivered units)"), default=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("login"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="owned",
    )

    class Meta:
        verbose_name = _("owner")
        verbose_name_plural = _("owners")
        ordering = ["compound_id", "name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["compound", "name", "phone_hash"], name="owner_unique_in_compound"),
            models.UniqueConstraint(
                fields=["compound"], condition=models.Q(is_developer=True), name="owner_one_developer_per_compound"
            ),
        ]

    def __str__(self):
        return self.name


class Unit(models.Model):
    """An exclusive unit (专有部分): a flat or a shop, with the area registered for it."""

    building = models.ForeignKey(Building, verbose_name=_("building"), on_delete=models.CASCADE, related_name="units")
    number = models.CharField(_("unit"), max_length=30)
    area = models.DecimalField(_("exclusive area (m²)"), max_digits=10, decimal_places=2)
    owner = models.ForeignKey(Owner, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="units")

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["building__name", "number"]
        constraints = [
            models.UniqueConstraint(fields=["building", "number"], name="unit_unique_number_in_building"),
            models.CheckConstraint(condition=models.Q(area__gt=0), name="unit_area_positive"),
        ]

    def __str__(self):
        return f"{self.building.name} {self.number}"


class ModeChange(models.Model):
    """One entry in a compound's management-mode history; the newest is the compound's current mode."""

    compound = models.ForeignKey(
        Compound, verbose_name=_("compound"), on_delete=models.CASCADE, related_name="mode_changes"
    )
    mode = models.CharField(_("management mode"), max_length=16, choices=ManagementMode.choices)
    since = models.DateField(_("since"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    changed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("management mode change")
        verbose_name_plural = _("management mode changes")
        ordering = ["compound_id", "-since", "-pk"]

    def __str__(self):
        return f"{self.compound} {self.mode} {self.since}"


class CommitteeRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice-chair")
    MEMBER = "member", _("Member")


class CommitteeState(models.TextChoices):
    ELECTED = "elected", _("Elected, not yet in office")
    CURRENT = "current", _("In office")
    FORMER = "former", _("Former")


class CommitteeTerm(models.Model):
    """One term (届) of a compound's owners' committee."""

    compound = models.ForeignKey(
        Compound, verbose_name=_("compound"), on_delete=models.CASCADE, related_name="committee_terms"
    )
    number = models.PositiveSmallIntegerField(_("term number"))
    starts_on = models.DateField(_("term starts"))
    ends_on = models.DateField(_("term ends"))
    state = models.CharField(_("state"), max_length=16, choices=CommitteeState.choices, default=CommitteeState.CURRENT)

    class Meta:
        verbose_name = _("owners' committee term")
        verbose_name_plural = _("owners' committee terms")
        ordering = ["compound_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["compound", "number"], name="committee_unique_number"),
            models.UniqueConstraint(
                fields=["compound"], condition=models.Q(state="current"), name="committee_one_current"
            ),
            models.CheckConstraint(condition=models.Q(ends_on__gt=models.F("starts_on")), name="committee_term_ends"),
        ]

    def __str__(self):
        return f"{self.compound} #{self.number}"

    def roster(self) -> list:
        """Return the members, chair first, then the vice-chair, then the others by name."""
        order = {CommitteeRole.CHAIR: 0, CommitteeRole.VICE_CHAIR: 1}
        return sorted(self.members.select_related("owner"), key=lambda m: (order.get(m.role, 2), m.owner.name))


class CommitteeMember(models.Model):
    term = models.ForeignKey(CommitteeTerm, on_delete=models.CASCADE, related_name="members")
    owner = models.ForeignKey(Owner, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=16, choices=CommitteeRole.choices, default=CommitteeRole.MEMBER)

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["term_id", "role", "owner__name"]
        constraints = [
            models.UniqueConstraint(fields=["term", "owner"], name="committee_member_once"),
        ]

    def __str__(self):
        return f"{self.owner} ({self.get_role_display()})"
