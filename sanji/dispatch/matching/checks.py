"""Refusals of a malformed matching instance: the error, its messages, and the checks that raise it.

Each check names the first problem found, by input position (``left[3]``, ``edges[12]``), in one line of English
marked with ``gettext_noop`` so that ``makemessages`` collects it. The checks also hand back what they read:
positions of ids, capacities and integer columns as numpy arrays, ready for the flow network.
"""

import numbers
from collections.abc import Sequence
from typing import NoReturn

import numpy as np

from sanji.core.cli_io import InputRefused, gettext_noop, quote

OBJECTIVES = ("max_score", "max_count_then_score")
INT64_MAX = 2**63 - 1


class MatchInputError(InputRefused):
    """Refuse a malformed instance with one line of English naming the problem."""


def refuse_large_scores() -> NoReturn:
    """Refuse scores whose scaled values or totals do not fit in a signed 64-bit integer."""
    raise MatchInputError(
        gettext_noop("The scores are too large for exact 64-bit arithmetic; use smaller numbers or fewer decimals.")
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


def check_arrays(
    left_caps, right_caps, edge_left, edge_right, edge_scores
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Return the five columns of ``solve_arrays`` as int64 arrays; refuse the first one that does not fit.

    Refuse a column that is not one-dimensional integers, columns of edges of unequal lengths, a negative
    capacity or score, an edge end that names no node, and an edge that repeats an earlier pair.
    """
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
    return left_caps, right_caps, edge_left, edge_right, edge_scores


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
