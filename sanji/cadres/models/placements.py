"""A cadre's time in a community: the placement, its log, tasks and evaluations."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanji.core.models import Area

from .batches import Batch, Role
from .pool import Cadre


class PlacementQuerySet(models.QuerySet):
    def active_on(self, day):
        """Keep the placements running on ``day``: within their window and not recalled before it."""
        return self.filter(starts_on__lte=day, ends_on__gte=day).filter(
            models.Q(recalled_on__isnull=True) | models.Q(recalled_on__gte=day))


class Placement(models.Model):
    """A cadre placed full time in a community for a batch; ``recalled_on`` is set when he or she is recalled early.
    """

    batch = models.ForeignKey(Batch, on_delete=models.PROTECT, related_name="placements")
    cadre = models.ForeignKey(Cadre, on_delete=models.PROTECT, related_name="placements")
    community = models.ForeignKey(Area, verbose_name=_("community"), on_delete=models.PROTECT,
                                  related_name="cadre_placements")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    recalled_on = models.DateField(_("recalled on"), null=True, blank=True)
    recall_reason = models.CharField(_("reason for recall"), max_length=200, blank=True)

    objects = PlacementQuerySet.as_manager()

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["community__path", "cadre__name", "id"]
        constraints = [models.UniqueConstraint(fields=["batch", "cadre"], name="placement_once_per_batch")]

    def __str__(self):
        return f"{self.cadre} · {self.community}"

    def get_absolute_url(self):
        return f"/cadres/placements/{self.pk}/"

    @property
    def last_day(self):
        return self.recalled_on or self.ends_on

    def is_active_on(self, day) -> bool:
        return self.starts_on <= day <= self.last_day

    @property
    def midpoint(self):
        return self.starts_on + (self.ends_on - self.starts_on) / 2


class LogKind(models.TextChoices):
    WORK = "work", _("Work")
    DISPUTE = "dispute", _("Dispute handled")
    PETITION = "petition", _("Petition received")
    EMERGENCY = "emergency", _("Emergency attended")


class LogEntry(models.Model):
    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="log")
    on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=LogKind.choices, default=LogKind.WORK)
    text = models.TextField(_("what the cadre did"))
    people = models.PositiveIntegerField(_("residents involved"), default=0)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-on", "-id"]

    def __str__(self):
        return f"{self.on} · {self.get_kind_display()}"



class Task(models.Model):
    """A task the community (or the home agency) gives a placed cadre."""

    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("task"), max_length=120)
    detail = models.TextField(_("detail"), blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    assigned_at = models.DateTimeField()
    done_at = models.DateTimeField(null=True, blank=True)
    done_note = models.TextField(_("how it was done"), blank=True)

    class Meta:
        ordering = ["done_at", "due_on", "id"]

    def __str__(self):
        return self.title



class Stage(models.TextChoices):
    MID = "mid", _("Mid-term")
    FINAL = "final", _("Final")


class Side(models.TextChoices):
    COMMUNITY = "community", _("Community")
    AGENCY = "agency", _("Home agency")


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")
    COMPETENT = "competent", _("Competent")
    BASIC = "basic", _("Basically competent")
    INCOMPETENT = "incompetent", _("Not competent")


class Evaluation(models.Model):
    placement = models.ForeignKey(Placement, on_delete=models.CASCADE, related_name="evaluations")
    stage = models.CharField(_("stage"), max_length=8, choices=Stage.choices)
    side = models.CharField(_("evaluated by"), max_length=10, choices=Side.choices)
    grade = models.CharField(_("grade"), max_length=12, choices=Grade.choices)
    comment = models.TextField(_("comment"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["stage", "side"]
        constraints = [models.UniqueConstraint(fields=["placement", "stage", "side"], name="evaluation_once")]

    def __str__(self):
        return f"{self.get_stage_display()} · {self.get_side_display()} · {self.get_grade_display()}"
