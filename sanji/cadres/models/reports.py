"""Sentinel reports going up to the home agency, policy documents coming down to the community."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .placements import Placement
from .pool import Agency


class ReportKind(models.TextChoices):
    FACTS = "facts", _("Facts on the ground")
    OPINIONS = "opinions", _("Residents' opinions")
    CAUSES = "causes", _("Root causes")


class FieldReport(models.Model):
    """A sentinel report (哨点): it reaches the cadre's home agency, which answers it."""

    placement = models.ForeignKey(Placement, on_delete=models.PROTECT, related_name="reports")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="reports")
    kind = models.CharField(_("kind"), max_length=10, choices=ReportKind.choices)
    title = models.CharField(_("title"), max_length=120)
    body = models.TextField(_("report"))
    filed_at = models.DateTimeField()
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-filed_at", "-id"]
        indexes = [models.Index(fields=["agency", "answered_at", "filed_at"], name="report_inbox")]

    def __str__(self):
        return self.title



class Bulletin(models.Model):
    """A policy document an agency sends down to its placed cadres, who explain it in their communities."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="bulletins")
    title = models.CharField(_("title"), max_length=120)
    number = models.CharField(_("document number"), max_length=60, blank=True)
    body = models.TextField(_("what it says"))
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-published_at", "-id"]

    def __str__(self):
        return self.title



class BulletinReceipt(models.Model):
    bulletin = models.ForeignKey(Bulletin, on_delete=models.CASCADE, related_name="receipts")
    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="receipts")
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    explained_at = models.DateTimeField(null=True, blank=True)
    explained_how = models.TextField(_("how it was explained"), blank=True)
    audience = models.PositiveIntegerField(_("residents reached"), default=0)

    class Meta:
        ordering = ["bulletin", "placement"]
        constraints = [models.UniqueConstraint(fields=["bulletin", "placement"], name="receipt_once")]

    def __str__(self):
        return f"{self.bulletin} · {self.placement}"
