"""The cadre pool: home agencies, the people who act for them, and the cadres they release."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanji.core.models import Area


class Skill(models.TextChoices):
    """What a community may want and a cadre or an agency may bring."""

    MEDIATION = "mediation", _("Dispute mediation")
    PETITIONS = "petitions", _("Petitions and visits")
    EMERGENCY = "emergency", _("Emergency response")
    PARTY_BUILDING = "party_building", _("Party building")
    URBAN_MANAGEMENT = "urban_management", _("Urban management")
    SOCIAL_ASSISTANCE = "social_assistance", _("Social assistance and elderly care")
    LEGAL = "legal", _("Legal services")
    PROPERTY = "property", _("Property management")
    DIGITAL = "digital", _("Data and digital services")
    CULTURE = "culture", _("Publicity and culture")
    ENTERPRISE = "enterprise", _("Enterprise services")


class Rank(models.TextChoices):
    CLERK = "clerk", _("Clerk")
    DEPUTY_SECTION = "deputy_section", _("Deputy section level")
    SECTION = "section", _("Section level")


#: A cadre's level for ability fit (``sanji.cadres.fit``).
RANK_LEVEL = {Rank.CLERK: 1, Rank.DEPUTY_SECTION: 2, Rank.SECTION: 3}


class Agency(models.Model):
    """A district or street agency (机关单位) that releases cadres, receives their reports and answers whistles."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    business = models.JSONField(_("lines of business"), default=list, blank=True)
    supervises = models.ManyToManyField(
        Area, verbose_name=_("supervises"), blank=True, related_name="supervising_agencies",
        help_text=_("Areas under the agency's direct supervision; its cadres are not placed there."),
    )

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name"]

    def __str__(self):
        return self.name


class AgencyDesk(models.Model):
    """A user who acts for an agency: reads its cadres' reports, publishes its documents, reports to whistles."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agency_desks")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="desks")

    class Meta:
        verbose_name = _("agency desk")
        verbose_name_plural = _("agency desks")
        constraints = [models.UniqueConstraint(fields=["user", "agency"], name="agency_desk_unique")]

    def __str__(self):
        return f"{self.user} · {self.agency}"


class Cadre(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="cadre"
    )
    name = models.CharField(_("name"), max_length=40)
    agency = models.ForeignKey(Agency, verbose_name=_("home agency"), on_delete=models.PROTECT, related_name="cadres")
    born_on = models.DateField(_("date of birth"))
    rank = models.CharField(_("rank"), max_length=16, choices=Rank.choices, default=Rank.CLERK)
    major = models.CharField(_("major"), max_length=60, blank=True)
    skills = models.JSONField(_("skills"), default=list, blank=True)
    grassroots_experience = models.BooleanField(_("has grassroots experience"), default=False)
    home_community = models.ForeignKey(
        Area, verbose_name=_("community of residence"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="resident_cadres",
    )

    class Meta:
        verbose_name = _("cadre")
        verbose_name_plural = _("cadres")
        ordering = ["agency__name", "name", "id"]

    def __str__(self):
        return self.name

    @property
    def level(self) -> int:
        return RANK_LEVEL[self.rank]

    def age_on(self, day) -> int:
        """Return the cadre's age in whole years on ``day``."""
        return day.year - self.born_on.year - ((day.month, day.day) < (self.born_on.month, self.born_on.day))
