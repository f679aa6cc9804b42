"""Reads for the batch page: the proposal line by line, and what each possible change would cost in fit."""

import heapq
from dataclasses import dataclass
from decimal import Decimal

from ..models import Cadre, ProposedPair, Role
from ..services.proposals import BatchInput, assistant_gaps, batch_input


@dataclass(frozen=True)
class Option:
    community_id: int
    name: str
    fit: Decimal
    delta: Decimal
    full: bool


@dataclass
class Line:
    pair: ProposedPair
    options: list  # Option, best first: the communities this cadre may move to
    swaps: list  # (ProposedPair, delta): cadres of the same role he or she may swap with


@dataclass
class ProposalView:
    proposal: object
    lines: list
    total: Decimal
    placed: int
    unplaced: int
    without_assistant: list  # community names
    stale: bool  # cadres or communities changed after it was made


#: How many swaps each line offers, best first: enough to choose from, without pricing a page of thousands.
SWAPS_SHOWN = 8


def proposal_view(batch) -> ProposalView | None:
    """Return the batch's newest proposal with every line's options priced, or None if there is none.

    A proposal made before the batch's cadres or communities changed is shown without options: it can only be
    proposed again.
    """
    proposal = batch.proposals.first()
    if proposal is None:
        return None
    data = batch_input(batch)
    pairs = list(ProposedPair.objects.filter(proposal=proposal).select_related("cadre__agency", "community"))
    stale = proposal.revision != batch.revision
    taken: dict[tuple[str, int], int] = {}
    for pair in pairs:
        if pair.community_id:
            taken[pair.role, pair.community_id] = taken.get((pair.role, pair.community_id), 0) + 1
    lines = [Line(pair, [] if stale else _options(data, pair, taken), [] if stale else _swaps(data, pair, pairs))
             for pair in pairs]
    lacking, _fillable = assistant_gaps(data, pairs)
    return ProposalView(
        proposal=proposal, lines=lines, total=sum((p.fit for p in pairs), Decimal(0)),
        placed=sum(1 for p in pairs if p.community_id), unplaced=sum(1 for p in pairs if not p.community_id),
        without_assistant=[data.places[c][0].name for c in lacking], stale=stale,
    )


def _room(data: BatchInput, role: str, community_id: int) -> int:
    _area, _need, capacity, wants = data.places[community_id]
    if role == Role.ASSISTANT:
        return 1 if wants else 0
    return capacity


def _options(data: BatchInput, pair, taken) -> list[Option]:
    if pair.cadre_id not in data.cadres or (pair.community_id and pair.community_id not in data.places):
        return []
    found = []
    for community_id, (area, _need, _capacity, _wants) in data.places.items():
        if community_id == pair.community_id or _room(data, pair.role, community_id) == 0:
            continue
        if data.refusal(pair.cadre_id, community_id):
            continue
        total = data.fit(pair.cadre_id, community_id).total
        full = taken.get((pair.role, community_id), 0) >= _room(data, pair.role, community_id)
        found.append(Option(community_id, area.name, total, total - pair.fit, full))
    return sorted(found, key=lambda o: (o.full, -o.fit, o.name))


def _swaps(data: BatchInput, pair, pairs) -> list:
    """Return the best ``SWAPS_SHOWN`` swaps for ``pair``, each with the change in total fit."""
    if pair.cadre_id not in data.cadres or (pair.community_id and pair.community_id not in data.places):
        return []
    found = []
    for other in pairs:
        if other.pk == pair.pk or other.role != pair.role or other.community_id == pair.community_id:
            continue
        if other.cadre_id not in data.cadres or (other.community_id and other.community_id not in data.places):
            continue
        if (other.community_id and data.refusal(pair.cadre_id, other.community_id)) or (
                pair.community_id and data.refusal(other.cadre_id, pair.community_id)):
            continue
        mine = data.fit(pair.cadre_id, other.community_id).total if other.community_id else Decimal(0)
        theirs = data.fit(other.cadre_id, pair.community_id).total if pair.community_id else Decimal(0)
        found.append((other, mine + theirs - pair.fit - other.fit))
    return heapq.nsmallest(SWAPS_SHOWN, found, key=lambda item: (-item[1], item[0].cadre.name))


def pool_for(batch):
    """Return the cadres not yet in ``batch``, for the form that adds them."""
    return Cadre.objects.exclude(batch_entries__batch=batch).select_related("agency").order_by("agency__name", "name")
