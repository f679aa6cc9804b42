"""Owners' votes (业主共同决定事项) under Article 278 of the Civil Code.

A vote is drafted, then announced: the meeting notice goes up at least 15 days before the ballot opens, and the
roll of units, areas and owners is frozen in ``RollUnit`` at that moment, so later changes to the registry do not
move the count. Ballots are taken while the window is open, one per owner; a paper ballot is entered by staff and
every entry or correction is a ``VoteEvent``. After the window closes the vote is counted by ``tally`` and the
result, with its arithmetic, is published. ``sanji.property.services.votes.vote_transition`` is the one writer of
``OwnersVote.state``.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sanji.core.models import Compound

from .registry import Owner, Unit


class Matter(models.IntegerChoices):
    """The nine matters of Civil Code art. 278, in its order."""

    RULES_OF_PROCEDURE = 1, _("Make or amend the rules of procedure of the owners' assembly")
    MANAGEMENT_STATUTE = 2, _("Make or amend the management statute")
    COMMITTEE = 3, _("Elect the owners' committee or replace its members")
    PROPERTY_MANAGER = 4, _("Engage or dismiss the property service company or another manager")
    USE_MAINTENANCE_FUND = 5, _("Use the maintenance fund of the buildings and their facilities")
    RAISE_MAINTENANCE_FUND = 6, _("Raise the maintenance fund of the buildings and their facilities")
    REBUILD = 7, _("Alter or rebuild the buildings and their facilities")
    COMMON_PARTS_USE = 8, _("Change the use of common parts or run a business with them")
    OTHER_MAJOR = 9, _("Another major matter of common ownership and management")


class VoteState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ANNOUNCED = "announced", _("Announced")
    COUNTED = "counted", _("Counted and published")
    CANCELLED = "cancelled", _("Cancelled")


class OwnersVote(models.Model):
    compound = models.ForeignKey(Compound, verbose_name=_("compound"), on_delete=models.PROTECT, related_name="votes")
    matter = models.PositiveSmallIntegerField(_("matter (Civil Code art. 278)"), choices=Matter.choices)
    title = models.CharField(_("title"), max_length=120)
    proposal = models.TextField(_("proposal"))
    opens_at = models.DateTimeField(_("ballot opens"))
    closes_at = models.DateTimeField(_("ballot closes"))
    state = models.CharField(_("state"), max_length=16, choices=VoteState.choices, default=VoteState.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField()
    announced_at = models.DateTimeField(_("notice published"), null=True, blank=True)
    counted_at = models.DateTimeField(_("counted"), null=True, blank=True)
    #: The tally as published: every figure and every check, areas as decimal strings.
    result = models.JSONField(null=True, blank=True)

    class Meta:
        verbose_name = _("owners' vote")
        verbose_name_plural = _("owners' votes")
        ordering = ["-opens_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(closes_at__gt=models.F("opens_at")), name="vote_window_order"),
            models.CheckConstraint(condition=models.Q(matter__gte=1, matter__lte=9), name="vote_matter_in_range"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("property:vote", args=[self.pk])


class RollUnit(models.Model):
    """A unit as it stood on the roll when the vote was announced."""

    vote = models.ForeignKey(OwnersVote, on_delete=models.CASCADE, related_name="roll")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(Owner, on_delete=models.PROTECT, related_name="+")
    area = models.DecimalField(max_digits=10, decimal_places=2)
    is_developer = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["vote", "unit"], name="roll_unit_once")]

    def __str__(self):
        return f"{self.unit_id} {self.area}"


class Choice(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    ABSTAIN = "abstain", _("Abstain")


class Channel(models.TextChoices):
    PAPER = "paper", _("Paper ballot, entered by staff")
    ONLINE = "online", _("Cast online by the owner")


class Ballot(models.Model):
    """One owner's ballot. A mistaken paper entry is voided (kept, with the reason) and entered again."""

    vote = models.ForeignKey(OwnersVote, on_delete=models.CASCADE, related_name="ballots")
    owner = models.ForeignKey(Owner, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="ballots")
    choice = models.CharField(_("choice"), max_length=8, choices=Choice.choices)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    entered_at = models.DateTimeField()
    voided_at = models.DateTimeField(null=True, blank=True)
    void_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        ordering = ["vote_id", "entered_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["vote", "owner"], condition=models.Q(voided_at__isnull=True), name="ballot_one_per_owner"
            ),
        ]

    def __str__(self):
        return f"{self.owner} {self.choice}"


class VoteEvent(models.Model):
    """The log of a vote: drafted, announced, each ballot entered or voided, counted, cancelled."""

    vote = models.ForeignKey(OwnersVote, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=24)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField()
    params = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["vote_id", "at", "pk"]

    def __str__(self):
        return f"{self.kind} {self.at:%Y-%m-%d}"
