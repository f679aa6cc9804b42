"""What a claimer offers: the duty types it takes, how many wishes it can hold at once."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanji.core.models import Claimer
from sanji.wishes.models import DutyType


class ClaimerProfile(models.Model):
    """A claimer's declared services (a member's 报到 willingness, a unit's service list) and capacity.

    A claimer without a profile is treated as offering nothing in particular, with the default capacity.
    """

    DEFAULT_CAPACITY = 3

    claimer = models.OneToOneField(Claimer, on_delete=models.CASCADE, related_name="profile")
    duty_types = models.ManyToManyField(
        DutyType, verbose_name=_("duty types offered"), blank=True, related_name="offered_by"
    )
    capacity = models.PositiveSmallIntegerField(
        _("wishes held at once"),
        default=DEFAULT_CAPACITY,
        validators=[MinValueValidator(0), MaxValueValidator(500)],
        help_text=_("Batch dispatch gives a claimer no more than this many open wishes."),
    )

    class Meta:
        verbose_name = _("claimer profile")
        verbose_name_plural = _("claimer profiles")

    def __str__(self):
        return str(self.claimer)
