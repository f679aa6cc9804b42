"""Optimal assignment of left nodes to right nodes with capacities, by min-cost flow (OR-Tools).

A pure package: no Django, no ORM. The CLI (``sanji match``), the dispatch service and ``bench/match.py`` share it.

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
score with more than ``MAX_PLACES`` (9) decimal places is refused, since rounding it could change the optimum.
The scaled totals must fit in a signed 64-bit integer; larger instances are refused too. The answer is therefore
exactly optimal or there is none.

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

The package reads in three parts, each importing only the ones before it:

- ``checks``: ``MatchInputError``, its messages, and the checks of ids, capacities, edges and objectives;
- ``scores``: exact decimal scores, scaled to int64 for the solver and summed exactly for the report;
- ``flow``: ``Node``, ``Edge``, the results, the OR-Tools network and the three solve functions.
"""

from .checks import (
    INT64_MAX,
    OBJECTIVES,
    MatchInputError,
    capacities,
    check_objective,
    edge_positions,
    gettext_noop,
    index_ids,
    quote,
)
from .flow import ArrayResult, Edge, Node, Result, solve, solve_arrays, solve_columns
from .scores import MAX_PLACES, ScaledScores, scale_scores

__all__ = [
    "INT64_MAX",
    "MAX_PLACES",
    "OBJECTIVES",
    "ArrayResult",
    "Edge",
    "MatchInputError",
    "Node",
    "Result",
    "ScaledScores",
    "capacities",
    "check_objective",
    "edge_positions",
    "gettext_noop",
    "index_ids",
    "quote",
    "scale_scores",
    "solve",
    "solve_arrays",
    "solve_columns",
]
