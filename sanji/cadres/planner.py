"""Propose a batch placement: cadres to communities, by optimal total fit or by stable matching (pure, no ORM).

A batch has two kinds of places. Every community takes up to its capacity of practice cadres (实践干部), and a
community that is hard to govern or has weak foundations also takes one section-level cadre (正科级) as assistant
to its party secretary. The two are planned apart: assistants go only to the communities that need one, one
each, and do not use up the community's capacity.

Two modes, the same for both kinds:

``optimal``
    The most cadres placed, then the largest total fit among placements with that many
    (``sanji.dispatch.matching`` with ``max_count_then_score``, min-cost flow in OR-Tools). Exact.
``stable``
    Deferred acceptance (``sanji.cadres.stable``) from both sides' preference lists. A cadre's list is the
    communities he or she asked for, in order, then every other acceptable community by fit; a community's list is
    every acceptable cadre by fit. ``side`` names whose optimum the stable matching is.

``candidates`` narrows the pairs considered to a list per cadre (in the cadre's order of preference); without it
every pair that the hard rules allow is considered. Either way both modes see the same pairs, so the fit that
stability gives up (``optimal total - stable total``) compares like with like.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from sanji.dispatch.matching import Edge, Node, solve

from .fit import CadreProfile, Fit, NeedProfile, Weights, acceptable, fit
from .stable import stable_match

MODES = ("optimal", "stable")
SIDES = ("cadre", "community")
MEMBER = "member"
ASSISTANT = "assistant"


@dataclass(frozen=True)
class Place:
    need: NeedProfile
    capacity: int
    wants_assistant: bool


@dataclass(frozen=True)
class Pair:
    cadre: str
    community: str
    role: str
    fit: Fit


@dataclass
class Plan:
    pairs: list[Pair] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)
    without_assistant: list[str] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((pair.fit.total for pair in self.pairs), Decimal(0))


def plan(
    *,
    members: Sequence[CadreProfile],
    assistants: Sequence[CadreProfile] = (),
    places: Sequence[Place],
    mode: str = "optimal",
    side: str = "community",
    weights: Weights | None = None,
    stated: Mapping[str, Sequence[str]] | None = None,
    candidates: Mapping[str, Sequence[str]] | None = None,
) -> Plan:
    """Return the proposed placement of ``members`` and ``assistants`` into ``places``."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    if side not in SIDES:
        raise ValueError(f"side must be one of {SIDES}")
    weights = weights or Weights()
    result = Plan()
    kinds = (
        (MEMBER, members, {p.need.id: p.capacity for p in places}),
        (ASSISTANT, assistants, {p.need.id: 1 for p in places if p.wants_assistant}),
    )
    needs = {p.need.id: p.need for p in places}
    for role, cadres, capacities in kinds:
        fits = _fits(cadres, needs, capacities, weights, candidates)
        if mode == "optimal":
            chosen = _optimal(cadres, capacities, fits)
        else:
            chosen = _stable(cadres, needs, capacities, fits, side, stated or {}, candidates)
        result.pairs += [Pair(c.id, chosen[c.id], role, fits[c.id, chosen[c.id]]) for c in cadres if c.id in chosen]
        result.unplaced += [c.id for c in cadres if c.id not in chosen]
        if role == ASSISTANT:
            filled = set(chosen.values())
            result.without_assistant = [p.need.id for p in places if p.wants_assistant and p.need.id not in filled]
    return result


def _fits(cadres, needs, capacities, weights, candidates) -> dict[tuple[str, str], Fit]:
    """Return the fit of every pair that may be placed: capacity above 0, allowed by the hard rules, a candidate."""
    fits = {}
    for cadre in cadres:
        ids = dict.fromkeys(candidates.get(cadre.id, ())) if candidates is not None else needs
        for need_id in ids:
            need = needs.get(need_id)
            if need is not None and capacities.get(need_id, 0) > 0 and acceptable(cadre, need):
                fits[cadre.id, need_id] = fit(cadre, need, weights)
    return fits


def _optimal(cadres, capacities, fits) -> dict[str, str]:
    result = solve(
        [Node(c.id, 1) for c in cadres],
        [Node(need_id, capacity) for need_id, capacity in capacities.items()],
        [Edge(c, n, f.total) for (c, n), f in fits.items()],
        objective="max_count_then_score",
    )
    return dict(result.assignments)


def _stable(cadres, needs, capacities, fits, side, stated, candidates) -> dict[str, str]:
    by_cadre: dict[str, list[str]] = {c.id: [] for c in cadres}
    by_need: dict[str, list[str]] = {need_id: [] for need_id in capacities}
    for cadre_id, need_id in fits:
        by_cadre[cadre_id].append(need_id)
        by_need[need_id].append(cadre_id)
    order = {c.id: i for i, c in enumerate(cadres)}
    cadre_prefs = {}
    for cadre in cadres:
        if candidates is not None:
            listed = [n for n in dict.fromkeys(candidates.get(cadre.id, ())) if (cadre.id, n) in fits]
        else:
            asked = [n for n in dict.fromkeys(stated.get(cadre.id, ())) if (cadre.id, n) in fits]
            rest = sorted(set(by_cadre[cadre.id]) - set(asked), key=lambda n: (-fits[cadre.id, n].total, needs[n].path))
            listed = asked + rest
        cadre_prefs[cadre.id] = listed
    community_prefs = {
        need_id: sorted(listed, key=lambda c: (-fits[c, need_id].total, order[c]))
        for need_id, listed in by_need.items()
    }
    return dict(stable_match(cadre_prefs, community_prefs, capacities, optimal=side).pairs)
