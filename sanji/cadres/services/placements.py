"""While placed: the cadre's log, tasks given to him or her, evaluations, and an early recall."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from sanji.core import clock
from sanji.core.errors import Conflict, Forbidden, IllegalTransition, InvalidInput, NotFound
from sanji.core.inputs import clean_text, parse_count, parse_date, parse_id

from ..models import (
    BatchEvent,
    BatchState,
    Evaluation,
    EvaluationSide,
    Grade,
    LogEntry,
    LogKind,
    Placement,
    Stage,
    Task,
)
from ..rules import covers_community, desk_agency_ids, district_areas, is_placed_cadre
from ..selectors.access import placement_access, placements_in_scope

MAX_PEOPLE = 100_000


def _active(placement: Placement) -> None:
    if not placement.is_active_on(clock.today()):
        raise IllegalTransition(_("This placement is not running today."))


def log_add(*, actor, placement_id, on, kind: str, text: str, people=0) -> LogEntry:
    """Add a line to the cadre's own work log: work done, a dispute handled, a petition, an emergency."""
    if kind not in LogKind.values:
        raise InvalidInput(_("Choose what kind of entry this is."), field="kind")
    text = clean_text(text, field="text", max_length=2000, required=True, message=_("Write what was done."))
    day = parse_date(on, field="on")
    count = parse_count(people, field="people", maximum=MAX_PEOPLE, empty=0,
                        message=_("Enter how many residents were involved as a whole number."))
    with transaction.atomic():
        placement = placement_access(actor, placement_id)
        if not is_placed_cadre(actor, placement):
            raise Forbidden(_("Only the placed cadre keeps this log."))
        _active(placement)
        if not placement.starts_on <= day <= min(placement.last_day, clock.today()):
            raise InvalidInput(_("The date must fall within the placement and not be in the future."), field="on")
        return LogEntry.objects.create(placement=placement, on=day, kind=kind, text=text, people=count,
                                       created_at=clock.now())


def task_assign(*, actor, placement_id, title: str, detail: str = "", due_on=None) -> Task:
    """Give the placed cadre a task; the community or the home agency may."""
    title = clean_text(title, field="title", max_length=120, required=True, message=_("Name the task."))
    detail = clean_text(detail, field="detail", max_length=2000)
    due = parse_date(due_on, field="due_on") if due_on not in (None, "") else None
    with transaction.atomic():
        placement = placement_access(actor, placement_id)
        if not (covers_community(actor, placement.community) or placement.cadre.agency_id in desk_agency_ids(actor)):
            raise Forbidden(_("Only the community or the home agency gives tasks."))
        _active(placement)
        if due is not None and not clock.today() <= due <= placement.last_day:
            raise InvalidInput(_("The due date must fall between today and the placement's end."), field="due_on")
        return Task.objects.create(placement=placement, title=title, detail=detail, due_on=due, assigned_by=actor,
                                   assigned_at=clock.now())


def task_done(*, actor, task_id, note: str) -> Task:
    """Mark a task done with how it was done; only the placed cadre does."""
    note = clean_text(note, field="note", max_length=2000, required=True, message=_("Write how it was done."))
    with transaction.atomic():
        visible = placements_in_scope(actor).values("pk")
        task = Task.objects.select_for_update().filter(pk=parse_id(task_id), placement__in=visible).first()
        if task is None:
            raise NotFound()
        placement = placement_access(actor, task.placement_id)
        if not is_placed_cadre(actor, placement):
            raise Forbidden(_("Only the placed cadre marks the task done."))
        if task.done_at is not None:
            raise IllegalTransition(_("This task is already done."))
        task.done_at, task.done_note = clock.now(), note
        task.save(update_fields=["done_at", "done_note"])
        return task


def evaluation_record(*, actor, placement_id, stage: str, side: str, grade: str, comment: str = "") -> Evaluation:
    """Record the community's or the home agency's mid-term or final evaluation; each is given once.

    The mid-term evaluation opens at the placement's midpoint; the final one in its last 30 days or after it.
    """
    if stage not in Stage.values:
        raise InvalidInput(_("Choose mid-term or final."), field="stage")
    if side not in EvaluationSide.values:
        raise InvalidInput(_("Choose who evaluates."), field="side")
    if grade not in Grade.values:
        raise InvalidInput(_("Choose a grade."), field="grade")
    comment = clean_text(comment, field="comment", max_length=2000)
    with transaction.atomic():
        placement = placement_access(actor, placement_id, lock=True)
        allowed = (covers_community(actor, placement.community) if side == EvaluationSide.COMMUNITY
                   else placement.cadre.agency_id in desk_agency_ids(actor))
        if not allowed:
            raise Forbidden(_("You cannot evaluate for that side."))
        today = clock.today()
        opens = placement.midpoint if stage == Stage.MID else placement.last_day - dt.timedelta(days=30)
        if today < opens:
            raise IllegalTransition(_("This evaluation opens on %(day)s.") % {"day": opens.isoformat()})
        try:
            with transaction.atomic():
                return Evaluation.objects.create(placement=placement, stage=stage, side=side, grade=grade,
                                                 comment=comment, by=actor, at=clock.now())
        except IntegrityError:
            raise Conflict(_("This evaluation has already been given.")) from None


def placement_recall(*, actor, placement_id, on, reason: str) -> Placement:
    """Recall a cadre before the placement ends; the district does, with a reason."""
    reason = clean_text(reason, field="reason", max_length=200, required=True, message=_("Give the reason."))
    day = parse_date(on, field="on")
    with transaction.atomic():
        placement = placement_access(actor, placement_id, lock=True)
        if not district_areas(actor):
            raise Forbidden(_("Only the district recalls a cadre."))
        if placement.batch.state == BatchState.CLOSED:
            raise IllegalTransition(_("This batch is finished; its placements can no longer change."))
        if placement.recalled_on is not None:
            raise IllegalTransition(_("This cadre has already been recalled."))
        if not placement.starts_on <= day < placement.ends_on:
            raise InvalidInput(_("The recall date must fall within the placement, before its last day."), field="on")
        placement.recalled_on, placement.recall_reason = day, reason
        placement.save(update_fields=["recalled_on", "recall_reason"])
        BatchEvent.objects.create(batch_id=placement.batch_id, kind="recall", actor=actor, at=clock.now(),
                                  detail={"placement": placement.pk, "on": day.isoformat(), "reason": reason})
        return placement
