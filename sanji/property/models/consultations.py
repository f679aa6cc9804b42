"""Door-to-door consultation (逐户上门、全面征求): a question put to every household of a compound.

A household is a unit. Each knock is a ``Visit`` row and none is ever overwritten: a household's opinion is the
one of its latest visit that reached someone; a visit that found nobody home keeps the household on the list
for the next round.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sanji.core.models import Compound

from .registry import Unit


class ConsultationState(models.TextChoices):
    OPEN = "open", _("Under way")
    CLOSED = "closed", _("Closed")


class Consultation(models.Model):
    compound = models.ForeignKey(
        Compound, verbose_name=_("compound"), on_delete=models.PROTECT, related_name="consultations"
    )
    question = models.CharField(_("question"), max_length=200)
    details = models.TextField(_("details"), blank=True)
    state = models.CharField(
        _("state"), max_length=16, choices=ConsultationState.choices, default=ConsultationState.OPEN
    )
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    opened_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    closing_note = models.TextField(_("closing note"), blank=True)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-opened_at", "-pk"]

    def __str__(self):
        return self.question

    def get_absolute_url(self):
        return reverse("property:consultation", args=[self.pk])


class Opinion(models.TextChoices):
    AGREE = "agree", _("Agrees")
    DISAGREE = "disagree", _("Disagrees")
    UNDECIDED = "undecided", _("Undecided")
    NOT_HOME = "not_home", _("Nobody home")


#: Opinions that count a household as reached.
REACHED = (Opinion.AGREE, Opinion.DISAGREE, Opinion.UNDECIDED)


class Visit(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="visits")
    unit = models.ForeignKey(Unit, verbose_name=_("household"), on_delete=models.PROTECT, related_name="visits")
    opinion = models.CharField(_("opinion"), max_length=16, choices=Opinion.choices)
    remarks = models.CharField(_("remarks"), max_length=500, blank=True)
    visited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    visited_at = models.DateTimeField(_("visited at"))
    #: Made by the visitor's device, so that sending the same visit twice records it once.
    client_key = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-visited_at", "-pk"]
        indexes = [models.Index(fields=["consultation", "unit", "-visited_at"], name="visit_latest")]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "client_key"], condition=~models.Q(client_key=""), name="visit_client_key_once"
            ),
        ]

    def __str__(self):
        return f"{self.unit} {self.opinion}"
