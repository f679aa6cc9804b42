"""Batches: create one, put cadres and communities in it, and move it along (the one writer of ``Batch.state``).

``batch_transition`` moves a batch ``open -> placed`` (adopting a proposal: each placed pair becomes a
``Placement``) and ``placed -> closed`` (after the window has ended). Proposals and their adjustments live in
``proposals``.
"""

from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from sanji.audit.services import audit_record_bulk
from sanji.core import clock
from sanji.core.errors import Conflict, Forbidden, IllegalTransition, InvalidInput
from sanji.core.inputs import clean_text, full_clean_or_refuse, parse_count, parse_date, parse_id
from sanji.core.models import Area

from ..models import (
    Batch,
    BatchCadre,
    BatchCommunity,
    BatchEvent,
    BatchState,
    Cadre,
    CommunityNeed,
    Placement,
    Proposal,
    Role,
)
from ..rules import district_areas
from ..selectors.access import batch_access
from .eligibility import eligibility_refusal, placed_elsewhere
from .pool import MAX_CAPACITY
from .proposals import proposal_check_for_adoption

MAX_PREFS = 5


def _weight(value, field: str) -> Decimal:
    try:
        weight = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        raise InvalidInput(_("Enter a weight between 0 and 1, such as 0.4."), field=field) from None
    if not weight.is_finite() or not Decimal(0) <= weight <= Decimal(1) or weight != weight.quantize(Decimal("0.01")):
        raise InvalidInput(_("Enter a weight between 0 and 1, such as 0.4."), field=field)
    return weight


def batch_create(*, actor, name: str, starts_on, ends_on, max_age=35, without_grassroots_only: bool = True,
                 weight_ability="0.40", weight_business="0.30", weight_professional="0.30") -> Batch:
    """Create a batch with its window, eligibility rules and fit weights (which must add up to 1)."""
    if not district_areas(actor):
        raise Forbidden(_("Only the district runs batches."))
    name = clean_text(name, field="name", max_length=60, required=True,
                      message=_("Name the batch, such as 2026年第二期."))
    starts_on, ends_on = parse_date(starts_on, field="starts_on"), parse_date(ends_on, field="ends_on")
    if ends_on <= starts_on:
        raise InvalidInput(_("The batch must end after it starts."), field="ends_on")
    age = parse_id(max_age)
    if age is None or not 18 <= age <= 60:
        raise InvalidInput(_("Enter the oldest age as a whole number between 18 and 60."), field="max_age")
    weights = [_weight(weight_ability, "weight_ability"), _weight(weight_business, "weight_business"),
               _weight(weight_professional, "weight_professional")]
    if sum(weights) != 1:
        raise InvalidInput(_("The three weights must add up to 1."), field="weight_ability")
    batch = Batch(name=name, starts_on=starts_on, ends_on=ends_on, max_age=age,
                  without_grassroots_only=bool(without_grassroots_only), weight_ability=weights[0],
                  weight_business=weights[1], weight_professional=weights[2], created_by=actor)
    full_clean_or_refuse(batch)
    with transaction.atomic():
        batch.save()
        BatchEvent.objects.create(batch=batch, kind="created", actor=actor, at=clock.now())
    return batch


def _open_batch(actor, batch_id) -> Batch:
    """Return the batch, locked, if it is still being planned, with its revision moved on: a cadre or a
    community is about to join or leave, so its proposals are out of date."""
    batch = batch_access(actor, batch_id, lock=True)
    if batch.state != BatchState.OPEN:
        raise IllegalTransition(_("This batch has been placed; its cadres and communities can no longer change."))
    batch.revision += 1
    batch.save(update_fields=["revision"])
    return batch


def batch_add_cadre(*, actor, batch_id, cadre_id, role: str = Role.MEMBER, prefs=()) -> BatchCadre:
    """Put a cadre in the batch as a practice cadre or an assistant, with up to five communities asked for."""
    if role not in Role.values:
        raise InvalidInput(_("Choose whether the cadre is sent as a practice cadre or as an assistant."), field="role")
    with transaction.atomic():
        batch = _open_batch(actor, batch_id)
        cadre = Cadre.objects.filter(pk=parse_id(cadre_id)).first()
        if cadre is None:
            raise InvalidInput(_("Choose a cadre from the pool."), field="cadre")
        refusal = eligibility_refusal(batch, cadre, role)
        if refusal:
            raise InvalidInput(refusal, field="cadre")
        if placed_elsewhere(batch, [cadre.pk]):
            raise Conflict(_("%(name)s is already placed in a community during this batch's window.") % {
                "name": cadre.name})
        asked = _prefs(prefs)
        try:
            with transaction.atomic():
                return BatchCadre.objects.create(batch=batch, cadre=cadre, role=role, prefs=asked)
        except IntegrityError:
            raise Conflict(_("%(name)s is already in this batch.") % {"name": cadre.name}) from None


def _prefs(prefs) -> list[int]:
    ids = [parse_id(p) for p in prefs if str(p).strip()]
    if any(pk is None for pk in ids):
        raise InvalidInput(_("Choose the communities asked for from the list."), field="prefs")
    ids = list(dict.fromkeys(ids))
    if len(ids) > MAX_PREFS:
        raise InvalidInput(_("A cadre may ask for at most %(n)s communities.") % {"n": MAX_PREFS}, field="prefs")
    if Area.objects.filter(pk__in=ids, level="community").count() != len(ids):
        raise InvalidInput(_("Choose the communities asked for from the list."), field="prefs")
    return ids


def batch_add_community(*, actor, batch_id, community_id, capacity=None) -> BatchCommunity:
    """Put a community in the batch; its capacity defaults to the one in its published need."""
    with transaction.atomic():
        batch = _open_batch(actor, batch_id)
        community = Area.objects.filter(pk=parse_id(community_id), level="community").first()
        if community is None:
            raise InvalidInput(_("Choose a community."), field="community")
        if capacity in (None, ""):
            need = CommunityNeed.objects.filter(community=community).first()
            places = need.capacity if need else 1
        else:
            places = parse_count(capacity, field="capacity", maximum=MAX_CAPACITY,
                                 message=_("Enter how many cadres the community takes, from 0 to 20."))
        try:
            with transaction.atomic():
                return BatchCommunity.objects.create(batch=batch, community=community, capacity=places)
        except IntegrityError:
            raise Conflict(_("%(name)s is already in this batch.") % {"name": community.name}) from None


def batch_remove(*, actor, batch_id, cadre_id=None, community_id=None) -> None:
    """Take a cadre or a community out of a batch that is still being planned."""
    with transaction.atomic():
        batch = _open_batch(actor, batch_id)
        removed = 0
        if cadre_id not in (None, ""):
            removed += BatchCadre.objects.filter(batch=batch, cadre_id=parse_id(cadre_id)).delete()[0]
        if community_id not in (None, ""):
            removed += BatchCommunity.objects.filter(batch=batch, community_id=parse_id(community_id)).delete()[0]
        if not removed:
            raise InvalidInput(_("Choose a cadre or a community of this batch to remove."), field="cadre")


# The allowed moves: (from, action) -> to.
TRANSITIONS = {
    (BatchState.OPEN, "place"): BatchState.PLACED,
    (BatchState.PLACED, "close"): BatchState.CLOSED,
}


def batch_transition(*, actor, batch_id, action: str, proposal_id=None) -> Batch:
    """Move the batch by ``action``: ``place`` adopts a proposal, ``close`` ends a batch whose window is over.

    Takes the batch's row lock; adjustments to its proposals take the same lock, so a proposal cannot change
    while it is being adopted.
    """
    with transaction.atomic():
        batch = batch_access(actor, batch_id, lock=True)
        target = TRANSITIONS.get((batch.state, action))
        if target is None:
            raise IllegalTransition(_("This batch cannot do that now."))
        detail = {}
        if action == "place":
            detail = _adopt(actor, batch, proposal_id)
        elif clock.today() <= batch.ends_on:
            raise IllegalTransition(_("A batch can be closed only after its last day."))
        batch.state = target
        batch.save(update_fields=["state"])
        BatchEvent.objects.create(batch=batch, kind=action, actor=actor, at=clock.now(), detail=detail)
        return batch


def _adopt(actor, batch: Batch, proposal_id) -> dict:
    proposal = Proposal.objects.filter(batch=batch, pk=parse_id(proposal_id)).first()
    if proposal is None:
        raise InvalidInput(_("Choose the proposal to adopt."), field="proposal")
    pairs = proposal_check_for_adoption(batch, proposal)
    placed = Placement.objects.bulk_create(
        Placement(batch=batch, cadre_id=pair.cadre_id, community_id=pair.community_id, role=pair.role,
                  starts_on=batch.starts_on, ends_on=batch.ends_on)
        for pair in pairs
    )
    audit_record_bulk(Placement, action="create", instances=placed)  # bulk_create sends no signal
    proposal.adopted_at = clock.now()
    proposal.save(update_fields=["adopted_at"])
    return {"proposal": proposal.pk, "placed": len(pairs)}
