"""Reads of owners' votes: access, the ballots, turnout while the window is open, an owner's own votes."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from sanji.core.errors import NotFound
from sanji.core.inputs import parse_id
from sanji.core.scope import area_q

from ..models import Ballot, Owner, OwnersVote, RollUnit, VoteState
from ..rules import property_areas
from .registry import CENT, natural_key


def votes_of(compound) -> QuerySet:
    return OwnersVote.objects.filter(compound=compound).order_by("-opens_at", "-pk")


def vote_access(user, vote_id, *, lock: bool = False, as_owner: bool = False) -> OwnersVote:
    """Return the vote if its compound is in ``user``'s property scope (or, with ``as_owner``, if ``user`` owns a
    unit on its roll or in its compound); otherwise 404."""
    pk = parse_id(vote_id)
    if not pk:
        raise NotFound()
    allowed = area_q(property_areas(user), "compound__community")
    if as_owner and getattr(user, "is_authenticated", False):
        allowed |= Q(compound__owners__user=user, state__in=(VoteState.ANNOUNCED, VoteState.COUNTED))
    found = OwnersVote.objects.filter(pk__in=OwnersVote.objects.filter(allowed, pk=pk).values("pk"))
    if lock:
        found = found.select_for_update(of=("self",))
    vote = found.select_related("compound__community").first()
    if vote is None:
        raise NotFound()
    return vote


def ballots_of(vote: OwnersVote, *, include_voided: bool = False) -> QuerySet:
    found = Ballot.objects.filter(vote=vote).select_related("owner", "entered_by")
    if not include_voided:
        found = found.filter(voided_at__isnull=True)
    return found.order_by("entered_at", "pk")


def ballot_rows(vote: OwnersVote) -> list[Ballot]:
    """Return every ballot of ``vote``, voided ones included, for the archive sheet; each carries ``units`` and
    ``area``: how many units the owner holds on the vote's frozen roll, and their area."""
    held = {
        row["owner"]: (row["units"], row["area"].quantize(CENT))  # SQLite's SUM forgets the scale
        for row in RollUnit.objects.filter(vote=vote).order_by().values("owner").annotate(units=Count("pk"),
                                                                                          area=Sum("area"))
    }
    rows = list(ballots_of(vote, include_voided=True))
    for ballot in rows:
        ballot.units, ballot.area = held.get(ballot.owner_id, (0, Decimal("0.00")))
    return rows


@dataclass(frozen=True)
class Progress:
    """Turnout so far: how much of the roll has cast a ballot (how they voted stays sealed until the count)."""

    roll_owners: int
    roll_area: Decimal
    voted_owners: int
    voted_area: Decimal


def vote_progress(vote: OwnersVote) -> Progress | None:
    """Return the turnout of an announced vote, counting the developer's units as one owner; None for a draft."""
    if vote.state == VoteState.DRAFT:
        return None
    roll = RollUnit.objects.filter(vote=vote)
    voted = set(ballots_of(vote).values_list("owner_id", flat=True))
    owners = {("dev" if r.is_developer else r.owner_id) for r in roll.only("owner_id", "is_developer")}
    voted_keys = {("dev" if r.is_developer else r.owner_id) for r in roll.filter(owner_id__in=voted)}
    return Progress(
        roll_owners=len(owners),
        roll_area=(roll.aggregate(s=Sum("area"))["s"] or Decimal("0")).quantize(CENT),
        voted_owners=len(voted_keys),
        voted_area=(roll.filter(owner_id__in=voted).aggregate(s=Sum("area"))["s"] or Decimal("0")).quantize(CENT),
    )


def owner_votes(user) -> QuerySet:
    """Return the announced and counted votes of the compounds where ``user`` owns a unit."""
    if not getattr(user, "is_authenticated", False):
        return OwnersVote.objects.none()
    owners = Owner.objects.filter(user=user)
    return (
        OwnersVote.objects.filter(compound__in=owners.values("compound"),
                                  state__in=(VoteState.ANNOUNCED, VoteState.COUNTED))
        .select_related("compound").order_by("-opens_at", "-pk")
    )


def owners_yet_to_vote(vote: OwnersVote) -> list[tuple[str, list]]:
    """Return the owners on the roll who have not voted, by building, each labelled with its units, as staff find
    them on a paper ballot (which names the unit)."""
    voted = ballots_of(vote).values("owner")
    units: dict[int, list] = {}
    owners = {}
    for roll in RollUnit.objects.filter(vote=vote).exclude(owner__in=voted).select_related("unit__building", "owner"):
        units.setdefault(roll.owner_id, []).append(roll.unit)
        owners[roll.owner_id] = roll.owner
    groups: dict[str, list] = {}
    for owner_id, held in units.items():
        held.sort(key=lambda u: (natural_key(u.building.name), natural_key(u.number)))
        first = held[0]
        label = "、".join(f"{u.building.name}{u.number}" for u in held[:3]) + ("…" if len(held) > 3 else "")
        groups.setdefault(first.building.name, []).append((natural_key(first.number), owners[owner_id], label))
    return [(name, [(owner, label) for _key, owner, label in sorted(items, key=lambda i: i[0])])
            for name, items in sorted(groups.items(), key=lambda g: natural_key(g[0]))]
