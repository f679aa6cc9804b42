"""How many households of each community are in the priority groups, kept beside the register."""

from django.db import models

from .areas import Area

#: The row that counts a household in any priority group (once, however many groups it is in).
ANY_GROUP = "*"


class PriorityHouseholds(models.Model):
    """The register's count of priority-group households in a community, for all groups and for each.

    The figures' coverage divides by it, so a district's denominator is a few hundred rows rather than a
    join over every resident. Only ``priority_households_recount`` writes it.
    """

    community = models.ForeignKey(Area, on_delete=models.CASCADE, related_name="+")
    group = models.CharField(max_length=32)
    households = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["community", "group"], name="priority_households_key")]

    def __str__(self):
        return f"{self.community_id} {self.group}: {self.households}"
