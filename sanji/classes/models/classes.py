"""A class of similar wishes across households, compounds and months, and which wishes are in it.

The grouping (``sanji.classes.grouping``) proposes classes; staff rename, merge and split them. A staff edit is
kept as data the next regrouping respects: a name set by staff outlives the key words, a merged class points to the
class it went into, and a wish staff placed by hand is ``pinned`` and never moved by a regrouping.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanji.core.models import Area
from sanji.wishes.models import Wish


class WishClass(models.Model):
    district = models.ForeignKey(
        Area, verbose_name=_("district"), on_delete=models.PROTECT, related_name="wish_classes"
    )
    key = models.CharField(_("grouping key"), max_length=40, blank=True, editable=False)
    label = models.CharField(_("key words"), max_length=120, blank=True, editable=False)
    name = models.CharField(_("name"), max_length=60, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_classes",
        editable=False,
    )
    created_at = models.DateTimeField(_("created at"), editable=False)
    regrouped_at = models.DateTimeField(_("last regrouped at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("wish class")
        verbose_name_plural = _("wish classes")
        ordering = ["pk"]
        indexes = [models.Index(fields=["district", "key"], name="wishclass_district_key")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("classes:detail", args=[self.pk])

    @property
    def title(self) -> str:
        """Return the name staff gave, else the key words, else a placeholder."""
        return self.name or self.label or str(_("(no key words)"))


class Membership(models.Model):
    """A wish's class. ``pinned``: placed by staff, so a regrouping leaves it where it is."""

    wish = models.OneToOneField(
        Wish, verbose_name=_("wish"), primary_key=True, on_delete=models.CASCADE, related_name="class_membership"
    )
    wish_class = models.ForeignKey(
        WishClass, verbose_name=_("class"), on_delete=models.CASCADE, related_name="memberships"
    )
    pinned = models.BooleanField(_("placed by staff"), default=False)
    placed_at = models.DateTimeField(_("placed at"))

    class Meta:
        verbose_name = _("class membership")
        verbose_name_plural = _("class memberships")
        indexes = [models.Index(fields=["wish_class", "pinned"], name="membership_class_pinned")]

    def __str__(self):
        return f"{self.wish_id} → {self.wish_class_id}"


class ClassEditKind(models.TextChoices):
    CREATE = "create", _("Created by regrouping")
    RENAME = "rename", _("Renamed")
    MERGE = "merge", _("Merged")
    SPLIT = "split", _("Split")


class ClassEdit(models.Model):
    """Who changed a class, how and when (the audit trail of staff edits)."""

    wish_class = models.ForeignKey(WishClass, verbose_name=_("class"), on_delete=models.CASCADE, related_name="edits")
    kind = models.CharField(_("change"), max_length=12, choices=ClassEditKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("class change")
        verbose_name_plural = _("class changes")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.wish_class_id} {self.kind}"
