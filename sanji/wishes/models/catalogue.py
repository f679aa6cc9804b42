"""The duty catalogue (3 categories, 12 types) and the deadlines and caps wishes run under."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanji.core.models import Area


class DutyCategory(models.Model):
    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=50)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("duty category")
        verbose_name_plural = _("duty categories")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.name


class DutyTypeManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class DutyType(models.Model):
    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=50)
    category = models.ForeignKey(
        DutyCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="types"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = DutyTypeManager()

    class Meta:
        verbose_name = _("duty type")
        verbose_name_plural = _("duty types")
        ordering = ["category__position", "position", "pk"]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)


class WishPolicy(models.Model):
    """Deadlines (in days) and the value cap for wishes in an area's subtree.

    The policy of the nearest area up the tree applies; the row with no area is the district-wide
    default. Defaults follow domain.md §2.
    """

    area = models.OneToOneField(
        Area, verbose_name=_("area"), null=True, blank=True, on_delete=models.CASCADE, related_name="wish_policy"
    )
    review_days = models.PositiveSmallIntegerField(_("days to review"), default=2, validators=[MinValueValidator(1)])
    claim_days = models.PositiveSmallIntegerField(_("days to claim"), default=7, validators=[MinValueValidator(1)])
    max_fulfil_days = models.PositiveSmallIntegerField(
        _("longest promised fulfilment (days)"), default=30, validators=[MinValueValidator(1)]
    )
    followup_days = models.PositiveSmallIntegerField(
        _("days to follow up"), default=3, validators=[MinValueValidator(1)]
    )
    rework_days = models.PositiveSmallIntegerField(
        _("days to finish after a resident says it is not done"), default=7, validators=[MinValueValidator(1)]
    )
    escalation_days = models.PositiveSmallIntegerField(
        _("days an escalated level has before the next level is told"), default=2,
        validators=[MinValueValidator(1)],
    )
    value_cap = models.DecimalField(
        _("value cap (yuan)"), max_digits=10, decimal_places=2, default=Decimal("500.00"),
        validators=[MinValueValidator(Decimal("0"))],
    )

    class Meta:
        verbose_name = _("wish policy")
        verbose_name_plural = _("wish policies")
        constraints = [
            # The area link is one-to-one already; this keeps a single district-wide default (no area).
            models.UniqueConstraint(models.Value(1), condition=models.Q(area__isnull=True),
                                    name="one_default_policy"),
        ]

    def __str__(self):
        return str(self.area or _("District default"))
