"""The responsibility matrix (责任清单): for each duty type, the levels that answer for it, in order."""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanji.core.models import ClaimerKind
from sanji.wishes.models import DutyType


class ResponsibleLevel(models.TextChoices):
    """The four responsible levels (责任主体) of domain.md §2."""

    UNITS = "units", _("Agency and partner units")
    MEMBERS = "members", _("On-duty party members")
    STREET = "street", _("Street")
    COMMUNITY = "community", _("Community")


#: The level each kind of claimer answers at. Partner units (共建单位) stand with the agency party
#: organisations: both are units stationed in the district that co-build with communities.
LEVEL_OF_KIND = {
    ClaimerKind.MEMBER: ResponsibleLevel.MEMBERS,
    ClaimerKind.PARTY_ORG: ResponsibleLevel.UNITS,
    ClaimerKind.PARTNER_UNIT: ResponsibleLevel.UNITS,
    ClaimerKind.STREET: ResponsibleLevel.STREET,
    ClaimerKind.COMMUNITY: ResponsibleLevel.COMMUNITY,
}


class Responsibility(models.Model):
    """One level that answers for a duty type, and its rank (1 first). Ranks may be equal, so that two rows can
    swap ranks in one save of the admin page."""

    duty_type = models.ForeignKey(
        DutyType, verbose_name=_("duty type"), on_delete=models.CASCADE, related_name="responsibilities"
    )
    level = models.CharField(_("responsible level"), max_length=12, choices=ResponsibleLevel.choices)
    rank = models.PositiveSmallIntegerField(
        _("order"), validators=[MinValueValidator(1)],
        help_text=_("1 answers first. Two levels may share a rank; a duty type with no rows lets every level answer."),
    )

    class Meta:
        verbose_name = _("responsibility")
        verbose_name_plural = _("responsibility matrix")
        ordering = ["duty_type", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["duty_type", "level"], name="responsibility_one_per_level"),
            models.CheckConstraint(condition=models.Q(rank__gte=1), name="responsibility_rank_positive"),
        ]

    def __str__(self):
        return f"{self.duty_type} · {self.rank}. {self.get_level_display()}"
