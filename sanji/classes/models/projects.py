"""A class promoted to a project (项目化): a lead unit, a goal, milestones and the wishes it answers.

``state`` and ``outcome`` are written only by ``sanji.classes.services.projects``.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sanji.core.models import Area, Claimer
from sanji.wishes.models import Wish

from .classes import WishClass


class ProjectState(models.TextChoices):
    OPEN = "open", _("Under way")
    CLOSED = "closed", _("Closed")


class ProjectOutcome(models.TextChoices):
    RESOLVED = "resolved", _("Resolved")
    PARTLY = "partly", _("Partly resolved")
    UNRESOLVED = "unresolved", _("Not resolved")


class ClassProject(models.Model):
    wish_class = models.ForeignKey(
        WishClass, verbose_name=_("class"), on_delete=models.PROTECT, related_name="projects"
    )
    area = models.ForeignKey(Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="class_projects")
    title = models.CharField(_("title"), max_length=80)
    goal = models.TextField(_("goal"))
    lead = models.ForeignKey(
        Claimer, verbose_name=_("lead unit"), on_delete=models.PROTECT, related_name="led_projects"
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    wishes = models.ManyToManyField(Wish, verbose_name=_("wishes answered"), related_name="class_projects")
    state = models.CharField(
        _("state"), max_length=12, choices=ProjectState.choices, default=ProjectState.OPEN, editable=False
    )
    outcome = models.CharField(_("outcome"), max_length=12, choices=ProjectOutcome.choices, blank=True, editable=False)
    result = models.TextField(_("result"), blank=True, editable=False)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("opened by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened at"), editable=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("class project")
        verbose_name_plural = _("class projects")
        ordering = ["-opened_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["wish_class"], condition=models.Q(state="open"), name="project_one_open_per_class"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("classes:project", args=[self.pk])


class Milestone(models.Model):
    project = models.ForeignKey(
        ClassProject, verbose_name=_("project"), on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("milestone"), max_length=80)
    due_date = models.DateField(_("due date"))
    done_at = models.DateTimeField(_("done at"), null=True, blank=True, editable=False)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_date", "pk"]

    def __str__(self):
        return self.title


class ProjectEvent(models.Model):
    """One step in a project's history, with who took it."""

    project = models.ForeignKey(
        ClassProject, verbose_name=_("project"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("action"), max_length=24)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("project event")
        verbose_name_plural = _("project events")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.project_id} {self.action}"
