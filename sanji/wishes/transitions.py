"""The one writer of ``Wish.state``.

Every change of a wish's state goes through ``transition()``: it locks the row (``SELECT ... FOR NO
KEY UPDATE`` on PostgreSQL, which excludes other writers of the wish but not rows that merely refer to it;
SQLite serialises writers), checks the state table and the actor's permission
(django-rules, which no superuser flag bypasses), applies the action's effect, saves, and writes a
``WishEvent`` with the actor, time, states and note, all in one transaction.

State table (domain.md §2)::

    approve   submitted                                    -> published
    reject    submitted                                    -> rejected
    dispatch  submitted, published, dispatched (re-dispatch) -> dispatched
    recall    dispatched                                   -> published
    claim     published, dispatched (the named claimer)    -> claimed
    decline   dispatched                                   -> published
    release   claimed, in_progress                         -> published
    start     claimed                                      -> in_progress
    fulfil    in_progress                                  -> fulfilled
    confirm   fulfilled                                    -> closed
    dispute   fulfilled                                    -> in_progress
    withdraw  submitted .. in_progress                     -> withdrawn
    merge     submitted, published, dispatched            -> merged (a duplicate folded into its original)
    answer    submitted .. in_progress                     -> fulfilled (by a class project's result; not
                                                              offered on the wish page)
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import rules
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanji.core import clock, scope
from sanji.core.errors import AlreadyClaimed, Conflict, Forbidden, IllegalTransition, InvalidInput, NotFound
from sanji.core.inputs import clean_text, parse_id
from sanji.core.models import Claimer

from . import rules as wish_rules
from .deadlines import current_deadline, next_escalation
from .models import Claim, PhotoKind, Satisfaction, Wish, WishEvent, WishState
from .notify import transition_notices
from .photos import photos_add
from .policy import days_after, policy_for
from .rollups import wish_refresh

S = WishState


@dataclass(frozen=True)
class Action:
    name: str
    label: str
    sources: frozenset
    target: str
    permission: str
    effect: Callable
    offered: bool = True  # False: taken only through another service (a project's close), never from the page


ACTIONS: dict[str, Action] = {}


def _action(name, label, sources, target, permission, *, offered=True):
    def register(effect):
        ACTIONS[name] = Action(name, label, frozenset(sources), target, permission, effect, offered)
        return effect

    return register


MAX_NOTE = 2000


def _required_text(params: dict, field: str, message) -> str:
    return clean_text(params.get(field), field=field, max_length=MAX_NOTE, required=True, message=message)


def _optional_text(params: dict, field: str) -> str:
    return clean_text(params.get(field), field=field, max_length=MAX_NOTE)


def _end_active_claim(wish: Wish, now: dt.datetime) -> None:
    Claim.objects.filter(wish=wish, active=True).update(active=False, ended_at=now)
    wish.holder = None


def _back_on_board(wish: Wish, now: dt.datetime) -> None:
    wish.dispatched_to = None
    wish.claim_due = days_after(now, policy_for(wish.community).claim_days)
    wish.fulfil_due = None


def _promised_date(wish: Wish, params: dict, now: dt.datetime) -> dt.datetime:
    """Return the fulfilment deadline: the claimer's promised date, at most the policy's limit."""
    limit = days_after(now, policy_for(wish.community).max_fulfil_days)
    promised = params.get("promised_date")
    if not promised:
        return wish.fulfil_due or limit
    if isinstance(promised, str):
        try:
            promised = dt.date.fromisoformat(promised)
        except ValueError:
            raise InvalidInput(_("Enter the promised date as YYYY-MM-DD."), field="promised_date") from None
    due = dt.datetime.combine(promised, dt.time(23, 59, 59), tzinfo=timezone.get_default_timezone())
    if due < now:
        raise InvalidInput(_("The promised date cannot be in the past."), field="promised_date")
    if due > limit + dt.timedelta(days=1):
        raise InvalidInput(
            _("A micro-wish must be fulfilled within %(days)s days.") % {"days": policy_for(wish.community)
                                                                          .max_fulfil_days},
            field="promised_date",
        )
    return due


@_action("approve", _("Approve and publish"), [S.SUBMITTED], S.PUBLISHED, "wishes.review_wish")
def _approve(wish, actor, params, now):
    wish.published_at = now
    wish.claim_due = days_after(now, policy_for(wish.community).claim_days)
    return _optional_text(params, "note")


@_action("reject", _("Reject"), [S.SUBMITTED], S.REJECTED, "wishes.review_wish")
def _reject(wish, actor, params, now):
    wish.reject_reason = _required_text(params, "reason", _("Tell the resident why the wish is not approved."))
    return wish.reject_reason


@_action("dispatch", _("Dispatch"), [S.SUBMITTED, S.PUBLISHED, S.DISPATCHED], S.DISPATCHED, "wishes.review_wish")
def _dispatch(wish, actor, params, now):
    assignee = params.get("assignee")
    if assignee in (None, ""):
        raise InvalidInput(_("Choose who the wish is dispatched to."), field="assignee")
    claimer = Claimer.objects.filter(pk=parse_id(assignee)).first() if parse_id(assignee) else None
    if claimer is None:
        raise InvalidInput(_("There is no such claimer."), field="assignee")
    if not scope.serves(claimer, wish.community):
        raise InvalidInput(_("This claimer does not serve the wish's community."), field="assignee")
    if claimer.pk == wish.dispatched_to_id:
        raise InvalidInput(_("The wish is already dispatched to this claimer."), field="assignee")
    wish.dispatched_to = claimer
    wish.published_at = wish.published_at or now
    wish.claim_due = days_after(now, policy_for(wish.community).claim_days)
    return _optional_text(params, "note") or str(claimer)


def claimers_serving(user, wish: Wish) -> list[Claimer]:
    """Return the claimers ``user`` acts for that may take ``wish`` from the board."""
    mine = Claimer.objects.filter(pk__in=wish_rules.acting_claimer_ids(user)).prefetch_related("service_areas")
    return [c for c in mine if scope.serves(c, wish.community)]


def _choose_claimer(wish: Wish, actor, params) -> Claimer:
    if wish.state == S.DISPATCHED:
        return Claimer.objects.get(pk=wish.dispatched_to_id)
    served = claimers_serving(actor, wish)
    if not served:
        raise Forbidden()
    wanted = params.get("as_claimer")
    if wanted not in (None, ""):
        chosen = [c for c in served if c.pk == parse_id(wanted)]
        if not chosen:
            raise InvalidInput(_("You cannot claim on behalf of that claimer."), field="as_claimer")
        return chosen[0]
    if len(served) > 1:
        raise InvalidInput(
            _("You act for several claimers; choose one."), field="as_claimer",
            extra={"choices": [{"id": c.pk, "name": c.name} for c in served]},
        )
    return served[0]


@_action("claim", _("Claim"), [S.PUBLISHED, S.DISPATCHED], S.CLAIMED, "wishes.claim_wish")
def _claim(wish, actor, params, now):
    claimer = _choose_claimer(wish, actor, params)
    try:
        with transaction.atomic():
            Claim.objects.create(wish=wish, claimer=claimer, claimed_by=actor, claimed_at=now)
    except IntegrityError:
        raise AlreadyClaimed() from None
    wish.holder = claimer
    wish.dispatched_to = None
    wish.fulfil_due = _promised_date(wish, params, now)
    return _optional_text(params, "note") or str(claimer)


@_action("decline", _("Decline"), [S.DISPATCHED], S.PUBLISHED, "wishes.decline_wish")
def _decline(wish, actor, params, now):
    reason = _required_text(params, "reason", _("Say why the dispatched wish is declined."))
    _back_on_board(wish, now)
    return reason


@_action("recall", _("Recall the dispatch"), [S.DISPATCHED], S.PUBLISHED, "wishes.review_wish")
def _recall(wish, actor, params, now):
    reason = _required_text(params, "reason", _("Say why the dispatch is recalled."))
    _back_on_board(wish, now)
    return reason


@_action("release", _("Release"), [S.CLAIMED, S.IN_PROGRESS], S.PUBLISHED, "wishes.work_wish")
def _release(wish, actor, params, now):
    reason = _required_text(params, "reason", _("Say why the wish is released."))
    _end_active_claim(wish, now)
    _back_on_board(wish, now)
    return reason


@_action("start", _("Start work"), [S.CLAIMED], S.IN_PROGRESS, "wishes.work_wish")
def _start(wish, actor, params, now):
    wish.fulfil_due = _promised_date(wish, params, now)
    return _optional_text(params, "note")


@_action("fulfil", _("Report fulfilment"), [S.IN_PROGRESS], S.FULFILLED, "wishes.work_wish")
def _fulfil(wish, actor, params, now):
    wish.fulfilment_note = _required_text(params, "note", _("Describe what was done."))
    if params.get("photos"):
        photos_add(wish=wish, actor=actor, uploads=params["photos"], kind=PhotoKind.EVIDENCE)
    wish.fulfilled_at = now
    wish.followup_due = days_after(now, policy_for(wish.community).followup_days)
    return wish.fulfilment_note


@_action("confirm", _("Confirm and rate"), [S.FULFILLED], S.CLOSED, "wishes.confirm_wish")
def _confirm(wish, actor, params, now):
    satisfaction = params.get("satisfaction") or ""
    if satisfaction not in Satisfaction.values:
        raise InvalidInput(_("Choose satisfied, basically satisfied or unsatisfied."), field="satisfaction")
    wish.satisfaction = satisfaction
    wish.rating_note = _optional_text(params, "note")
    wish.closed_at = now
    wish.followup_due = None
    Claim.objects.filter(wish=wish, active=True).update(active=False, ended_at=now)
    return wish.rating_note


@_action("dispute", _("Not done yet"), [S.FULFILLED], S.IN_PROGRESS, "wishes.confirm_wish")
def _dispute(wish, actor, params, now):
    reason = _required_text(params, "reason", _("Say what is still not done."))
    wish.fulfilled_at = None
    wish.followup_due = None
    wish.fulfilment_note = ""
    wish.fulfil_due = days_after(now, policy_for(wish.community).rework_days)
    return reason


@_action(
    "withdraw", _("Withdraw"),
    [S.SUBMITTED, S.PUBLISHED, S.DISPATCHED, S.CLAIMED, S.IN_PROGRESS], S.WITHDRAWN, "wishes.withdraw_wish",
)
def _withdraw(wish, actor, params, now):
    _end_active_claim(wish, now)
    wish.dispatched_to = None
    return _optional_text(params, "reason") or _optional_text(params, "note")


@_action("merge", _("Merge into the original"), [S.SUBMITTED, S.PUBLISHED, S.DISPATCHED], S.MERGED,
         "wishes.review_wish")
def _merge(wish, actor, params, now):
    into = params.get("into")
    try:  # nowait: two reviewers merging two wishes into each other must not wait on each other's locks
        original = (
            Wish.objects.select_for_update(of=("self",), nowait=True, no_key=True).filter(pk=parse_id(into)).first()
            if into not in (None, "") and parse_id(into) else None
        )
    except OperationalError:
        raise Conflict(
            _("Wish #%(number)s is being changed by someone else right now; try again in a moment.")
            % {"number": parse_id(into)}
        ) from None
    if original is None or not rules.has_perm("wishes.review_wish", actor, original):
        raise InvalidInput(_("Enter the number of the original wish, one you may review."), field="into")
    if original.pk == wish.pk:
        raise InvalidInput(_("A wish cannot be merged into itself."), field="into")
    if original.state in (S.MERGED, S.REJECTED, S.WITHDRAWN):
        raise InvalidInput(
            _("Wish #%(number)s is “%(state)s”; merge into a wish that stands.")
            % {"number": original.pk, "state": original.get_state_display()},
            field="into",
        )
    wish.merged_into = original
    wish.dispatched_to = None
    note = _optional_text(params, "note")
    record_event(
        wish=original, actor=actor, action="merged_in", from_state=original.state, at=now,
        note=_("Wish #%(number)s, the same need, was merged into this one.") % {"number": wish.pk},
    )
    return (_("Merged into wish #%(number)s.") % {"number": original.pk}) + (f"\n{note}" if note else "")


@_action(
    "answer", _("Answered by a project"),
    [S.SUBMITTED, S.PUBLISHED, S.DISPATCHED, S.CLAIMED, S.IN_PROGRESS], S.FULFILLED, "wishes.review_wish",
    offered=False,
)
def _answer(wish, actor, params, now):
    wish.fulfilment_note = _required_text(params, "note", _("Describe what the project did."))
    _end_active_claim(wish, now)
    wish.dispatched_to = None
    wish.published_at = wish.published_at or now
    wish.fulfilled_at = now
    wish.followup_due = days_after(now, policy_for(wish.community).followup_days)
    return wish.fulfilment_note


_SAVED_FIELDS = [
    "state", "state_changed_at", "holder", "dispatched_to", "review_due", "claim_due", "fulfil_due",
    "followup_due", "reject_reason", "fulfilment_note", "satisfaction", "rating_note", "published_at",
    "fulfilled_at", "closed_at", "escalate_at", "merged_into",
]


def record_event(*, wish: Wish, actor, action: str, from_state: str, note: str = "", at=None) -> WishEvent:
    """Write the event of a change: a transition, the wish's creation, or a change that keeps the state
    (photos, volunteers), whose ``from_state`` and ``to_state`` are then the same; then bring the monthly
    figures up to date (``rollups``) in the same transaction."""
    event = WishEvent.objects.create(
        wish=wish, actor=actor, at=at or wish.state_changed_at, action=action, from_state=from_state,
        to_state=wish.state, note=note, due=current_deadline(wish),
    )
    wish_refresh(wish)
    return event


def lock_visible(wish_id, actor) -> Wish:
    """Return the wish locked for update if ``actor`` may see it; raise ``NotFound`` otherwise.

    Call inside ``transaction.atomic``; the lock is held until the transaction ends.
    """
    wish_id = parse_id(wish_id)
    wish = (
        Wish.objects.select_for_update(of=("self",), no_key=True).select_related("community", "beneficiary")
        .filter(pk=wish_id).first() if wish_id else None
    )
    if wish is None or not rules.has_perm("wishes.view_wish", actor, wish):
        raise NotFound()
    return wish


def transition(*, wish_id: int, action: str, actor, params: dict | None = None, internal: bool = False) -> Wish:
    """Carry out ``action`` on the wish by ``actor`` and return the updated wish.

    An action that is not ``offered`` (``answer``) is taken only by another service, which says so with
    ``internal``; from a page or the API it is an unknown action.

    Raise ``NotFound`` for a wish the actor may not see, ``IllegalTransition`` (or ``AlreadyClaimed``)
    when the state does not allow the action, ``Forbidden`` when the actor may not do it, and
    ``InvalidInput`` for a missing or wrong parameter. Nothing is written when any is raised.
    """
    spec = ACTIONS.get(action)
    if spec is None or not (spec.offered or internal):
        raise InvalidInput(_("Unknown action."), field="action")
    params = params or {}
    with transaction.atomic():
        wish = lock_visible(wish_id, actor)
        if wish.state not in spec.sources:
            if action == "claim" and wish.holder_id is not None:
                raise AlreadyClaimed()
            raise IllegalTransition(
                _("A wish that is “%(state)s” cannot be “%(action)s”.")
                % {"state": wish.get_state_display(), "action": spec.label}
            )
        if not rules.has_perm(spec.permission, actor, wish):
            raise Forbidden()
        now = clock.now()
        from_state = wish.state
        note = spec.effect(wish, actor, params, now) or ""
        wish.state = spec.target
        wish.state_changed_at = now
        wish.escalate_at = next_escalation(wish, policy_for(wish.community).escalation_days)
        wish.save(update_fields=_SAVED_FIELDS)
        event = record_event(wish=wish, actor=actor, action=action, from_state=from_state, note=note)
        transition_notices(wish=wish, event=event)
    return wish


def available_actions(user, wish: Wish) -> list[Action]:
    """Return the actions ``user`` may take on ``wish`` in its current state (for the pages)."""
    return [
        a for a in ACTIONS.values()
        if a.offered and wish.state in a.sources and rules.has_perm(a.permission, user, wish)
    ]
