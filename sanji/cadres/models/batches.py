"""Batches (期): the window, the cadres and communities in it, the proposals and the changes staff made to them."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanji.core.models import Area

from .pool import Cadre

_WEIGHT = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1))]


class BatchState(models.TextChoices):
    OPEN = "open", _("Being planned")
    PLACED = "placed", _("Placed")
    CLOSED = "closed", _("Finished")


class Mode(models.TextChoices):
    OPTIMAL = "optimal", _("Best total fit")
    STABLE = "stable", _("Stable matching")


class Side(models.TextChoices):
    CADRE = "cadre", _("Best for cadres")
    COMMUNITY = "community", _("Best for communities")


class Role(models.TextChoices):
    MEMBER = "member", _("Practice cadre")
    ASSISTANT = "assistant", _("Assistant to the party secretary")


class Batch(models.Model):
    """One batch of cadres sent down; its eligibility rules and fit weights are data, set per batch."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    state = models.CharField(_("state"), max_length=8, choices=BatchState.choices, default=BatchState.OPEN)
    max_age = models.PositiveSmallIntegerField(_("oldest age"), default=35)
    without_grassroots_only = models.BooleanField(_("only cadres without grassroots experience"), default=True)
    weight_ability = models.DecimalField(_("weight of ability fit"), max_digits=3, decimal_places=2,
                                         default=Decimal("0.40"), validators=_WEIGHT)
    weight_business = models.DecimalField(_("weight of business relevance"), max_digits=3, decimal_places=2,
                                          default=Decimal("0.30"), validators=_WEIGHT)
    weight_professional = models.DecimalField(_("weight of professional fit"), max_digits=3, decimal_places=2,
                                              default=Decimal("0.30"), validators=_WEIGHT)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    #: Moves on each time a cadre or a community joins or leaves; a proposal made at another revision is out of date.
    revision = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("batch")
        verbose_name_plural = _("batches")
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(name="batch_window", condition=models.Q(ends_on__gt=models.F("starts_on"))),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"/cadres/batches/{self.pk}/"


class BatchCadre(models.Model):
    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="entries")
    cadre = models.ForeignKey(Cadre, on_delete=models.PROTECT, related_name="batch_entries")
    role = models.CharField(_("sent as"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    prefs = models.JSONField(_("communities asked for"), default=list, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["batch", "cadre"], name="batch_cadre_once")]
        ordering = ["cadre__agency__name", "cadre__name", "id"]

    def __str__(self):
        return f"{self.batch} · {self.cadre}"



class BatchCommunity(models.Model):
    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="places")
    community = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="+")
    capacity = models.PositiveSmallIntegerField(_("cadres it takes"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["batch", "community"], name="batch_community_once")]
        ordering = ["community__path"]

    def __str__(self):
        return f"{self.batch} · {self.community}"



class BatchEvent(models.Model):
    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=24)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField()
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.batch} · {self.kind}"



class Proposal(models.Model):
    """A placement the platform proposed; staff may adjust it before it is adopted."""

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="proposals")
    revision = models.PositiveIntegerField(default=0)
    mode = models.CharField(_("mode"), max_length=8, choices=Mode.choices)
    side = models.CharField(_("side"), max_length=10, choices=Side.choices, default=Side.COMMUNITY)
    proposed_total = models.DecimalField(_("total fit as proposed"), max_digits=12, decimal_places=4)
    without_assistant = models.JSONField(default=list, blank=True)
    adopted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.batch} · {self.get_mode_display()}"



class ProposedPair(models.Model):
    """One cadre's line in a proposal: where he or she goes (or nowhere yet) and the fit there."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="pairs")
    cadre = models.ForeignKey(Cadre, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=10, choices=Role.choices)
    community = models.ForeignKey(Area, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    ability = models.DecimalField(max_digits=5, decimal_places=4, default=Decimal(0))
    business = models.DecimalField(max_digits=5, decimal_places=4, default=Decimal(0))
    professional = models.DecimalField(max_digits=5, decimal_places=4, default=Decimal(0))
    fit = models.DecimalField(max_digits=5, decimal_places=4, default=Decimal(0))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["proposal", "cadre"], name="proposed_cadre_once")]
        ordering = ["community__path", "role", "cadre__name", "id"]

    def __str__(self):
        return f"{self.cadre} · {self.community}"



class Adjustment(models.Model):
    """A change staff made to a proposal, with what it cost in total fit."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="adjustments")
    cadre = models.ForeignKey(Cadre, on_delete=models.PROTECT, related_name="+")
    from_community = models.ForeignKey(Area, null=True, on_delete=models.PROTECT, related_name="+")
    to_community = models.ForeignKey(Area, null=True, on_delete=models.PROTECT, related_name="+")
    swapped_with = models.ForeignKey(Cadre, null=True, on_delete=models.PROTECT, related_name="+")
    delta = models.DecimalField(max_digits=6, decimal_places=4)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.cadre} · {self.delta}"
