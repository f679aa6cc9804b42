"""What a community needs from the cadres placed in it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanji.core.models import Area


class Difficulty(models.IntegerChoices):
    ORDINARY = 1, _("Ordinary")
    DEMANDING = 2, _("Demanding")
    HARD = 3, _("Hard to govern")


class CommunityNeed(models.Model):
    """A community's need profile; hard or weak communities also get a section-level assistant to the secretary."""

    community = models.OneToOneField(
        Area, verbose_name=_("community"), on_delete=models.CASCADE, related_name="cadre_need"
    )
    difficulty = models.PositiveSmallIntegerField(
        _("difficulty"), choices=Difficulty.choices, default=Difficulty.ORDINARY
    )
    weak_foundation = models.BooleanField(_("weak foundations"), default=False)
    wanted = models.JSONField(_("skills wanted"), default=list, blank=True)
    capacity = models.PositiveSmallIntegerField(_("cadres it can take"), default=2)
    note = models.TextField(_("what the community is short of"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        verbose_name = _("community need")
        verbose_name_plural = _("community needs")
        ordering = ["community__path"]

    def __str__(self):
        return str(self.community)

    @property
    def wants_assistant(self) -> bool:
        return self.difficulty == Difficulty.HARD or self.weak_foundation
