"""The wish itself. Its ``state`` is written only by ``sanji.wishes.transitions``."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanji.core.models import Area, Claimer, Resident

from .catalogue import DutyType


class WishState(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting review")
    REJECTED = "rejected", _("Not approved")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    PUBLISHED = "published", _("Awaiting a claimer")
    DISPATCHED = "dispatched", _("Dispatched")
    CLAIMED = "claimed", _("Claimed")
    IN_PROGRESS = "in_progress", _("Being fulfilled")
    FULFILLED = "fulfilled", _("Fulfilled")
    CLOSED = "closed", _("Closed")
    MERGED = "merged", _("Merged into another wish")


#: States of wishes that are no longer needs: left out of classes and of the duplicate check.
NO_LONGER_NEEDED = (WishState.REJECTED, WishState.WITHDRAWN, WishState.MERGED)


class Channel(models.TextChoices):
    WEB = "web", _("Web or phone page")
    VISIT = "visit", _("Staff on a visit")
    HOTLINE = "hotline", _("Hotline")
    IMPORT = "import", _("Collection list import")


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY_SATISFIED = "basically_satisfied", _("Basically satisfied")
    UNSATISFIED = "unsatisfied", _("Unsatisfied")


class EscalationLevel(models.TextChoices):
    """Who watches a wish: its community, or, once a deadline was missed, the street, then the district."""

    COMMUNITY = "community", _("Community")
    STREET = "street", _("Street")
    DISTRICT = "district", _("District")


class Wish(models.Model):
    beneficiary = models.ForeignKey(
        Resident, verbose_name=_("beneficiary"), on_delete=models.PROTECT, related_name="wishes"
    )
    community = models.ForeignKey(Area, verbose_name=_("community"), on_delete=models.PROTECT, related_name="wishes")
    grid = models.ForeignKey(
        Area, verbose_name=_("grid"), null=True, blank=True, on_delete=models.PROTECT, related_name="grid_wishes"
    )
    text = models.TextField(_("wish"))
    duty_type = models.ForeignKey(
        DutyType, verbose_name=_("category"), null=True, blank=True, on_delete=models.PROTECT, related_name="wishes"
    )
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices, default=Channel.WEB)
    promised_value = models.DecimalField(
        _("estimated value (yuan)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    needs_policy = models.BooleanField(_("needs a policy answer"), default=False)
    #: The beneficiary's priority groups when the wish was made (",elderly,disabled,"), so figures by group
    #: stay as they were when a household later joins or leaves a group.
    beneficiary_groups = models.CharField(_("priority groups"), max_length=200, blank=True, editable=False)
    external_ref = models.CharField(_("external reference"), max_length=64, null=True, blank=True, unique=True)

    state = models.CharField(
        _("state"), max_length=16, choices=WishState.choices, default=WishState.SUBMITTED, editable=False
    )
    state_changed_at = models.DateTimeField(_("state changed at"), editable=False)
    holder = models.ForeignKey(
        Claimer, verbose_name=_("held by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="held_wishes", editable=False,
    )
    dispatched_to = models.ForeignKey(
        Claimer, verbose_name=_("dispatched to"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="dispatched_wishes", editable=False,
    )

    review_due = models.DateTimeField(_("review due"), null=True, blank=True, editable=False)
    claim_due = models.DateTimeField(_("claim due"), null=True, blank=True, editable=False)
    fulfil_due = models.DateTimeField(_("fulfilment due"), null=True, blank=True, editable=False)
    followup_due = models.DateTimeField(_("follow-up due"), null=True, blank=True, editable=False)

    escalation_level = models.CharField(
        _("watched by"), max_length=12, choices=EscalationLevel.choices, default=EscalationLevel.COMMUNITY,
        editable=False,
    )
    escalated_at = models.DateTimeField(_("last escalated at"), null=True, blank=True, editable=False)
    #: When the escalation scan must next look at this wish; kept by ``wishes.deadlines``. NULL: never.
    escalate_at = models.DateTimeField(_("escalates at"), null=True, blank=True, editable=False)

    reject_reason = models.TextField(_("reason for rejection"), blank=True, editable=False)
    fulfilment_note = models.TextField(_("fulfilment note"), blank=True, editable=False)
    satisfaction = models.CharField(
        _("satisfaction"), max_length=24, choices=Satisfaction.choices, blank=True, editable=False
    )
    rating_note = models.TextField(_("rating note"), blank=True, editable=False)
    merged_into = models.ForeignKey(
        "self", verbose_name=_("merged into"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="merged_wishes", editable=False,
    )

    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), null=True, on_delete=models.SET_NULL,
        related_name="submitted_wishes",
    )
    created_at = models.DateTimeField(_("submitted at"), editable=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    fulfilled_at = models.DateTimeField(_("fulfilled at"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("wish")
        verbose_name_plural = _("wishes")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["state", "community"], name="wish_state_community"),
            models.Index(fields=["community", "-created_at"], name="wish_community_created"),
            models.Index(fields=["escalate_at"], name="wish_escalate_at",
                         condition=models.Q(escalate_at__isnull=False)),
        ]

    def __str__(self):
        return f"#{self.pk} {self.text[:20]}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("wishes:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        """Return True while the wish is on its way (not rejected, withdrawn, merged or closed)."""
        return self.state not in (*NO_LONGER_NEEDED, WishState.CLOSED)
