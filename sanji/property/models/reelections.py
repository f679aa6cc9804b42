"""Owners' committee re-election (业委会换届), party-led, after the Qingdao property-management regulation (2021).

The steps follow one another and none can be skipped (``sanji.property.services.reelections.reelection_transition``
is the one writer of ``Reelection.step``)::

    preparing ──announce──▶ announced ──elect──▶ elected ──choose_officers──▶ officers_chosen
        ▲                        │                                                  │
        └──────── (vote failed) ─┘                                     hand_over ──▶ handed_over ──file──▶ filed

``preparing`` is entered by the committee itself (started at least 60 days before its term ends) or, once that day
has passed, by the street, which forms a re-election group. Candidates are nominated and reviewed by the
community party organisation while preparing; ``announce`` publishes the reviewed slate and the meeting at least
15 days before the owners' vote (matter 3 of art. 278) opens.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sanji.core.models import Compound

from .registry import CommitteeTerm, Owner
from .votes import OwnersVote


class Step(models.TextChoices):
    PREPARING = "preparing", _("Nominating and reviewing candidates")
    ANNOUNCED = "announced", _("Candidates and meeting announced")
    ELECTED = "elected", _("New committee elected")
    OFFICERS_CHOSEN = "officers_chosen", _("Chair and vice-chair chosen")
    HANDED_OVER = "handed_over", _("Files and seals handed over")
    FILED = "filed", _("Filed with the street")


class Initiator(models.TextChoices):
    COMMITTEE = "committee", _("The outgoing committee")
    STREET_GROUP = "street_group", _("A re-election group formed by the street")


class Reelection(models.Model):
    compound = models.ForeignKey(
        Compound, verbose_name=_("compound"), on_delete=models.PROTECT, related_name="reelections"
    )
    outgoing = models.ForeignKey(
        CommitteeTerm, verbose_name=_("outgoing committee"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    initiator = models.CharField(_("started by"), max_length=16, choices=Initiator.choices)
    #: Who sits on the street's re-election group, as written on its formation notice.
    group_members = models.TextField(_("re-election group"), blank=True)
    step = models.CharField(_("step"), max_length=16, choices=Step.choices, default=Step.PREPARING)
    term_years = models.PositiveSmallIntegerField(_("term of the new committee (years)"))
    vote = models.ForeignKey(
        OwnersVote, verbose_name=_("election vote"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    elected = models.ForeignKey(
        CommitteeTerm, verbose_name=_("new committee"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    started_at = models.DateTimeField()
    announced_at = models.DateTimeField(null=True, blank=True)
    elected_at = models.DateTimeField(null=True, blank=True)
    officers_at = models.DateTimeField(null=True, blank=True)
    handed_over_at = models.DateTimeField(null=True, blank=True)
    filed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("committee re-election")
        verbose_name_plural = _("committee re-elections")
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["compound"], condition=~models.Q(step="filed"), name="reelection_one_under_way"
            ),
        ]

    def __str__(self):
        return f"{self.compound} {self.get_step_display()}"

    def get_absolute_url(self):
        return reverse("property:reelection", args=[self.pk])


class Route(models.TextChoices):
    SELF = "self", _("Self-nominated")
    OWNERS = "owners", _("Jointly nominated by owners")
    PARTY_ORG = "party_org", _("Recommended by the community party organisation")
    RESIDENTS_COMMITTEE = "residents_committee", _("Recommended by the residents' committee")


class Candidate(models.Model):
    reelection = models.ForeignKey(Reelection, on_delete=models.CASCADE, related_name="candidates")
    owner = models.ForeignKey(Owner, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+")
    route = models.CharField(_("nominated by"), max_length=24, choices=Route.choices)
    nominators = models.CharField(_("nominating owners"), max_length=500, blank=True)
    statement = models.TextField(_("statement"), blank=True)
    nominated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    nominated_at = models.DateTimeField()
    #: The party organisation's review: None until reviewed, then True (qualified) or False, always with a reason.
    qualified = models.BooleanField(_("qualified"), null=True, blank=True)
    review_reason = models.TextField(_("reason"), blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["reelection_id", "nominated_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["reelection", "owner"], name="candidate_once")]

    def __str__(self):
        return str(self.owner)


class Objection(models.Model):
    """An objection to the slate or the meeting, raised after the announcement; it is answered before the vote."""

    reelection = models.ForeignKey(Reelection, on_delete=models.CASCADE, related_name="objections")
    text = models.TextField(_("objection"))
    raised_by = models.CharField(_("raised by"), max_length=60)
    raised_at = models.DateTimeField()
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["raised_at", "pk"]

    def __str__(self):
        return self.text[:40]


class ReelectionEvent(models.Model):
    """The history of a re-election: each step, each nomination and review, each missed deadline flagged."""

    reelection = models.ForeignKey(Reelection, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=32)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField()
    params = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["reelection_id", "at", "pk"]

    def __str__(self):
        return f"{self.kind} {self.at:%Y-%m-%d}"
