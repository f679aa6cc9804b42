"""Optimal assignment of left nodes to right nodes with capacities, by min-cost flow (OR-Tools).

A pure module: no Django, no ORM. The CLI (``sanji match``), the dispatch service and ``bench/match.py`` share it.

The instance is a bipartite graph. Each left and right node has a capacity (how many pairs it may join) and
each edge a score >= 0; a pair is assigned at most once. The flow network is

    source --(capacity)--> left --(1, cost -score)--> right --(capacity)--> sink

solved by ``SimpleMinCostFlow``; no flow algorithm is written here. Two objectives:

``max_score``
    The largest total score. Pairs need not be filled: a zero-cost arc from source to sink carries the
    flow that no pair is worth. A pair scored 0 adds nothing, so it may or may not be chosen.
``max_count_then_score``
    The most pairs (``SimpleMaxFlow``), then the largest total score among assignments with that many pairs
    (min-cost flow whose supply is fixed to that count, no bypass). Lexicographic and exact.

Scores are exact decimals: ints, ``Decimal``, or floats (read as their shortest ``repr``, so ``0.1`` is one
tenth). They are scaled by the smallest power of ten, at most ``10**MAX_PLACES``, that makes them whole; a
score with more than ``MAX_PLACES`` decimal places is rounded half-to-even at that place for the optimisation
(the reported total is still the exact sum of the given scores of the chosen pairs). The scaled totals must fit
in a signed 64-bit integer.

Three entry points, from the friendliest to the fastest:

- ``solve(left, right, edges)`` takes ``Node`` and ``Edge`` objects;
- ``solve_columns(...)`` takes the same data as parallel sequences (the CLI reads JSON straight into these);
- ``solve_arrays(...)`` takes numpy arrays of capacities, node positions and scaled integer scores, and
  returns the chosen edge positions: the path for instances with millions of edges.

Errors::

    ValueError
    └── MatchInputError    the instance is malformed; the message names the first problem found

Messages are English source strings marked with ``gettext_noop`` so that ``makemessages`` collects them;
``MatchInputError.template`` and ``.params`` let an edge translate them (``gettext(e.template) % e.params``).
"""

import math
import numbers
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, ROUND_HALF_EVEN, Context, Decimal, Inexact
from typing import NamedTuple, NoReturn

import numpy as np
from ortools.graph.python.max_flow import SimpleMaxFlow
from ortools.graph.python.min_cost_flow import SimpleMinCostFlow

OBJECTIVES = ("max_score", "max_count_then_score")
MAX_PLACES = 6
INT64_MAX = 2**63 - 1
_QUOTE_LIMIT = 60


def gettext_noop(message: str) -> str:
    """Return ``message`` unchanged; mark it for ``makemessages`` without importing Django."""
    return message


class MatchInputError(ValueError):
    """Refuse a malformed instance with one line of English naming the problem."""

    def __init__(self, template: str, **params):
        self.template = template
        self.params = params
        super().__init__(template % params)


@dataclass(frozen=True, slots=True)
class Node:
    id: str
    capacity: int


@dataclass(frozen=True, slots=True)
class Edge:
    left: str
    right: str
    score: Decimal | int | float


@dataclass(frozen=True)
class Result:
    """An optimal assignment.

    ``assignments`` is ordered by the left node's input position, then the right node's. ``total_score`` is
    the exact sum of the chosen pairs' scores: an ``int`` when whole, else a ``Decimal``. ``unassigned_left``
    lists, in input order, the left ids that got no pair at all (a left node with capacity 2 and one pair is
    not in it).
    """

    assignments: list[tuple[str, str]]
    total_score: Decimal | int
    assigned: int
    unassigned_left: list[str]


@dataclass(frozen=True, eq=False)
class ArrayResult:
    """The chosen edges of ``solve_arrays``: their positions, ordered by left then right index, and their total."""

    edges: np.ndarray
    total: int

    @property
    def assigned(self) -> int:
        return len(self.edges)


class ScaledScores(NamedTuple):
    """Scores as int64 multiples of ``10**-places``; ``rounded`` tells whether some score lost digits."""

    values: np.ndarray
    places: int
    rounded: bool


def solve(left: Sequence[Node], right: Sequence[Node], edges: Sequence[Edge], objective: str = "max_score") -> Result:
    """Return an optimal assignment of ``left`` to ``right`` over ``edges`` for ``objective``."""
    return solve_columns(
        [n.id for n in left],
        [n.capacity for n in left],
        [n.id for n in right],
        [n.capacity for n in right],
        [e.left for e in edges],
        [e.right for e in edges],
        [e.score for e in edges],
        objective,
    )


def solve_columns(
    left_ids: Sequence[str],
    left_capacities: Sequence[int],
    right_ids: Sequence[str],
    right_capacities: Sequence[int],
    edge_left: Sequence[str],
    edge_right: Sequence[str],
    edge_scores: Sequence[Decimal | int | float],
    objective: str = "max_score",
) -> Result:
    """Return an optimal assignment for an instance given as parallel sequences (node ``i`` is ``left[i]``)."""
    check_objective(objective)
    left_index = index_ids(left_ids, "left")
    right_index = index_ids(right_ids, "right")
    left_caps = capacities(left_capacities, "left", limit=len(edge_left))
    right_caps = capacities(right_capacities, "right", limit=len(edge_left))
    el = edge_positions(edge_left, left_index, "left")
    er = edge_positions(edge_right, right_index, "right")
    scaled = scale_scores(edge_scores)
    found = solve_arrays(left_caps, right_caps, el, er, scaled.values, objective)

    chosen = found.edges
    lefts, rights = el[chosen], er[chosen]
    if scaled.rounded:
        total = _exact_sum(edge_scores[i] for i in chosen.tolist())
    else:
        total = _exact_context().scaleb(Decimal(found.total), -scaled.places)
    taken = np.bincount(lefts, minlength=len(left_ids))
    return Result(
        assignments=[(left_ids[i], right_ids[j]) for i, j in zip(lefts.tolist(), rights.tolist(), strict=True)],
        total_score=_plain_number(total),
        assigned=found.assigned,
        unassigned_left=[left_ids[i] for i in np.flatnonzero(taken == 0).tolist()],
    )


def check_objective(objective: object) -> None:
    """Refuse an objective that is not one of ``OBJECTIVES``."""
    if objective not in OBJECTIVES:
        raise MatchInputError(
            gettext_noop("The objective must be one of %(choices)s, not %(value)s."),
            choices=", ".join(f'"{o}"' for o in OBJECTIVES),
            value=quote(objective),
        )


def index_ids(ids: Sequence[str], side: str) -> dict[str, int]:
    """Return each id's position in ``ids``; refuse an id that is not a string or appears twice."""
    try:
        index = {node_id: position for position, node_id in enumerate(ids)}
    except TypeError:  # an unhashable id; found below
        index = {}
    if len(index) == len(ids) and all(isinstance(i, str) for i in index):
        return index
    seen: dict[str, int] = {}
    for position, node_id in enumerate(ids):
        where = f"{side}[{position}]"
        if not isinstance(node_id, str):
            raise MatchInputError(gettext_noop("%(where)s: the id must be a string."), where=where)
        if node_id in seen:
            raise MatchInputError(
                gettext_noop("%(where)s: the id %(id)s is already used by %(first)s."),
                where=where,
                id=quote(node_id),
                first=f"{side}[{seen[node_id]}]",
            )
        seen[node_id] = position
    raise AssertionError("unreachable: ids were found wanting but no culprit")


def capacities(values: Sequence[int], side: str, *, limit: int) -> np.ndarray:
    """Return the capacities as int64, each lowered to ``limit``; refuse one that is not a whole number >= 0.

    Lowering to ``limit`` (the number of edges, which no node can exceed) keeps huge capacities in range.
    """
    for position, value in enumerate(values):
        if isinstance(value, bool) or not isinstance(value, numbers.Integral):
            raise MatchInputError(
                gettext_noop("%(where)s: the capacity must be a whole number, not %(value)s."),
                where=f"{side}[{position}]",
                value=quote(value),
            )
        if value < 0:
            raise MatchInputError(
                gettext_noop("%(where)s: the capacity must not be negative."), where=f"{side}[{position}]"
            )
    return np.fromiter((min(int(v), limit) for v in values), dtype=np.int64, count=len(values))


def edge_positions(ids: Sequence[str], index: dict[str, int], side: str) -> np.ndarray:
    """Return the node position of each edge end; refuse an id that is not a string or names no node."""
    try:
        return np.fromiter(map(index.__getitem__, ids), dtype=np.int32, count=len(ids))
    except (KeyError, TypeError):
        pass
    for position, node_id in enumerate(ids):
        where = f"edges[{position}]"
        if not isinstance(node_id, str):
            raise MatchInputError(gettext_noop('%(where)s: "%(side)s" must be a string.'), where=where, side=side)
        if node_id not in index:
            template = (
                gettext_noop("%(where)s: unknown left id %(id)s.")
                if side == "left"
                else gettext_noop("%(where)s: unknown right id %(id)s.")
            )
            raise MatchInputError(template, where=where, id=quote(node_id))
    raise AssertionError("unreachable: ids were found wanting but no culprit")


def scale_scores(scores: Sequence[Decimal | int | float]) -> ScaledScores:
    """Return the scores as exact int64 multiples of the smallest power of ten needed (see the module docstring).

    Refuse a score that is not a number, not finite, negative, or too large once scaled.
    """
    kinds = set(map(type, scores))
    if kinds <= {int}:
        return _scale_ints(scores)
    if kinds == {Decimal}:
        decimals = scores
    else:
        decimals = [s if type(s) is Decimal else _as_decimal(s, position) for position, s in enumerate(scores)]
    if not all(map(Decimal.is_finite, decimals)):
        position = next(i for i, d in enumerate(decimals) if not d.is_finite())
        raise MatchInputError(gettext_noop("%(where)s: the score must be a finite number."), where=f"edges[{position}]")
    if min(decimals) < 0:
        _refuse_negative_score(next(i for i, d in enumerate(decimals) if d < 0))
    largest = max(decimals)
    if largest > INT64_MAX:  # refused before int() builds a huge number
        _refuse_large_scores()
    context = _exact_context()
    scaleb, integral = context.scaleb, context.to_integral_exact
    whole = [int(integral(scaleb(d, MAX_PLACES))) for d in decimals]
    rounded = bool(context.flags[Inexact])
    common = math.gcd(*whole)
    places = MAX_PLACES
    while places and common % 10 == 0:
        common //= 10
        places -= 1
    if places < MAX_PLACES:
        divisor = 10 ** (MAX_PLACES - places)
        whole = [w // divisor for w in whole]
    try:
        values = np.array(whole, dtype=np.int64)
    except OverflowError:
        _refuse_large_scores()
    return ScaledScores(values, places, rounded)


def solve_arrays(
    left_caps: np.ndarray,
    right_caps: np.ndarray,
    edge_left: np.ndarray,
    edge_right: np.ndarray,
    edge_scores: np.ndarray,
    objective: str = "max_score",
) -> ArrayResult:
    """Return the optimal edges of an instance given as integer arrays.

    ``left_caps[i]`` is left node ``i``'s capacity; edge ``k`` joins left node ``edge_left[k]`` to right node
    ``edge_right[k]`` with the whole score ``edge_scores[k]`` (scale decimals first, e.g. with ``scale_scores``).
    """
    check_objective(objective)
    left_caps = _integer_array(left_caps, "left_caps")
    right_caps = _integer_array(right_caps, "right_caps")
    edge_left = _integer_array(edge_left, "edge_left")
    edge_right = _integer_array(edge_right, "edge_right")
    edge_scores = _integer_array(edge_scores, "edge_scores")
    n_left, n_right, n_edges = len(left_caps), len(right_caps), len(edge_left)
    if not len(edge_right) == len(edge_scores) == n_edges:
        raise MatchInputError(gettext_noop("edge_left, edge_right and edge_scores must have the same length."))
    _refuse_first(left_caps < 0, gettext_noop("%(where)s: the capacity must not be negative."), "left_caps")
    _refuse_first(right_caps < 0, gettext_noop("%(where)s: the capacity must not be negative."), "right_caps")
    _refuse_first((edge_left < 0) | (edge_left >= n_left), gettext_noop("%(where)s: no such left node."), "edge_left")
    _refuse_first(
        (edge_right < 0) | (edge_right >= n_right), gettext_noop("%(where)s: no such right node."), "edge_right"
    )
    _refuse_first(edge_scores < 0, gettext_noop("%(where)s: the score must not be negative."), "edges")
    _refuse_duplicate_edges(edge_left, edge_right, n_right)

    left_caps = np.minimum(left_caps, np.bincount(edge_left, minlength=n_left))
    right_caps = np.minimum(right_caps, np.bincount(edge_right, minlength=n_right))
    supply = int(min(left_caps.sum(), right_caps.sum()))
    if supply == 0:
        return ArrayResult(np.zeros(0, dtype=np.int64), 0)
    if int(edge_scores.max()) * supply > INT64_MAX and _exact_total(edge_scores) > INT64_MAX:
        _refuse_large_scores()

    source, sink = n_left + n_right, n_left + n_right + 1
    bypass = supply if objective == "max_score" else 0
    tails, heads, caps, costs = _network(left_caps, right_caps, edge_left, edge_right, edge_scores, bypass=bypass)
    if objective == "max_count_then_score":
        supply = _max_pairs(tails, heads, caps, source, sink)
        if supply == 0:
            return ArrayResult(np.zeros(0, dtype=np.int64), 0)

    flow = SimpleMinCostFlow()
    arcs = flow.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    flow.set_nodes_supplies(np.array([source, sink], dtype=np.int32), np.array([supply, -supply], dtype=np.int64))
    status = flow.solve()
    if status == SimpleMinCostFlow.BAD_COST_RANGE:
        _refuse_large_scores()
    if status != SimpleMinCostFlow.OPTIMAL:
        raise RuntimeError(f"min-cost flow ended with status {status!r}")
    chosen = np.flatnonzero(flow.flows(arcs[n_left : n_left + n_edges]))
    chosen = chosen[np.lexsort((edge_right[chosen], edge_left[chosen]))]
    total = int(edge_scores[chosen].sum())
    if total != -flow.optimal_cost():
        raise RuntimeError("the chosen edges do not add up to the solver's optimum")
    return ArrayResult(chosen, total)


def quote(value: object) -> str:
    """Return ``value`` as a short one-line JSON-like literal for a message."""
    if isinstance(value, str):
        text = value if len(value) <= _QUOTE_LIMIT else value[:_QUOTE_LIMIT] + "…"
        escaped = text.replace("\\", "\\\\").replace('"', '\\"')
        return '"' + "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in escaped) + '"'
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        text = str(value)
        return text if len(text) <= _QUOTE_LIMIT else text[:_QUOTE_LIMIT] + "…"
    return {list: "a list", dict: "an object"}.get(type(value), type(value).__name__)


def _network(left_caps, right_caps, edge_left, edge_right, edge_scores, *, bypass: int):
    """Return the arcs' tails, heads, capacities and costs: from the source, the edges, to the sink, the bypass.

    Nodes are numbered left nodes first, then right nodes, then the source and the sink. With ``bypass`` > 0 a
    zero-cost arc of that capacity joins the source to the sink, so that pairs become optional.
    """
    n_left, n_right, n_edges = len(left_caps), len(right_caps), len(edge_left)
    source, sink = n_left + n_right, n_left + n_right + 1
    extra = 1 if bypass else 0
    tails = np.concatenate([np.full(n_left, source), edge_left, n_left + np.arange(n_right), [source] * extra])
    heads = np.concatenate([np.arange(n_left), n_left + edge_right, np.full(n_right, sink), [sink] * extra])
    caps = np.concatenate([left_caps, np.ones(n_edges, dtype=np.int64), right_caps, [bypass] * extra])
    costs = np.concatenate(
        [np.zeros(n_left, dtype=np.int64), -edge_scores, np.zeros(n_right, dtype=np.int64), [0] * extra]
    )
    return tails.astype(np.int32), heads.astype(np.int32), caps.astype(np.int64), costs.astype(np.int64)


def _max_pairs(tails, heads, caps, source: int, sink: int) -> int:
    """Return the largest number of pairs, by max flow on the network without costs."""
    flow = SimpleMaxFlow()
    flow.add_arcs_with_capacity(tails, heads, caps)
    status = flow.solve(source, sink)
    if status != SimpleMaxFlow.OPTIMAL:
        raise RuntimeError(f"max flow ended with status {status!r}")
    return int(flow.optimal_flow())


def _integer_array(values, name: str) -> np.ndarray:
    array = np.asarray(values)
    if array.ndim != 1 or (array.dtype.kind not in "iu" and array.size):
        raise MatchInputError(gettext_noop("%(name)s must be a one-dimensional array of integers."), name=name)
    if array.dtype.kind == "u" and array.size and int(array.max()) > INT64_MAX:
        raise MatchInputError(gettext_noop("%(name)s holds a number too large for 64 bits."), name=name)
    return array.astype(np.int64, copy=False)


def _refuse_first(bad: np.ndarray, template: str, name: str) -> None:
    if bad.any():
        raise MatchInputError(template, where=f"{name}[{int(np.argmax(bad))}]")


def _refuse_duplicate_edges(edge_left: np.ndarray, edge_right: np.ndarray, n_right: int) -> None:
    """Refuse the first edge (by position) whose pair already appeared at an earlier position."""
    keys = edge_left * n_right + edge_right
    order = np.argsort(keys, kind="stable")
    repeats = np.flatnonzero(keys[order[1:]] == keys[order[:-1]]) + 1
    if not len(repeats):
        return
    later = order[repeats]
    at = int(np.argmin(later))
    first = repeats[at]
    while first > 0 and keys[order[first - 1]] == keys[order[first]]:
        first -= 1
    raise MatchInputError(
        gettext_noop("%(where)s: the same left and right as %(first)s."),
        where=f"edges[{int(later[at])}]",
        first=f"edges[{int(order[first])}]",
    )


def _scale_ints(scores: Sequence[int]) -> ScaledScores:
    try:
        values = np.array(scores, dtype=np.int64)
    except OverflowError:
        if any(s < 0 for s in scores):
            _refuse_negative_score(next(i for i, s in enumerate(scores) if s < 0))
        _refuse_large_scores()
    values = values.reshape(len(scores))
    if values.size and values.min() < 0:
        _refuse_negative_score(int(np.argmax(values < 0)))
    return ScaledScores(values, 0, False)


def _as_decimal(score: object, position: int) -> Decimal:
    if isinstance(score, bool) or not isinstance(score, int | float | Decimal | numbers.Integral):
        raise MatchInputError(
            gettext_noop("%(where)s: the score must be a number, not %(value)s."),
            where=f"edges[{position}]",
            value=quote(score),
        )
    if isinstance(score, float):
        return Decimal(repr(float(score)))
    return score if isinstance(score, Decimal) else Decimal(int(score))


def _refuse_negative_score(position: int) -> NoReturn:
    raise MatchInputError(gettext_noop("%(where)s: the score must not be negative."), where=f"edges[{position}]")


def _refuse_large_scores() -> NoReturn:
    raise MatchInputError(
        gettext_noop("The scores are too large for exact 64-bit arithmetic; use smaller numbers or fewer decimals.")
    )


def _exact_total(values: np.ndarray) -> int:
    """Return the sum of int64 values >= 0 without overflow (as two 32-bit halves)."""
    return (int((values >> 32).sum()) << 32) + int((values & 0xFFFFFFFF).sum())


def _exact_context() -> Context:
    return Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN, rounding=ROUND_HALF_EVEN, traps=[])


def _exact_sum(scores) -> Decimal:
    context = _exact_context()
    total = Decimal(0)
    for score in scores:
        total = context.add(total, _as_decimal(score, 0))
    return total


def _plain_number(value: Decimal) -> Decimal | int:
    """Return ``value`` as an ``int`` when whole, else as a ``Decimal`` without trailing zeros."""
    if value == value.to_integral_value():
        return int(value)
    return _exact_context().normalize(value)
