"""A batch dispatch: a proposal of who takes each open wish of an area, edited and then confirmed."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanji.core.models import Area, Claimer
from sanji.wishes.models import Wish


class Objective(models.TextChoices):
    MAX_SCORE = "max_score", _("Best total fit")
    MAX_COUNT_THEN_SCORE = "max_count_then_score", _("As many wishes as possible, then best fit")


class BatchState(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    CONFIRMED = "confirmed", _("Confirmed")
    DISCARDED = "discarded", _("Discarded")


class LineOutcome(models.TextChoices):
    PENDING = "pending", _("Not sent yet")
    DISPATCHED = "dispatched", _("Dispatched")
    SKIPPED = "skipped", _("Not dispatched")


class DispatchBatch(models.Model):
    area = models.ForeignKey(Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="dispatch_batches")
    objective = models.CharField(_("objective"), max_length=24, choices=Objective.choices)
    state = models.CharField(
        _("state"), max_length=12, choices=BatchState.choices, default=BatchState.PROPOSED, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("proposed by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("proposed at"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    total_score = models.IntegerField(_("total score"), default=0)

    class Meta:
        verbose_name = _("dispatch batch")
        verbose_name_plural = _("dispatch batches")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        from django.utils import timezone

        return f"{self.area} · {timezone.localtime(self.created_at):%Y-%m-%d %H:%M}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("dispatch:batch", args=[self.pk])


#: Why a line was not sent, stored as a code and shown in the reader's language.
SKIP_REASONS = {
    "no_claimer": _("No claimer was chosen."),
    "changed": _("The wish changed since the proposal."),
    "full": _("The claimer can take no more wishes."),
}


class BatchLine(models.Model):
    """One wish of a batch: the proposed claimer (none if nobody fits), why, and what came of it."""

    batch = models.ForeignKey(DispatchBatch, on_delete=models.CASCADE, related_name="lines")
    wish = models.ForeignKey(Wish, on_delete=models.CASCADE, related_name="+")
    claimer = models.ForeignKey(Claimer, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    #: When the wish last changed state, as the proposal saw it: a wish that changed since is not sent.
    wish_changed_at = models.DateTimeField(null=True)
    score = models.IntegerField(_("score"), default=0)
    #: The claimer's score broken down: [{"code": "skill", "points": 25, "detail": "家居维修"}, ...]
    reasons = models.JSONField(default=list)
    #: The best candidates offered for editing: [{"id": 7, "score": 61}, ...]
    candidates = models.JSONField(default=list)
    outcome = models.CharField(_("outcome"), max_length=12, choices=LineOutcome.choices, default=LineOutcome.PENDING)
    outcome_note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["batch", "wish"], name="batch_line_once_per_wish")]

    def __str__(self):
        return f"{self.batch_id}: #{self.wish_id} → {self.claimer_id}"

    @property
    def outcome_reason(self) -> str:
        """Return why the line was not sent, in the active language (a refusal's own message as stored)."""
        return str(SKIP_REASONS.get(self.outcome_note, self.outcome_note))
