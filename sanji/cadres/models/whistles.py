"""Whistles (吹哨报到): a community names agencies that must come and report on a hard problem."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanji.core.models import Area

from .placements import Placement
from .pool import Agency


class WhistleKind(models.TextChoices):
    DAILY = "daily", _("Daily")
    KEY_TASK = "key_task", _("Key task")
    EMERGENCY = "emergency", _("Emergency")


class WhistleState(models.TextChoices):
    OPEN = "open", _("Waiting for agencies")
    CLOSED = "closed", _("Closed by the community")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Whistle(models.Model):
    community = models.ForeignKey(Area, verbose_name=_("community"), on_delete=models.PROTECT, related_name="whistles")
    kind = models.CharField(_("kind"), max_length=10, choices=WhistleKind.choices)
    problem = models.CharField(_("problem"), max_length=120)
    detail = models.TextField(_("what has been tried"), blank=True)
    state = models.CharField(_("state"), max_length=10, choices=WhistleState.choices, default=WhistleState.OPEN)
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    placement = models.ForeignKey(Placement, null=True, blank=True, on_delete=models.SET_NULL, related_name="whistles")
    raised_at = models.DateTimeField()
    report_by = models.DateTimeField(_("agencies report by"))
    closed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.TextField(_("outcome"), blank=True)

    class Meta:
        verbose_name = _("whistle")
        verbose_name_plural = _("whistles")
        ordering = ["-raised_at", "-id"]

    def __str__(self):
        return self.problem

    def get_absolute_url(self):
        return f"/cadres/whistles/{self.pk}/"


class WhistleCall(models.Model):
    """One agency named by a whistle, and its report: who came, what was done, when.

    Each call has its own deadline: an agency named later gets as long as the first ones had, counted from when
    it was named, and the deadline of an agency named earlier never moves.
    """

    whistle = models.ForeignKey(Whistle, on_delete=models.CASCADE, related_name="calls")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="whistle_calls")
    report_by = models.DateTimeField(_("report by"))
    reported_at = models.DateTimeField(null=True, blank=True)
    attendees = models.CharField(_("who came"), max_length=200, blank=True)
    action = models.TextField(_("what the agency did"), blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["whistle", "agency__name"]
        constraints = [models.UniqueConstraint(fields=["whistle", "agency"], name="whistle_call_once")]

    def __str__(self):
        return f"{self.whistle} · {self.agency}"

    @property
    def on_time(self) -> bool | None:
        return None if self.reported_at is None else self.reported_at <= self.report_by



class WhistleEvent(models.Model):
    whistle = models.ForeignKey(Whistle, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField()
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.whistle} · {self.kind}"
