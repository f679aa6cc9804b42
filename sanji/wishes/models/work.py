"""What happens to a wish: claims, events, photos and volunteer hours."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanji.core.models import Claimer, Volunteer

from .wish import Wish, WishState


class Claim(models.Model):
    """One claimer's hold on a wish, from claim to release or completion.

    The partial unique constraint lets the database itself refuse a second active claim, whatever a
    service does.
    """

    wish = models.ForeignKey(Wish, on_delete=models.CASCADE, related_name="claims")
    claimer = models.ForeignKey(Claimer, verbose_name=_("claimer"), on_delete=models.PROTECT, related_name="claims")
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("claimed by"), null=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    claimed_at = models.DateTimeField(_("claimed at"))
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["claimed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["wish"], condition=models.Q(active=True), name="one_active_claim_per_wish"
            ),
        ]

    def __str__(self):
        return f"{self.claimer} → {self.wish_id}"


class WishEvent(models.Model):
    """One change of a wish: who, when, from which state to which, and why."""

    wish = models.ForeignKey(Wish, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("actor"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("time"))
    action = models.CharField(_("action"), max_length=24)
    from_state = models.CharField(_("from"), max_length=16, choices=WishState.choices, blank=True)
    to_state = models.CharField(_("to"), max_length=16, choices=WishState.choices)
    note = models.TextField(_("note"), blank=True)
    #: The deadline the wish was working to after this event (the figures read it; see ``wishes.facts``).
    due = models.DateTimeField(_("deadline after"), null=True, blank=True)

    class Meta:
        verbose_name = _("wish event")
        verbose_name_plural = _("wish events")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.wish_id}: {self.from_state or '-'} → {self.to_state}"


class PhotoKind(models.TextChoices):
    REQUEST = "request", _("Photo of the need")
    EVIDENCE = "evidence", _("Photo of the fulfilment")


class WishPhoto(models.Model):
    wish = models.ForeignKey(Wish, on_delete=models.CASCADE, related_name="photos")
    kind = models.CharField(_("kind"), max_length=16, choices=PhotoKind.choices)
    image = models.ImageField(_("photo"), upload_to="wish-photos/%Y/%m/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.pk}"


class WishVolunteer(models.Model):
    """A volunteer who helped fulfil a wish, and the hours given."""

    wish = models.ForeignKey(Wish, on_delete=models.CASCADE, related_name="volunteers")
    volunteer = models.ForeignKey(
        Volunteer, verbose_name=_("volunteer"), on_delete=models.PROTECT, related_name="wishes_helped"
    )
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=1, default=0)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("volunteer hours")
        verbose_name_plural = _("volunteer hours")
        constraints = [
            models.UniqueConstraint(fields=["wish", "volunteer"], name="volunteer_once_per_wish"),
            models.CheckConstraint(condition=models.Q(hours__gte=0), name="volunteer_hours_not_negative"),
        ]

    def __str__(self):
        return f"{self.volunteer} {self.hours}h"
