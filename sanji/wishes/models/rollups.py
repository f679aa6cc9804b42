"""Monthly figures per community, kept up to date in the same transaction as every wish event.

The dashboards read these instead of the history, so a district's year is a few thousand rows whatever
the number of wishes. ``sanji.wishes.rollups`` is their only writer; ``sanji rollups rebuild``
recomputes them from the events and must give the same numbers.

Each wish counts once under ``group = "*"`` (all residents) and once more under each priority group its
beneficiary belonged to when the wish was made, so totals never double count and a group filter is one
equality. ``duty_type`` is the category's id, 0 for a wish made without one.
"""

from django.db import models

from sanji.core.models import Area, Resident

ALL_GROUPS = "*"


class WishMonth(models.Model):
    community = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+", db_index=False)
    month = models.DateField()
    duty_type = models.PositiveIntegerField(default=0)
    group = models.CharField(max_length=32, default=ALL_GROUPS)
    submitted = models.IntegerField(default=0)
    rejected = models.IntegerField(default=0)
    withdrawn = models.IntegerField(default=0)
    escalated = models.IntegerField(default=0)
    response_due = models.IntegerField(default=0)
    response_met = models.IntegerField(default=0)
    resolution_due = models.IntegerField(default=0)
    resolution_met = models.IntegerField(default=0)
    fulfilled = models.IntegerField(default=0)
    rated = models.IntegerField(default=0)
    satisfied = models.IntegerField(default=0)
    member_fulfilled = models.IntegerField(default=0)
    member_tenth_hours = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["month", "community", "duty_type", "group"], name="wish_month_key"),
        ]
        # What a dashboard reads: its communities, one group, a range of months.
        indexes = [models.Index(fields=["community", "group", "month"], name="wish_month_read")]

    def __str__(self):
        return f"{self.community_id} {self.month:%Y-%m} {self.duty_type} {self.group}"


class WishFulfilDays(models.Model):
    """How many wishes fulfilled in a month took ``days`` whole days from publication."""

    community = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+", db_index=False)
    month = models.DateField()
    duty_type = models.PositiveIntegerField(default=0)
    group = models.CharField(max_length=32, default=ALL_GROUPS)
    days = models.IntegerField()
    wishes = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["month", "community", "duty_type", "group", "days"], name="wish_fulfil_days_key"
            ),
        ]
        indexes = [models.Index(fields=["community", "group", "month"], name="wish_fulfil_days_read")]

    def __str__(self):
        return f"{self.community_id} {self.month:%Y-%m} {self.days}d × {self.wishes}"


class ServedMonth(models.Model):
    """How many wishes of a priority-group household were fulfilled in a month (for coverage)."""

    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    community = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+")
    wishes = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["resident", "month"], name="served_month_key")]
        indexes = [models.Index(fields=["month", "community"], name="served_month_community")]

    def __str__(self):
        return f"{self.resident_id} {self.month:%Y-%m}"


class WishFact(models.Model):
    """What an unfinished wish currently adds to the rollups, and its undecided deadlines.

    A row lives while the wish can still change; once the wish is closed, rejected, withdrawn or merged its
    figures are final and the row is deleted, so this table holds the open wishes only.
    """

    wish = models.OneToOneField("wishes.Wish", primary_key=True, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+")
    duty_type = models.PositiveIntegerField(default=0)
    groups = models.CharField(max_length=200, blank=True)
    contribution = models.JSONField(default=dict)
    response_pending = models.DateTimeField(null=True)
    resolution_pending = models.DateTimeField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["response_pending"], name="fact_response_pending",
                         condition=models.Q(response_pending__isnull=False)),
            models.Index(fields=["resolution_pending"], name="fact_resolution_pending",
                         condition=models.Q(resolution_pending__isnull=False)),
        ]

    def __str__(self):
        return f"wish {self.wish_id}"
