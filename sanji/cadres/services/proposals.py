"""Proposals: the platform proposes a batch's placement, staff adjust it, and each change shows its cost in fit.

A proposal lists every cadre of the batch, placed or not. Adjustments move a cadre to another community (or
out), or swap two cadres of the same role; each is checked against the hard rules and the capacities, and
records the change in the proposal's total fit. Only the batch's newest proposal can be adjusted or adopted,
while the batch is being planned. Every write here takes the batch's row lock.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from sanji.core import clock
from sanji.core.errors import Conflict, IllegalTransition, InvalidInput
from sanji.core.inputs import clean_text, parse_id

from ..fit import Fit, fit, refusal
from ..models import Adjustment, BatchState, Cadre, Mode, Proposal, ProposedPair, Role, Side
from ..planner import Place, plan
from ..profiles import cadre_profile, cadres_with_profiles, need_profile, needs_by_community, weights_of
from ..selectors.access import batch_access
from .eligibility import eligibility_refusal, placed_elsewhere


@dataclass
class BatchInput:
    """A batch read into profiles: what the planner and the cost of a change are computed from."""

    batch: object
    cadres: dict  # cadre id -> (Cadre, CadreProfile, BatchCadre)
    places: dict  # community id -> (Area, NeedProfile, capacity, wants_assistant)

    def fit(self, cadre_id: int, community_id: int) -> Fit:
        return fit(self.cadres[cadre_id][1], self.places[community_id][1], weights_of(self.batch))

    def refusal(self, cadre_id: int, community_id: int) -> str | None:
        return refusal(self.cadres[cadre_id][1], self.places[community_id][1])


def batch_input(batch) -> BatchInput:
    """Read ``batch``'s cadres and communities with their profiles, in a fixed number of queries."""
    entries = list(batch.entries.all())
    found = cadres_with_profiles(Cadre.objects.filter(pk__in=[e.cadre_id for e in entries]))
    cadres = {c.pk: c for c in found}
    places = list(batch.places.select_related("community"))
    needs = needs_by_community(p.community_id for p in places)
    return BatchInput(
        batch=batch,
        cadres={e.cadre_id: (cadres[e.cadre_id], cadre_profile(cadres[e.cadre_id]), e) for e in entries},
        places={
            p.community_id: (p.community, need_profile(p.community, needs.get(p.community_id)), p.capacity,
                             bool(needs.get(p.community_id) and needs[p.community_id].wants_assistant))
            for p in places
        },
    )


def proposal_make(*, actor, batch_id, mode: str = Mode.OPTIMAL, side: str = Side.COMMUNITY) -> Proposal:
    """Propose a placement of the batch by ``mode`` and store it, every cadre with a line, placed or not."""
    if mode not in Mode.values:
        raise InvalidInput(_("Choose how to propose: best total fit or stable matching."), field="mode")
    if side not in Side.values:
        raise InvalidInput(_("Choose whose side the stable matching favours."), field="side")
    with transaction.atomic():
        batch = _open(actor, batch_id)
        data = batch_input(batch)
        if not data.cadres or not data.places:
            raise InvalidInput(_("Put cadres and communities in the batch first."), field="mode")
        roles = {cid: entry.role for cid, (_c, _p, entry) in data.cadres.items()}
        result = plan(
            members=[p for cid, (_c, p, _e) in data.cadres.items() if roles[cid] == Role.MEMBER],
            assistants=[p for cid, (_c, p, _e) in data.cadres.items() if roles[cid] == Role.ASSISTANT],
            places=[Place(need, capacity, wants) for _a, need, capacity, wants in data.places.values()],
            mode=mode, side=side, weights=weights_of(batch),
            stated={str(cid): [str(x) for x in entry.prefs] for cid, (_c, _p, entry) in data.cadres.items()},
        )
        proposal = Proposal.objects.create(
            batch=batch, revision=batch.revision, mode=mode, side=side, proposed_total=result.total,
            created_at=clock.now(), created_by=actor,
            without_assistant=[int(x) for x in result.without_assistant],
        )
        placed = {int(pair.cadre): pair for pair in result.pairs}
        ProposedPair.objects.bulk_create(
            _line(proposal, cid, roles[cid], placed.get(cid)) for cid in data.cadres
        )
        return proposal


def _line(proposal, cadre_id: int, role: str, pair) -> ProposedPair:
    if pair is None:
        return ProposedPair(proposal=proposal, cadre_id=cadre_id, role=role)
    f = pair.fit
    return ProposedPair(proposal=proposal, cadre_id=cadre_id, role=role, community_id=int(pair.community),
                        ability=f.ability, business=f.business, professional=f.professional, fit=f.total)


def _open(actor, batch_id):
    batch = batch_access(actor, batch_id, lock=True)
    if batch.state != BatchState.OPEN:
        raise IllegalTransition(_("This batch has been placed; its proposals can no longer change."))
    return batch


def proposal_current(batch, proposal: Proposal) -> None:
    """Refuse ``proposal`` unless it is the batch's newest and the batch's cadres and communities have not changed
    since it was made."""
    if proposal != batch.proposals.first():
        raise Conflict(_("A newer proposal has been made; use that one or propose again."))
    if proposal.revision != batch.revision:
        raise Conflict(_("Cadres or communities changed after this proposal was made; propose again."))


def assistant_gaps(data: BatchInput, pairs) -> tuple[list[int], list[tuple[int, int]]]:
    """Return the communities that want an assistant and have none in ``pairs``, and the (assistant, community)
    pairs that could fill such a gap: an assistant left out whom the hard rules allow there."""
    filled = {p.community_id for p in pairs if p.role == Role.ASSISTANT and p.community_id}
    lacking = [cid for cid, (_a, _n, _c, wants) in data.places.items() if wants and cid not in filled]
    free = [p.cadre_id for p in pairs if p.role == Role.ASSISTANT and not p.community_id and p.cadre_id in data.cadres]
    fillable = [(a, c) for a in free for c in lacking if data.refusal(a, c) is None]
    return lacking, fillable


def proposal_check_for_adoption(batch, proposal: Proposal) -> list[ProposedPair]:
    """Check the proposal against the batch as it stands now and return the pairs to place.

    Every rule is checked again, since a community's need or a cadre's record may have changed after the proposal
    was made: each cadre still eligible and not placed by another batch in the window, each community within its
    capacity, assistants only where one is wanted and one each, the hard rules, and no community left without an
    assistant while an assistant who may go there is left out. Locks the cadres' rows, so two batches adopted at
    once cannot both place one cadre.
    """
    proposal_current(batch, proposal)
    data = batch_input(batch)
    pairs = list(proposal.pairs.select_related("cadre"))
    placing = [p for p in pairs if p.community_id]
    if not placing:
        raise InvalidInput(_("This proposal places nobody."), field="proposal")
    list(Cadre.objects.select_for_update().filter(pk__in=[p.cadre_id for p in placing]).order_by("pk"))
    counts: dict[tuple[str, int], int] = {}
    for pair in placing:
        refusal_text = eligibility_refusal(batch, pair.cadre, pair.role)
        if refusal_text:
            raise Conflict(refusal_text)
        _check_allowed(data, pair.cadre_id, pair.community_id)
        key = (pair.role, pair.community_id)
        counts[key] = counts.get(key, 0) + 1
        _area, _need, capacity, wants = data.places[pair.community_id]
        limit = (1 if wants else 0) if pair.role == Role.ASSISTANT else capacity
        if counts[key] > limit:
            raise Conflict(_("%(name)s would take more cadres than it can; change the proposal first.") % {
                "name": data.places[pair.community_id][0].name})
    busy = placed_elsewhere(batch, [p.cadre_id for p in placing])
    if busy:
        raise Conflict(_("%(name)s is already placed in %(community)s during this batch's window.") % {
            "name": busy[0].cadre.name, "community": busy[0].community.name})
    _lacking, fillable = assistant_gaps(data, pairs)
    if fillable:
        cadre_id, community_id = fillable[0]
        raise Conflict(_("%(community)s has no assistant to its party secretary while %(name)s is left out; place "
                         "him or her there first.") % {"community": data.places[community_id][0].name,
                                                        "name": data.cadres[cadre_id][0].name})
    return placing


def _newest(actor, proposal_id) -> tuple[Proposal, BatchInput]:
    proposal = Proposal.objects.filter(pk=parse_id(proposal_id)).select_related("batch").first()
    if proposal is None:
        raise InvalidInput(_("Choose a proposal."), field="proposal")
    batch = _open(actor, proposal.batch_id)
    proposal_current(batch, proposal)
    return proposal, batch_input(batch)


def _set(pair: ProposedPair, community_id, data: BatchInput) -> Decimal:
    """Put ``pair`` in ``community_id`` (None: out), return the change in fit; the caller saves."""
    before = pair.fit
    pair.community_id = community_id
    f = data.fit(pair.cadre_id, community_id) if community_id else Fit(Decimal(0), Decimal(0), Decimal(0), Decimal(0))
    pair.ability, pair.business, pair.professional, pair.fit = f.ability, f.business, f.professional, f.total
    return f.total - before


def _check_allowed(data: BatchInput, cadre_id: int, community_id: int) -> None:
    rule = data.refusal(cadre_id, community_id)
    name = data.cadres[cadre_id][0].name
    if rule == "home":
        raise InvalidInput(_("%(name)s lives in this community and cannot be placed there.") % {"name": name},
                           field="community")
    if rule == "supervised":
        raise InvalidInput(_("%(name)s's home agency supervises this community, so he or she cannot be placed "
                             "there.") % {"name": name}, field="community")


def _check_room(proposal, data: BatchInput, role: str, community_id: int) -> None:
    taken = proposal.pairs.filter(role=role, community_id=community_id).count()
    _area, _need, capacity, wants = data.places[community_id]
    if role == Role.ASSISTANT:
        if not wants:
            raise InvalidInput(_("Only communities that are hard to govern or weak take an assistant."),
                               field="community")
        capacity = 1
    if taken >= capacity:
        raise Conflict(_("%(name)s has no place left; swap with a cadre placed there instead.") % {
            "name": data.places[community_id][0].name})


def proposal_move(*, actor, proposal_id, cadre_id, community_id=None, reason: str = "") -> Adjustment:
    """Move a cadre to another community of the batch, or out of the proposal when ``community_id`` is empty."""
    reason = clean_text(reason, field="reason", max_length=200)
    with transaction.atomic():
        proposal, data = _newest(actor, proposal_id)
        pair = proposal.pairs.filter(cadre_id=parse_id(cadre_id)).first()
        if pair is None:
            raise InvalidInput(_("Choose a cadre of this batch."), field="cadre")
        target = parse_id(community_id) if community_id not in (None, "") else None
        if target is None and community_id not in (None, ""):
            raise InvalidInput(_("Choose a community of this batch."), field="community")
        if target is not None:
            if target not in data.places:
                raise InvalidInput(_("Choose a community of this batch."), field="community")
            if target == pair.community_id:
                raise InvalidInput(_("The cadre is already proposed for this community."), field="community")
            _check_allowed(data, pair.cadre_id, target)
            _check_room(proposal, data, pair.role, target)
        elif pair.community_id is None:
            raise InvalidInput(_("The cadre is not placed in this proposal."), field="community")
        origin = pair.community_id
        delta = _set(pair, target, data)
        pair.save()
        return Adjustment.objects.create(proposal=proposal, cadre_id=pair.cadre_id, from_community_id=origin,
                                         to_community_id=target, delta=delta, reason=reason, at=clock.now(),
                                         actor=actor)


def proposal_swap(*, actor, proposal_id, cadre_id, other_cadre_id, reason: str = "") -> Adjustment:
    """Swap the communities of two cadres of the same role."""
    reason = clean_text(reason, field="reason", max_length=200)
    with transaction.atomic():
        proposal, data = _newest(actor, proposal_id)
        one = proposal.pairs.filter(cadre_id=parse_id(cadre_id)).first()
        other = proposal.pairs.filter(cadre_id=parse_id(other_cadre_id)).first()
        if one is None or other is None or one.pk == other.pk:
            raise InvalidInput(_("Choose two different cadres of this batch."), field="other")
        if one.role != other.role:
            raise InvalidInput(_("A practice cadre and an assistant cannot swap places."), field="other")
        if one.community_id == other.community_id:
            raise InvalidInput(_("Both cadres are proposed for the same community."), field="other")
        for pair, target in ((one, other.community_id), (other, one.community_id)):
            if target is not None:
                _check_allowed(data, pair.cadre_id, target)
        origin, target = one.community_id, other.community_id
        delta = _set(one, target, data) + _set(other, origin, data)
        one.save()
        other.save()
        return Adjustment.objects.create(proposal=proposal, cadre_id=one.cadre_id, from_community_id=origin,
                                         to_community_id=target, swapped_with_id=other.cadre_id, delta=delta,
                                         reason=reason, at=clock.now(), actor=actor)

