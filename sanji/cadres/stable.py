"""Stable placement of young cadres in communities: deferred acceptance with capacities.

A pure module: no Django, no ORM. The CLI (``sanji stable-match``), the placement services and the benchmarks share
it.

The problem is Roth's hospitals/residents problem (Gale and Shapley's college admissions, 1962). Each cadre ranks
communities, best first, and takes at most one place; each community ranks cadres and takes at most its capacity
(0 or more). A cadre and a community are *acceptable* to each other only when each lists the other: an entry that
one side lists and the other does not is ignored, by rule, not refused. A placement is *stable* when no acceptable
pair (c, h) blocks it: c is unplaced or prefers h to its community, and h has a free place or prefers c to the
worst cadre it holds. A community's preferences over sets of cadres are responsive (read from its list, one cadre
at a time).

Deferred acceptance finds a stable placement in time linear in the total length of the lists (times the log of a
capacity, for the heap that keeps a community's worst held cadre on top). Which side proposes decides which side
it favours:

``optimal="cadre"``
    Each free cadre proposes to the next community on its list; a community holds the best offers up to its
    capacity and rejects the rest. Every cadre gets its best partner over all stable placements.
``optimal="community"``
    Each community with a free place proposes to the next cadre on its list; a cadre holds the best offer and
    rejects the rest. Every cadre gets its worst partner over all stable placements, which makes the placement
    the best one for every community.

The rural hospitals theorem (Roth 1986) holds whichever side proposes: the same cadres are placed in every stable
placement and every community gets the same number of them; a community left with a free place in one stable
placement gets the very same cadres in all. The order in which proposals are made does not change the result, so
it is a function of the instance alone.

Problems are named by paths over the mappings in their iteration order (``cadres[3].prefs[2]``), which are the
JSON paths of the ``sanji stable-match`` input file, and by the ids concerned.

Errors::

    ValueError
    └── InputRefused          (sanji.core.cli_io)
        └── StableInputError  an id, a list, a capacity, ``optimal`` or a placement is malformed; the message
                              names the first problem found
"""

import heapq
import numbers
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sanji.core.cli_io import InputRefused, gettext_noop, quote

CADRE = "cadre"
COMMUNITY = "community"
OPTIMAL = (CADRE, COMMUNITY)

NOT_A_STRING = gettext_noop("%(where)s: the id must be a string, not %(value)s.")
REPEATED_ID = gettext_noop("%(where)s: the id %(id)s is already used by %(first)s.")
NOT_A_LIST = gettext_noop("%(where)s must be a list of ids, not %(value)s.")
REPEATED_ENTRY = gettext_noop("%(where)s: %(id)s is already listed at %(first)s.")
UNKNOWN_COMMUNITY = gettext_noop(
    "%(where)s: cadre %(cadre)s lists community %(community)s, which is not among the communities."
)
UNKNOWN_CADRE = gettext_noop("%(where)s: community %(community)s lists cadre %(cadre)s, which is not among the cadres.")
NO_CAPACITY = gettext_noop("%(where)s: community %(community)s has no capacity.")
CAPACITY_OF_NOBODY = gettext_noop("A capacity is given for %(community)s, which is not among the communities.")
NOT_A_WHOLE_NUMBER = gettext_noop("%(where)s: the capacity must be a whole number, not %(value)s.")
NEGATIVE = gettext_noop("%(where)s: the capacity must not be negative.")
WRONG_OPTIMAL = gettext_noop('"optimal" must be "cadre" or "community", not %(value)s.')
PLACED_NOBODY = gettext_noop("The placement names cadre %(cadre)s, which is not among the cadres.")
PLACED_NOWHERE = gettext_noop(
    "The placement puts cadre %(cadre)s in community %(community)s, which is not among the communities."
)
PLACED_UNACCEPTABLE = gettext_noop(
    "The placement puts cadre %(cadre)s in community %(community)s, but the two do not both list each other."
)
OVER_CAPACITY = gettext_noop(
    "The placement puts %(count)s cadres in community %(community)s, more than its capacity of %(capacity)s."
)


class StableInputError(InputRefused):
    """Refuse a malformed instance or placement with one line of English naming the problem."""


@dataclass(frozen=True)
class Matching:
    """A placement: each placed cadre's community, in the cadres' order, and the cadres left unplaced, in order."""

    pairs: dict[str, str]
    unmatched: list[str]


def stable_match(
    cadre_prefs: Mapping[str, Sequence[str]],
    community_prefs: Mapping[str, Sequence[str]],
    capacities: Mapping[str, int],
    *,
    optimal: str,
) -> Matching:
    """Return the cadre-optimal or the community-optimal stable placement; refuse a malformed instance.

    ``cadre_prefs`` maps each cadre to the communities it would go to, best first; ``community_prefs`` maps each
    community to the cadres it would take, best first; ``capacities`` maps each community to its number of places.
    """
    if optimal not in OPTIMAL:
        raise StableInputError(WRONG_OPTIMAL, value=quote(optimal))
    check_instance(cadre_prefs, community_prefs, capacities)
    propose = _cadres_propose if optimal == CADRE else _communities_propose
    placed = propose(cadre_prefs, community_prefs, {h: int(capacities[h]) for h in community_prefs})
    return Matching(
        pairs={c: placed[c] for c in cadre_prefs if c in placed},
        unmatched=[c for c in cadre_prefs if c not in placed],
    )


def blocking_pairs(
    cadre_prefs: Mapping[str, Sequence[str]],
    community_prefs: Mapping[str, Sequence[str]],
    capacities: Mapping[str, int],
    pairs: Mapping[str, str],
) -> list[tuple[str, str]]:
    """Return the (cadre, community) pairs that block the placement ``pairs`` (cadre -> community).

    The pairs come in the cadres' order, each cadre's communities best first; an empty list means ``pairs`` is
    stable. Refuse a malformed instance, and a placement that names an unknown id, puts a cadre where the two do
    not both list each other, or fills a community past its capacity.
    """
    check_instance(cadre_prefs, community_prefs, capacities)
    rank = _ranks(community_prefs)
    held = dict.fromkeys(community_prefs, 0)
    worst = dict.fromkeys(community_prefs, -1)
    for cadre, community in pairs.items():
        _check_pair(cadre, community, cadre_prefs, rank)
        held[community] += 1
        worst[community] = max(worst[community], rank[community][cadre])
    for community, count in held.items():
        if count > capacities[community]:
            raise StableInputError(
                OVER_CAPACITY, count=count, community=quote(community), capacity=int(capacities[community])
            )
    blocking = []
    for cadre, prefs in cadre_prefs.items():
        partner = pairs.get(cadre)
        for community in prefs:
            if community == partner:
                break
            position = rank[community].get(cadre)
            if position is not None and (held[community] < capacities[community] or position < worst[community]):
                blocking.append((cadre, community))
    return blocking


def check_ids(ids: Sequence[object], side: str) -> None:
    """Refuse an id that is not a string or repeats an earlier one; ``side`` names the list (``"cadres"``)."""
    seen: dict[str, int] = {}
    for position, node_id in enumerate(ids):
        if not isinstance(node_id, str):
            raise StableInputError(NOT_A_STRING, where=f"{side}[{position}].id", value=quote(node_id))
        first = seen.setdefault(node_id, position)
        if first != position:
            raise StableInputError(
                REPEATED_ID, where=f"{side}[{position}].id", id=quote(node_id), first=f"{side}[{first}]"
            )


def check_instance(
    cadre_prefs: Mapping[str, Sequence[str]],
    community_prefs: Mapping[str, Sequence[str]],
    capacities: Mapping[str, int],
) -> None:
    """Refuse a malformed instance, naming the first problem.

    Refuse an id that is not a string, a capacity that is missing or not a whole number >= 0, a capacity for no
    community, and a list that is not a list of ids of the other side, each at most once.
    """
    check_ids(list(cadre_prefs), "cadres")
    check_ids(list(community_prefs), "communities")
    _check_capacities(community_prefs, capacities)
    _check_lists(cadre_prefs, community_prefs, "cadres", UNKNOWN_COMMUNITY, (CADRE, COMMUNITY))
    _check_lists(community_prefs, cadre_prefs, "communities", UNKNOWN_CADRE, (COMMUNITY, CADRE))


def _check_capacities(community_prefs: Mapping[str, Sequence[str]], capacities: Mapping[str, int]) -> None:
    for position, community in enumerate(community_prefs):
        if community not in capacities:
            raise StableInputError(NO_CAPACITY, where=f"communities[{position}]", community=quote(community))
        value = capacities[community]
        where = f"communities[{position}].capacity"
        if isinstance(value, bool) or not isinstance(value, numbers.Integral):
            raise StableInputError(NOT_A_WHOLE_NUMBER, where=where, value=quote(value))
        if value < 0:
            raise StableInputError(NEGATIVE, where=where)
    for community in capacities:
        if community not in community_prefs:
            raise StableInputError(CAPACITY_OF_NOBODY, community=quote(community))


def _check_lists(
    owners: Mapping[str, Sequence[str]], others: Mapping, side: str, unknown: str, names: tuple[str, str]
) -> None:
    """Refuse a list of ``owners`` that is not a sequence of ids of ``others``, each listed once."""
    known = others.keys()
    for position, (owner, prefs) in enumerate(owners.items()):
        try:
            if _is_list(prefs) and len(entries := set(prefs)) == len(prefs) and known >= entries:
                continue
        except TypeError:  # an unhashable entry; named below
            pass
        where = f"{side}[{position}].prefs"
        if not _is_list(prefs):
            raise StableInputError(NOT_A_LIST, where=where, value=quote(prefs))
        seen: dict[str, int] = {}
        for rank, other in enumerate(prefs):
            if not isinstance(other, str):
                raise StableInputError(NOT_A_STRING, where=f"{where}[{rank}]", value=quote(other))
            if other not in known:
                raise StableInputError(
                    unknown, where=f"{where}[{rank}]", **{names[0]: quote(owner), names[1]: quote(other)}
                )
            first = seen.setdefault(other, rank)
            if first != rank:
                raise StableInputError(
                    REPEATED_ENTRY, where=f"{where}[{rank}]", id=quote(other), first=f"{where}[{first}]"
                )
        raise AssertionError("unreachable: a list was found wanting but no culprit")


def _is_list(value: object) -> bool:
    return isinstance(value, Sequence) and not isinstance(value, str | bytes | bytearray)


def _check_pair(cadre: object, community: object, cadre_prefs: Mapping, rank: dict[str, dict[str, int]]) -> None:
    """Refuse a placed pair naming an unknown cadre or community, or two that do not both list each other."""
    if not isinstance(cadre, str) or cadre not in cadre_prefs:
        raise StableInputError(PLACED_NOBODY, cadre=quote(cadre))
    if not isinstance(community, str) or community not in rank:
        raise StableInputError(PLACED_NOWHERE, cadre=quote(cadre), community=quote(community))
    if cadre not in rank[community] or community not in cadre_prefs[cadre]:
        raise StableInputError(PLACED_UNACCEPTABLE, cadre=quote(cadre), community=quote(community))


def _ranks(prefs: Mapping[str, Sequence[str]]) -> dict[str, dict[str, int]]:
    """Return each owner's rank of every id on its list: 0 for the best."""
    return {owner: dict(zip(listed, range(len(listed)), strict=True)) for owner, listed in prefs.items()}


def _cadres_propose(
    cadre_prefs: Mapping[str, Sequence[str]], community_prefs: Mapping[str, Sequence[str]], room: dict[str, int]
) -> dict[str, str]:
    """Return the cadre-optimal stable placement, cadre -> community, by cadre-proposing deferred acceptance."""
    rank = _ranks(community_prefs)
    # Each community's held cadres as a heap of (-rank, cadre): the worst held one is on top.
    held: dict[str, list[tuple[int, str]]] = {h: [] for h in community_prefs}
    partner: dict[str, str] = {}
    following = dict.fromkeys(cadre_prefs, 0)
    free = list(reversed(cadre_prefs))
    while free:
        cadre = free.pop()
        prefs = cadre_prefs[cadre]
        for position in range(following[cadre], len(prefs)):
            community = prefs[position]
            their_rank = rank[community].get(cadre)
            if their_rank is None:  # the community does not list this cadre
                continue
            heap = held[community]
            if len(heap) < room[community]:
                heapq.heappush(heap, (-their_rank, cadre))
            elif heap and -heap[0][0] > their_rank:
                _, rejected = heapq.heapreplace(heap, (-their_rank, cadre))
                del partner[rejected]
                free.append(rejected)
            else:
                continue
            partner[cadre] = community
            following[cadre] = position + 1
            break
    return partner


def _communities_propose(
    cadre_prefs: Mapping[str, Sequence[str]], community_prefs: Mapping[str, Sequence[str]], room: dict[str, int]
) -> dict[str, str]:
    """Return the community-optimal stable placement, cadre -> community, by community-proposing deferred acceptance."""
    rank = _ranks(cadre_prefs)
    partner: dict[str, str] = {}
    partner_rank: dict[str, int] = {}
    held = dict.fromkeys(community_prefs, 0)
    following = dict.fromkeys(community_prefs, 0)
    free = list(reversed(community_prefs))
    while free:
        community = free.pop()
        prefs, count, position = community_prefs[community], held[community], following[community]
        while count < room[community] and position < len(prefs):
            cadre = prefs[position]
            position += 1
            their_rank = rank[cadre].get(community)
            if their_rank is None:  # the cadre does not list this community
                continue
            current = partner.get(cadre)
            if current is not None:
                if their_rank > partner_rank[cadre]:
                    continue
                held[current] -= 1  # current is another community: each community asks each cadre once
                free.append(current)
            partner[cadre] = community
            partner_rank[cadre] = their_rank
            count += 1
        held[community], following[community] = count, position
    return partner
