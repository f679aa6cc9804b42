"""The audit log: every change to people, roles, wishes, votes, placements and settings, and every showing of
unmasked personal data.

Both tables are append-only. A row is written once, by ``sanji.audit.services``; the ORM refuses to change or
delete it (``save`` of an existing row, ``delete``, ``QuerySet.delete``), and ``QuerySet.update`` allows one
thing only: clearing ``actor`` when the user is deleted (``on_delete=SET_NULL``), while ``actor_label`` keeps
who it was. The area is kept as a plain id (no database constraint, nothing done when the area goes), so that a
row outlives whatever it names and a search can still filter by area.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AppendOnly(Exception):
    """Raised on an attempt to change or delete an audit row."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        # The one update Django itself makes: SET_NULL of ``actor`` when a user is deleted.
        if set(kwargs) != {"actor"} or kwargs["actor"] is not None:
            raise AppendOnly("audit rows are never changed")
        return super().update(**kwargs)

    def delete(self):
        raise AppendOnly("audit rows are never deleted")

    delete.queryset_only = True


class AppendOnlyModel(models.Model):
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnly("audit rows are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnly("audit rows are never deleted")


class Action(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Changed")
    DELETE = "delete", _("Deleted")
    ADD = "add", _("Added to")
    REMOVE = "remove", _("Removed from")


def _actor_field():
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )


def _area_field():
    return models.ForeignKey(
        "core.Area", verbose_name=_("area"), null=True, blank=True, on_delete=models.DO_NOTHING,
        db_constraint=False, related_name="+",
    )


class AuditEntry(AppendOnlyModel):
    """One change of one tracked row (or of one many-to-many link of it), with who made it and from where.

    ``changes`` maps a field to ``[old, new]``; a field that holds personal data maps to ``"changed"`` only.
    ``source`` is ``web``, ``api``, ``cli:<command>``, ``task:<name>`` or ``system``.
    """

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = _actor_field()
    actor_label = models.CharField(_("who"), max_length=160, blank=True)
    source = models.CharField(_("source"), max_length=80)
    action = models.CharField(_("action"), max_length=8, choices=Action.choices)
    model = models.CharField(_("kind of record"), max_length=64)
    object_id = models.CharField(_("record id"), max_length=64)
    object_repr = models.CharField(_("record"), max_length=200, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    area = _area_field()
    request_id = models.CharField(_("request"), max_length=32, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["actor", "-at"], name="audit_actor_at"),
            models.Index(fields=["model", "object_id", "-at"], name="audit_object_at"),
            models.Index(fields=["area", "-at"], name="audit_area_at"),
        ]

    def __str__(self):
        return f"{self.model} {self.object_id} {self.action}"


class Disclosure(AppendOnlyModel):
    """One showing of unmasked personal data: who saw which fields of whom, when, and why.

    ``purpose`` is a short code (``wish_holder_contact``, ``staff_review``, ``admin_edit``); ``purpose_ref``
    names what it was for (``wish:123``).
    """

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = _actor_field()
    actor_label = models.CharField(_("who"), max_length=160, blank=True)
    source = models.CharField(_("source"), max_length=80)
    subject_model = models.CharField(_("whose data"), max_length=64)
    subject_id = models.CharField(_("record id"), max_length=64)
    fields = models.CharField(_("fields shown"), max_length=300)
    purpose = models.CharField(_("purpose"), max_length=40)
    purpose_ref = models.CharField(_("for"), max_length=64, blank=True)
    area = _area_field()
    request_id = models.CharField(_("request"), max_length=32, blank=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("disclosure of personal data")
        verbose_name_plural = _("disclosures of personal data")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["actor", "-at"], name="disclosure_actor_at"),
            models.Index(fields=["subject_model", "subject_id", "-at"], name="disclosure_subject_at"),
            models.Index(fields=["area", "-at"], name="disclosure_area_at"),
        ]

    def __str__(self):
        return f"{self.subject_model} {self.subject_id} {self.fields}"
