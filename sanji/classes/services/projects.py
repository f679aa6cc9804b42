"""Class projects (项目化): open one for a class, keep its milestones, close it with a result for its wishes.

``project_close`` is the one writer of ``ClassProject.state``: open -> closed, with an outcome. Closing as
``resolved`` moves each answered wish that is still on its way to "fulfilled" through the wish's own transition
(``answer``), so its beneficiary is told and still confirms (the loop closes as for any wish); every other wish gets
an event carrying the project's result and keeps its state.
"""

import datetime as dt

import rules
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sanji.core import clock
from sanji.core.errors import Conflict, Forbidden, IllegalTransition, InvalidInput, NotFound
from sanji.core.inputs import clean_text, parse_id
from sanji.core.models import Area
from sanji.wishes import rollups
from sanji.wishes.models import Wish, WishState
from sanji.wishes.transitions import record_event, transition

from ..models import ClassProject, Membership, Milestone, ProjectEvent, ProjectOutcome, ProjectState
from ..rules import manager_areas
from ..selectors import class_access, lead_choices, project_access

ANSWERABLE = (WishState.SUBMITTED, WishState.PUBLISHED, WishState.DISPATCHED, WishState.CLAIMED, WishState.IN_PROGRESS)
MAX_MILESTONES = 12
#: The result goes into each answered wish's note (at most 2000 characters) after the project's title.
MAX_RESULT = 1800


def project_open(
    *, actor, class_id, title: str, goal: str, lead_id, area_id=None, due_date=None, milestones=()
) -> ClassProject:
    """Promote the class to a project led by ``lead_id``; it answers the class's open wishes in ``area_id``.

    ``milestones``: pairs of (title, date). The area is the district or a street the actor manages; by default
    the widest such area.
    """
    title = clean_text(title, field="title", max_length=80, required=True, message=_("Give the project a title."))
    goal = clean_text(
        goal, field="goal", max_length=2000, required=True, message=_("Say what the project is to achieve.")
    )
    due = _date(due_date, "due_date", allow_empty=True)
    steps = [_milestone(position, item) for position, item in enumerate(milestones or ())]
    if len(steps) > MAX_MILESTONES:
        raise InvalidInput(
            _("A project has at most %(count)s milestones.") % {"count": MAX_MILESTONES}, field="milestones"
        )
    with transaction.atomic():
        wish_class = class_access(actor, class_id, manage=True)
        Area.objects.select_for_update().get(pk=wish_class.district_id)
        area = _area(actor, area_id, wish_class.district)
        lead = lead_choices(wish_class.district).filter(pk=parse_id(lead_id)).first() if parse_id(lead_id) else None
        if lead is None:
            raise InvalidInput(
                _("Choose the lead unit: an agency party organisation, a partner unit or a street."), field="lead"
            )
        if ClassProject.objects.filter(wish_class=wish_class, state=ProjectState.OPEN).exists():
            raise Conflict(_("This class already has a project under way."))
        wish_ids = list(
            Membership.objects.filter(
                wish_class=wish_class, wish__state__in=ANSWERABLE, wish__community__path__startswith=area.path
            ).values_list("wish_id", flat=True)
        )
        if not wish_ids:
            raise InvalidInput(_("No wish of this class in that area is still waiting for an answer."), field="area")
        now = clock.now()
        project = ClassProject.objects.create(
            wish_class=wish_class,
            area=area,
            title=title,
            goal=goal,
            lead=lead,
            due_date=due,
            opened_by=actor,
            opened_at=now,
        )
        project.wishes.set(wish_ids)
        Milestone.objects.bulk_create([Milestone(project=project, title=t, due_date=d) for t, d in steps])
        _event(
            project,
            "open",
            actor,
            ngettext(
                "Opened for %(count)s wish, led by %(lead)s.",
                "Opened for %(count)s wishes, led by %(lead)s.",
                len(wish_ids),
            )
            % {"count": len(wish_ids), "lead": lead.name},
        )
        for wish in Wish.objects.filter(pk__in=wish_ids):
            record_event(
                wish=wish,
                actor=actor,
                action="project",
                from_state=wish.state,
                at=now,
                note=_("Taken up by the project “%(title)s”.") % {"title": title},
            )
    return project


def milestone_add(*, actor, project_id, title: str, due_date) -> Milestone:
    title = clean_text(title, field="title", max_length=80, required=True, message=_("Name the milestone."))
    due = _date(due_date, "due_date")
    with transaction.atomic():
        project = _lock_open(actor, project_id)
        if project.milestones.count() >= MAX_MILESTONES:
            raise InvalidInput(
                _("A project has at most %(count)s milestones.") % {"count": MAX_MILESTONES}, field="title"
            )
        milestone = Milestone.objects.create(project=project, title=title, due_date=due)
        _event(project, "milestone_add", actor, f"{title} · {due.isoformat()}")
    return milestone


def milestone_done(*, actor, project_id, milestone_id, note: str = "") -> Milestone:
    note = clean_text(note, field="note", max_length=300)
    with transaction.atomic():
        project = _lock_open(actor, project_id)
        milestone = project.milestones.filter(pk=parse_id(milestone_id)).first() if parse_id(milestone_id) else None
        if milestone is None:
            raise NotFound()
        if milestone.done_at is not None:
            raise Conflict(_("This milestone is already done."))
        milestone.done_at, milestone.note = clock.now(), note
        milestone.save(update_fields=["done_at", "note"])
        _event(project, "milestone_done", actor, milestone.title + (f" · {note}" if note else ""))
    return milestone


def project_close(*, actor, project_id, outcome: str, result: str) -> ClassProject:
    """Close the project with its outcome and result, and carry the result to each wish it answers."""
    if outcome not in ProjectOutcome.values:
        raise InvalidInput(_("Choose resolved, partly resolved or not resolved."), field="outcome")
    result = clean_text(
        result,
        field="result",
        max_length=MAX_RESULT,
        required=True,
        message=_("Describe the project's result for the residents."),
    )
    with transaction.atomic():
        project = _lock_open(actor, project_id)
        now = clock.now()
        project.state, project.outcome, project.result, project.closed_at = ProjectState.CLOSED, outcome, result, now
        project.save(update_fields=["state", "outcome", "result", "closed_at"])
        note = _("Project “%(title)s”: %(result)s") % {"title": project.title, "result": result}
        with rollups.deferred():  # the figures of all the project's wishes, written once in key order
            answered = _carry_result(project, actor, outcome, note, now)
        _event(
            project,
            "close",
            actor,
            ngettext(
                "%(outcome)s. %(count)s wish reported fulfilled.",
                "%(outcome)s. %(count)s wishes reported fulfilled.",
                answered,
            )
            % {"outcome": ProjectOutcome(outcome).label, "count": answered},
        )
    return project


def _carry_result(project, actor, outcome, note, now) -> int:
    """Answer each open wish of a resolved project (or note the result on it); return how many were answered."""
    answered = 0
    for wish in project.wishes.order_by("pk"):
        if outcome == ProjectOutcome.RESOLVED and wish.state in ANSWERABLE:
            try:
                transition(wish_id=wish.pk, action="answer", actor=actor, params={"note": note}, internal=True)
            except (NotFound, Forbidden, IllegalTransition):
                raise Conflict(
                    _("Wish #%(number)s of this project is out of your reach; ask the district to close it.")
                    % {"number": wish.pk}
                ) from None
            answered += 1
        else:
            record_event(wish=wish, actor=actor, action="project_result", from_state=wish.state, at=now, note=note)
    return answered


def _lock_open(actor, project_id) -> ClassProject:
    project = project_access(actor, project_id)
    if not rules.has_perm("classes.run_project", actor, project):
        raise Forbidden()
    project = ClassProject.objects.select_for_update().get(pk=project.pk)
    if project.state != ProjectState.OPEN:
        raise Conflict(_("This project is closed."))
    return project


def _area(actor, area_id, district: Area) -> Area:
    mine = [a for a in manager_areas(actor) if district.contains(a)]
    if area_id in (None, ""):
        return min(mine, key=lambda a: len(a.path))
    chosen = (
        [
            a
            for a in Area.objects.filter(pk=parse_id(area_id), path__startswith=district.path)
            if any(m.contains(a) for m in mine) and a.level in ("district", "street")
        ]
        if parse_id(area_id)
        else []
    )
    if not chosen:
        raise InvalidInput(_("Choose the district or one of your streets."), field="area")
    return chosen[0]


def _date(value, field: str, *, allow_empty: bool = False) -> dt.date | None:
    if value in (None, "") and allow_empty:
        return None
    if isinstance(value, dt.date):
        parsed = value
    else:
        try:
            parsed = dt.date.fromisoformat(str(value or "").strip())
        except ValueError:
            raise InvalidInput(_("Enter the date as YYYY-MM-DD."), field=field) from None
    if parsed < timezone.localdate(clock.now()):
        raise InvalidInput(_("The date cannot be in the past."), field=field)
    return parsed


def _milestone(position: int, item) -> tuple[str, dt.date]:
    try:
        title, due = item
    except (TypeError, ValueError):
        raise InvalidInput(_("Give each milestone a title and a date."), field="milestones") from None
    field = f"milestones.{position}"
    return (
        clean_text(title, field=field, max_length=80, required=True, message=_("Name the milestone.")),
        _date(due, field),
    )


def _event(project: ClassProject, action: str, actor, note: str) -> None:
    ProjectEvent.objects.create(project=project, action=action, actor=actor, note=note, at=clock.now())
