"""The record of public text the moderator did not pass: blocked spam, and text held for staff to look at."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanji.core.models import Area


class Verdict(models.TextChoices):
    REVIEW = "review", _("Held for staff")
    SPAM = "spam", _("Blocked as spam")


class Screening(models.Model):
    """One text the moderator held or blocked. A blocked text is kept here and nowhere else."""

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("written by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.CharField(_("where"), max_length=40)
    text = models.TextField(_("text"))
    verdict = models.CharField(_("verdict"), max_length=8, choices=Verdict.choices)
    reasons = models.CharField(_("reasons"), max_length=200, blank=True)
    community = models.ForeignKey(
        Area, verbose_name=_("community"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject_id = models.PositiveBigIntegerField(_("record"), null=True, blank=True)

    class Meta:
        verbose_name = _("moderated text")
        verbose_name_plural = _("moderated texts")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["source", "subject_id"], name="screening_subject")]

    def __str__(self):
        return f"{self.get_verdict_display()} · {self.text[:30]}"

    def reason_codes(self) -> list[str]:
        return [code for code in self.reasons.split(",") if code]
