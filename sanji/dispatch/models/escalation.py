"""A missed deadline that moved a wish up one level. One row per wish and level reached, never two."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from sanji.wishes.models import EscalationLevel, Wish


class Escalation(models.Model):
    class Step(models.TextChoices):
        REVIEW = "review", _("Review")
        CLAIM = "claim", _("Claiming")
        FULFIL = "fulfil", _("Fulfilment")
        FOLLOWUP = "followup", _("Follow-up visit")

    wish = models.ForeignKey(Wish, on_delete=models.CASCADE, related_name="escalations")
    from_level = models.CharField(_("from"), max_length=12, choices=EscalationLevel.choices)
    to_level = models.CharField(_("to"), max_length=12, choices=EscalationLevel.choices)
    step = models.CharField(_("missed step"), max_length=12, choices=Step.choices)
    due_at = models.DateTimeField(_("was due"))
    at = models.DateTimeField(_("escalated at"))

    class Meta:
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        ordering = ["-at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["wish", "to_level"], name="escalation_once_per_level"),
        ]

    def __str__(self):
        return f"#{self.wish_id} → {self.get_to_level_display()}"
