"""The solve functions: an instance in, its checks and scores read, the OR-Tools flow network built and solved.

Nodes of the network are numbered left nodes first, then right nodes, then the source and the sink::

    source --(capacity)--> left --(1, cost -score)--> right --(capacity)--> sink

``solve`` and ``solve_columns`` check and scale the instance, then call ``solve_arrays``, which checks the integer
columns, lowers each capacity to the node's number of edges, and runs ``SimpleMinCostFlow`` (after
``SimpleMaxFlow`` for ``max_count_then_score``).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
from ortools.graph.python.max_flow import SimpleMaxFlow
from ortools.graph.python.min_cost_flow import SimpleMinCostFlow

from .checks import (
    INT64_MAX,
    capacities,
    check_arrays,
    check_objective,
    edge_positions,
    index_ids,
    refuse_large_scores,
)
from .scores import exact_context, exact_total, plain_number, scale_scores


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
    total = exact_context().scaleb(Decimal(found.total), -scaled.places)  # exact: no score was rounded
    taken = np.bincount(lefts, minlength=len(left_ids))
    return Result(
        assignments=[(left_ids[i], right_ids[j]) for i, j in zip(lefts.tolist(), rights.tolist(), strict=True)],
        total_score=plain_number(total),
        assigned=found.assigned,
        unassigned_left=[left_ids[i] for i in np.flatnonzero(taken == 0).tolist()],
    )


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
    left_caps, right_caps, edge_left, edge_right, edge_scores = check_arrays(
        left_caps, right_caps, edge_left, edge_right, edge_scores
    )
    n_left, n_right, n_edges = len(left_caps), len(right_caps), len(edge_left)

    left_caps = np.minimum(left_caps, np.bincount(edge_left, minlength=n_left))
    right_caps = np.minimum(right_caps, np.bincount(edge_right, minlength=n_right))
    supply = int(min(left_caps.sum(), right_caps.sum()))
    if supply == 0:
        return ArrayResult(np.zeros(0, dtype=np.int64), 0)
    if int(edge_scores.max()) * supply > INT64_MAX and exact_total(edge_scores) > INT64_MAX:
        refuse_large_scores()

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
        refuse_large_scores()
    if status != SimpleMinCostFlow.OPTIMAL:
        raise RuntimeError(f"min-cost flow ended with status {status!r}")
    chosen = np.flatnonzero(flow.flows(arcs[n_left : n_left + n_edges]))
    chosen = chosen[np.lexsort((edge_right[chosen], edge_left[chosen]))]
    total = int(edge_scores[chosen].sum())
    if total != -flow.optimal_cost():
        raise RuntimeError("the chosen edges do not add up to the solver's optimum")
    return ArrayResult(chosen, total)


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
