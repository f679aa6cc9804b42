"""Party organisations and the partner units that co-build with communities."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .areas import Area


class PartyOrgKind(models.TextChoices):
    AGENCY = "agency", _("Agency party organisation")
    STREET_COMMITTEE = "street_committee", _("Street working committee")
    COMMUNITY_COMMITTEE = "community_committee", _("Community party committee")
    COMPOUND_BRANCH = "compound_branch", _("Compound party branch")


class PartyOrg(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=24, choices=PartyOrgKind.choices)
    area = models.ForeignKey(Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="party_orgs")
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        verbose_name = _("party organisation")
        verbose_name_plural = _("party organisations")
        ordering = ["area__path", "name"]

    def __str__(self):
        return self.name


class PartnerUnitKind(models.TextChoices):
    UNIVERSITY = "university", _("University")
    COMPANY = "company", _("Company")
    HOSPITAL = "hospital", _("Hospital")
    SOE = "soe", _("State-owned firm")
    OTHER = "other", _("Other")


class PartnerUnit(models.Model):
    """A unit that signed a co-building agreement (共建协议) with one or more communities."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=PartnerUnitKind.choices)
    communities = models.ManyToManyField(
        Area, verbose_name=_("co-building communities"), related_name="partner_units"
    )
    services = models.TextField(_("services offered"), blank=True)

    class Meta:
        verbose_name = _("partner unit")
        verbose_name_plural = _("partner units")
        ordering = ["name"]

    def __str__(self):
        return self.name
