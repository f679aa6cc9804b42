"""Residents, party members, volunteers, and the claimers who take wishes."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..fields import EncryptedTextField, LookupHashField, PersonalDataModel
from ..validators import validate_id_number, validate_phone
from .areas import Area, Compound
from .orgs import PartnerUnit, PartyOrg


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")
    UNKNOWN = "unknown", _("Not stated")


class PriorityGroup(models.Model):
    """A group the programme serves first (一老一小, 低保户, 残疾人, 空巢老人). Rows are reference data."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=50)

    class Meta:
        verbose_name = _("priority group")
        verbose_name_plural = _("priority groups")
        ordering = ["pk"]

    def __str__(self):
        return self.name


class Resident(PersonalDataModel):
    """A person who makes wishes.

    Phone, address, ID-card number and the care note (health, disability, income: what helpers must know) are
    encrypted at rest and shown unmasked only as ``sanji.core.disclosure`` allows, each showing logged.
    """

    name = models.CharField(_("name"), max_length=50)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices, default=Gender.UNKNOWN)
    phone = EncryptedTextField(_("phone"), blank=True, max_length=20, validators=[validate_phone])
    phone_hash = LookupHashField(source="phone", kind="phone")
    phone_tail_hash = LookupHashField(source="phone", kind="phone_tail")
    address = EncryptedTextField(_("address"), blank=True, max_length=200)
    id_number = EncryptedTextField(_("ID-card number"), blank=True, max_length=18, validators=[validate_id_number])
    id_number_hash = LookupHashField(source="id_number", kind="id_number")
    care_note = EncryptedTextField(
        _("care note"), blank=True, max_length=500,
        help_text=_("Health, disability or income circumstances a helper must know."),
    )
    community = models.ForeignKey(
        Area, verbose_name=_("community"), on_delete=models.PROTECT, related_name="residents"
    )
    grid = models.ForeignKey(
        Area, verbose_name=_("grid"), null=True, blank=True, on_delete=models.PROTECT, related_name="grid_residents"
    )
    compound = models.ForeignKey(
        Compound, verbose_name=_("compound"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="residents",
    )
    priority_groups = models.ManyToManyField(
        PriorityGroup, verbose_name=_("priority groups"), blank=True, related_name="residents"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("login"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="resident",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        ordering = ["community__path", "name"]
        # Households of an area by id alone (an index-only scan): the figures' coverage counts them.
        indexes = [models.Index(fields=["community", "id"], name="resident_community_id")]

    def __str__(self):
        return self.name


class PartyMember(PersonalDataModel):
    """An employed party member who has reported (双报到) to the community where he or she lives."""

    name = models.CharField(_("name"), max_length=50)
    phone = EncryptedTextField(_("phone"), blank=True, max_length=20, validators=[validate_phone])
    phone_hash = LookupHashField(source="phone", kind="phone")
    party_org = models.ForeignKey(
        PartyOrg, verbose_name=_("home party organisation"), on_delete=models.PROTECT, related_name="members"
    )
    reported_community = models.ForeignKey(
        Area, verbose_name=_("reported to community"), on_delete=models.PROTECT, related_name="reported_members"
    )
    home_grid = models.ForeignKey(
        Area, verbose_name=_("lives in grid"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="resident_members",
    )
    occupation = models.CharField(_("occupation"), max_length=100, blank=True)
    speciality = models.CharField(_("speciality"), max_length=200, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("login"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="party_member",
    )

    class Meta:
        verbose_name = _("party member")
        verbose_name_plural = _("party members")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Volunteer(PersonalDataModel):
    name = models.CharField(_("name"), max_length=50)
    phone = EncryptedTextField(_("phone"), blank=True, max_length=20, validators=[validate_phone])
    phone_hash = LookupHashField(source="phone", kind="phone")
    partner_unit = models.ForeignKey(
        PartnerUnit, verbose_name=_("partner unit"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="volunteers",
    )
    community = models.ForeignKey(
        Area, verbose_name=_("community"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="volunteers",
    )

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ClaimerKind(models.TextChoices):
    """The four responsible levels, with partner units beside them."""

    MEMBER = "member", _("Party member")
    PARTY_ORG = "party_org", _("Agency party organisation")
    PARTNER_UNIT = "partner_unit", _("Partner unit")
    STREET = "street", _("Street")
    COMMUNITY = "community", _("Community")


class Claimer(models.Model):
    """Whoever can hold a wish: one row per member, agency party org, partner unit, street or community.

    Exactly one of the four links is set, matching ``kind``. ``service_areas`` are the communities (or
    streets) whose published wishes this claimer may take from the board.
    """

    kind = models.CharField(_("kind"), max_length=16, choices=ClaimerKind.choices)
    member = models.OneToOneField(PartyMember, null=True, blank=True, on_delete=models.CASCADE, related_name="claimer")
    party_org = models.OneToOneField(PartyOrg, null=True, blank=True, on_delete=models.CASCADE, related_name="claimer")
    partner_unit = models.OneToOneField(
        PartnerUnit, null=True, blank=True, on_delete=models.CASCADE, related_name="claimer"
    )
    area = models.OneToOneField(Area, null=True, blank=True, on_delete=models.CASCADE, related_name="claimer")
    service_areas = models.ManyToManyField(Area, verbose_name=_("serves"), related_name="serving_claimers")

    class Meta:
        verbose_name = _("claimer")
        verbose_name_plural = _("claimers")
        constraints = [
            models.CheckConstraint(
                name="claimer_exactly_one_link",
                condition=(
                    models.Q(kind="member", member__isnull=False, party_org__isnull=True,
                             partner_unit__isnull=True, area__isnull=True)
                    | models.Q(kind="party_org", member__isnull=True, party_org__isnull=False,
                               partner_unit__isnull=True, area__isnull=True)
                    | models.Q(kind="partner_unit", member__isnull=True, party_org__isnull=True,
                               partner_unit__isnull=False, area__isnull=True)
                    | models.Q(kind__in=["street", "community"], member__isnull=True, party_org__isnull=True,
                               partner_unit__isnull=True, area__isnull=False)
                ),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        target = self.member or self.party_org or self.partner_unit or self.area
        return str(target)
