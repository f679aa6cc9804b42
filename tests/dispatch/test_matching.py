"""The optimal matcher against brute force, its exact decimals, and every refusal through the CLI (no database)."""

import io
import json
import subprocess
import sys
from decimal import Decimal
from itertools import combinations
from pathlib import Path

import numpy as np
import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation
from hypothesis import example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from sanji.dispatch.match_cli import run
from sanji.dispatch.matching import Edge, MatchInputError, Node, scale_scores, solve, solve_arrays

OBJECTIVES = ("max_score", "max_count_then_score")


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


# --- brute force ---------------------------------------------------------------------------------------------


def brute_force(left, right, edges, objective):
    """Return the best (count, score) or (score,) over every subset of edges that respects the capacities."""
    caps = {n.id: n.capacity for n in [*left, *right]}
    best = (0,) if objective == "max_score" else (0, 0)
    for size in range(len(edges) + 1):
        for subset in combinations(edges, size):
            used = {}
            for edge in subset:
                used[edge.left] = used.get(edge.left, 0) + 1
                used[edge.right] = used.get(edge.right, 0) + 1
            if all(count <= caps[node] for node, count in used.items()):
                score = sum((Decimal(str(e.score)) for e in subset), Decimal(0))
                best = max(best, (score,) if objective == "max_score" else (size, score))
    return best


@st.composite
def instances(draw, max_edges=8):
    """Draw up to 4 x 4 nodes with capacities 0..3 (mostly 1: tight) and up to 8 of the possible pairs as edges."""
    n_left, n_right = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    capacity = st.sampled_from([1, 1, 1, 2, 2, 0, 3])
    left = [Node(f"L{i}", draw(capacity)) for i in range(n_left)]
    right = [Node(f"R{j}", draw(capacity)) for j in range(n_right)]
    wanted = draw(st.lists(st.integers(0, 3), min_size=n_left * n_right, max_size=n_left * n_right))
    pairs = [divmod(k, n_right) for k, keep in enumerate(wanted) if keep][:max_edges]
    pairs = draw(st.permutations(pairs))
    score = st.one_of(
        st.integers(0, 40),
        st.decimals(min_value=0, max_value=40, places=3),
        st.sampled_from([0.1, 0.2, 0.3, 1.25, 2.5, 7.0]),
    )
    edges = [Edge(left[i].id, right[j].id, draw(score)) for i, j in pairs]
    return left, right, edges


def check_feasible(left, right, edges, result):
    position = {n.id: k for k, n in enumerate(left)} | {n.id: k for k, n in enumerate(right)}
    scores = {(e.left, e.right): Decimal(str(e.score)) for e in edges}
    assert len(set(result.assignments)) == len(result.assignments) == result.assigned
    for node in [*left, *right]:
        assert sum(node.id in pair for pair in result.assignments) <= node.capacity
    assert sum((scores[pair] for pair in result.assignments), Decimal(0)) == result.total_score
    order = [(position[a], position[b]) for a, b in result.assignments]
    assert order == sorted(order)
    paired = {a for a, _ in result.assignments}
    assert result.unassigned_left == [n.id for n in left if n.id not in paired]


GREEDY_TRAP = (
    [Node("a", 1), Node("b", 1)],
    [Node("x", 1), Node("y", 1)],
    [Edge("a", "x", 10), Edge("a", "y", 9), Edge("b", "x", 9)],
)


@hypothesis_settings(max_examples=300, deadline=None)
@given(instances(), st.sampled_from(OBJECTIVES))
@example(GREEDY_TRAP, "max_score")
@example(GREEDY_TRAP, "max_count_then_score")
def test_optimal_as_brute_force(instance, objective):
    left, right, edges = instance
    result = solve(left, right, edges, objective)
    check_feasible(left, right, edges, result)
    expected = brute_force(left, right, edges, objective)
    found = (result.total_score,) if objective == "max_score" else (result.assigned, result.total_score)
    assert found == expected


@hypothesis_settings(max_examples=40, deadline=None)
@given(instances(), st.sampled_from(OBJECTIVES), st.randoms(use_true_random=False))
def test_order_of_edges_changes_nothing_but_is_deterministic(instance, objective, random):
    left, right, edges = instance
    first = solve(left, right, edges, objective)
    assert solve(left, right, edges, objective) == first
    shuffled = list(edges)
    random.shuffle(shuffled)
    again = solve(left, right, shuffled, objective)
    # Under max_score, edges scoring 0 may or may not be used: only the total is determined.
    optimum = (lambda r: r.total_score) if objective == "max_score" else (lambda r: (r.assigned, r.total_score))
    assert optimum(again) == optimum(first)


@hypothesis_settings(max_examples=40, deadline=None)
@given(instances(), st.sampled_from(OBJECTIVES))
def test_cli_agrees_with_solve(instance, objective):
    left, right, edges = instance
    # Written by hand so that every score reaches the CLI as the exact number literal it is.
    edge_texts = [f'{{"left": "{e.left}", "right": "{e.right}", "score": {e.score!s}}}' for e in edges]
    nodes = {
        side: [{"id": n.id, "capacity": n.capacity} for n in nodes]
        for side, nodes in (("left", left), ("right", right))
    }
    text = json.dumps({**nodes, "objective": objective})[:-1] + ', "edges": [' + ", ".join(edge_texts) + "]}"
    status, out, err = cli(text)
    assert (status, err) == (0, "")
    result = solve(left, right, edges, objective)
    printed = json.loads(out, parse_float=Decimal)
    assert [(a["left"], a["right"]) for a in printed["assignments"]] == result.assignments
    assert (printed["total_score"], printed["assigned"]) == (result.total_score, result.assigned)
    assert printed["unassigned_left"] == result.unassigned_left


# --- exact numbers -------------------------------------------------------------------------------------------


def test_float_and_decimal_scores_add_up_exactly():
    left, right = [Node("a", 1), Node("b", 1)], [Node("x", 1), Node("y", 1)]
    result = solve(left, right, [Edge("a", "x", 0.1), Edge("b", "y", 0.2)])
    assert result.total_score == Decimal("0.3") and isinstance(result.total_score, Decimal)
    result = solve(left, right, [Edge("a", "x", Decimal("1.50")), Edge("b", "y", 2.5)])
    assert result.total_score == 4 and type(result.total_score) is int


def test_scores_with_too_many_places_are_refused_rather_than_rounded():
    scaled = scale_scores([Decimal("0.000000025"), Decimal("0.0000035"), 1])
    assert (scaled.values.tolist(), scaled.places, scaled.rounded) == ([25, 3500, 1000000000], 9, False)
    with pytest.raises(MatchInputError, match=r"edges\[1\]: the score has more than 9 decimal places"):
        scale_scores([1, Decimal("0.0000000001")])
    # Rounding 1.0000000001 to 1 would make the two pairs tie and could pick the worse one.
    one, two = [Node("a", 1)], [Node("b", 1), Node("c", 1)]
    with pytest.raises(MatchInputError):
        solve(one, two, [Edge("a", "c", 1), Edge("a", "b", Decimal("1.0000000001"))])
    assert solve(one, two, [Edge("a", "c", 1), Edge("a", "b", Decimal("1.000000001"))]).assignments == [("a", "b")]


def test_scores_are_scaled_by_the_smallest_power_of_ten():
    scaled = scale_scores([1, Decimal("2.50"), 0.25])
    assert (scaled.values.tolist(), scaled.places, scaled.rounded) == ([100, 250, 25], 2, False)
    assert scale_scores([3, 4]).places == 0
    assert scale_scores([Decimal("1E+3"), Decimal("0E+30")]).values.tolist() == [1000, 0]


def test_large_scores_within_64_bits_are_exact():
    big = Decimal("123456789012.5")
    result = solve([Node("a", 1), Node("b", 1)], [Node("x", 2)], [Edge("a", "x", big), Edge("b", "x", big)])
    assert result.total_score == 2 * big


# 2**62 twice overflows the total; 2**60 alone is refused by the solver itself (costs times the node count).
@pytest.mark.parametrize("scores", [[10**19], [Decimal("1e30")], [2**62, 2**62], [2**60]])
def test_totals_past_64_bits_are_refused(scores):
    left = [Node(f"l{i}", 1) for i in range(len(scores))]
    edges = [Edge(f"l{i}", "x", s) for i, s in enumerate(scores)]
    with pytest.raises(MatchInputError, match="too large"):
        solve(left, [Node("x", 2)], edges)


def test_max_count_then_score_trades_score_for_count():
    left, right = [Node("a", 1), Node("b", 1)], [Node("x", 1), Node("y", 1)]
    edges = [Edge("a", "x", 10), Edge("a", "y", 1), Edge("b", "x", 1)]
    assert solve(left, right, edges).assignments == [("a", "x")]
    both = solve(left, right, edges, "max_count_then_score")
    assert (both.assignments, both.total_score, both.unassigned_left) == ([("a", "y"), ("b", "x")], 2, [])


def test_unassigned_left_lists_only_nodes_without_any_pair():
    result = solve([Node("a", 2), Node("b", 1), Node("c", 0)], [Node("x", 1)], [Edge("a", "x", 1), Edge("c", "x", 5)])
    assert result.assignments == [("a", "x")]
    assert result.unassigned_left == ["b", "c"]


def test_huge_capacities_are_fine():
    result = solve([Node("a", 10**30)], [Node("x", 10**30), Node("y", 1)], [Edge("a", "x", 1), Edge("a", "y", 2)])
    assert result.assigned == 2 and result.total_score == 3


@pytest.mark.parametrize("objective", OBJECTIVES)
def test_empty_instances(objective):
    assert solve([], [], [], objective).assignments == []
    result = solve([Node("a", 1)], [Node("x", 1)], [], objective)
    assert (result.assignments, result.total_score, result.assigned, result.unassigned_left) == ([], 0, 0, ["a"])
    result = solve([Node("a", 0)], [Node("x", 0)], [Edge("a", "x", 3)], objective)
    assert (result.assigned, result.total_score) == (0, 0)


def test_solve_arrays_returns_edge_positions_ordered_by_left_then_right():
    found = solve_arrays(
        np.array([1, 2]), np.array([1, 1, 1]), np.array([1, 0, 1]), np.array([2, 1, 0]), np.array([5, 7, 3])
    )
    assert (found.edges.tolist(), found.total, found.assigned) == ([1, 2, 0], 15, 3)


@pytest.mark.parametrize(
    ("arrays", "message"),
    [
        (([1], [1], [0], [1], [1]), r"edge_right\[0\]: no such right node"),
        (([1], [-1], [0], [0], [1]), r"right_caps\[0\]: the capacity must not be negative"),
        (([1], [1], [0, 0], [0, 0], [1, 2]), r"edges\[1\]: the same left and right as edges\[0\]"),
        (([1], [1], [0], [0], [1.5]), r"edge_scores must be a one-dimensional array of integers"),
        (([1], [1], [0], [0], [1, 2]), "must have the same length"),
    ],
)
def test_solve_arrays_refuses_bad_arrays(arrays, message):
    with pytest.raises(MatchInputError, match=message):
        solve_arrays(*map(np.array, arrays))


# --- the CLI -------------------------------------------------------------------------------------------------


def cli(text: str | bytes, argv=("-",)) -> tuple[int, str, str]:
    stdin = io.BytesIO(text.encode() if isinstance(text, str) else text)
    out, err = io.StringIO(), io.StringIO()
    status = run(list(argv), io.TextIOWrapper(stdin), out, err)
    return status, out.getvalue(), err.getvalue()


def instance_json(**changes) -> str:
    document = {
        "left": [{"id": "a", "capacity": 1}, {"id": "b", "capacity": 1}],
        "right": [{"id": "x", "capacity": 1}],
        "edges": [{"left": "a", "right": "x", "score": 2}, {"left": "b", "right": "x", "score": 1.5}],
    }
    document.update(changes)
    return json.dumps(document)


def test_cli_prints_the_assignment():
    status, out, err = cli(instance_json())
    assert (status, err) == (0, "")
    assert json.loads(out) == {
        "assignments": [{"left": "a", "right": "x"}],
        "total_score": 2,
        "assigned": 1,
        "unassigned_left": ["b"],
    }
    decimals = [{"left": "a", "right": "x", "score": 0.1}, {"left": "b", "right": "x", "score": 0.2}]
    status, out, _ = cli(instance_json(right=[{"id": "x", "capacity": 2}], edges=decimals))
    assert status == 0 and '"total_score": 0.3,' in out


def test_cli_reads_a_file(tmp_path):
    path = tmp_path / "instance.json"
    path.write_text(instance_json(objective="max_count_then_score"))
    status, out, _ = cli("", argv=[str(path)])
    assert status == 0 and json.loads(out)["assigned"] == 1


def edge(score) -> str:
    return instance_json(edges=[{"left": "a", "right": "x", "score": 0}]).replace('"score": 0', f'"score": {score}')


BAD_INPUTS = [
    ("{", "not valid JSON: the problem is at line 1, column 2"),
    (b"\xff\xfe\xfa", "not valid JSON"),
    ("[" * 100_000, "nested too deeply"),
    ("[]", "must be a JSON object"),
    (instance_json(extra=1), 'Unknown key "extra"'),
    ('{"left": [], "right": []}', 'Missing key "edges"'),
    (instance_json(left={}), '"left" must be a list'),
    (instance_json(left=[1]), r"left[0] must be an object"),
    (instance_json(right=[{"id": "x"}]), 'right[0]: missing key "capacity"'),
    (instance_json(edges=[{"left": "a", "score": 1}]), 'edges[0]: missing key "right"'),
    (instance_json(left=[{"id": 1, "capacity": 1}]), "left[0]: the id must be a string"),
    (instance_json(left=[{"id": "a", "capacity": 1}, {"id": "a", "capacity": 2}]), 'id "a" is already used by left[0]'),
    (instance_json(right=[{"id": "x", "capacity": 1}, {"id": "x", "capacity": 1}]), "right[1]: the id"),
    (instance_json(left=[{"id": "a", "capacity": True}]), "left[0]: the capacity must be a whole number, not true"),
    (instance_json(left=[{"id": "a", "capacity": 1.5}]), "must be a whole number, not 1.5"),
    (instance_json(left=[{"id": "a", "capacity": "2"}]), 'must be a whole number, not "2"'),
    (instance_json(left=[{"id": "a", "capacity": 1.0}]), "must be a whole number, not 1.0"),
    (instance_json(right=[{"id": "x", "capacity": -1}]), "right[0]: the capacity must not be negative"),
    (instance_json(left=[{"id": "a", "capacity": None}]), "must be a whole number, not null"),
    (instance_json().replace('"capacity": 1}, {"id": "b"', '"capacity": NaN}, {"id": "b"'), "not NaN"),
    (edge("true"), "edges[0]: the score must be a number, not true"),
    (edge('"3"'), 'the score must be a number, not "3"'),
    (edge("null"), "the score must be a number, not null"),
    (edge("[1]"), "the score must be a number, not a list"),
    (edge("-1"), "edges[0]: the score must not be negative"),
    (edge("-0.5"), "edges[0]: the score must not be negative"),
    (edge("NaN"), "edges[0]: the score must be a finite number"),
    (edge("Infinity"), "the score must be a finite number"),
    (edge("-Infinity"), "the score must be a finite number"),
    (edge("1e30"), "too large"),
    (edge("12345678901234567890"), "too large"),
    (
        instance_json(edges=[{"left": "a", "right": "x", "score": 1}, {"left": "q", "right": "x", "score": 1}]),
        'edges[1]: unknown left id "q"',
    ),
    (instance_json(edges=[{"left": "a", "right": "y\nz", "score": 1}]), r'edges[0]: unknown right id "y\nz"'),
    (instance_json(edges=[{"left": ["a"], "right": "x", "score": 1}]), 'edges[0]: "left" must be a string'),
    (
        instance_json(
            edges=[
                {"left": "a", "right": "x", "score": 1},
                {"left": "b", "right": "x", "score": 1},
                {"left": "a", "right": "x", "score": 3},
            ]
        ),
        "edges[2]: the same left and right as edges[0]",
    ),
    (instance_json(objective="best"), 'objective must be one of "max_score", "max_count_then_score", not "best"'),
    (instance_json(objective=None), "not null"),
]


@pytest.mark.parametrize(("text", "message"), BAD_INPUTS)
def test_cli_refuses_bad_input_with_one_line_and_status_2(text, message):
    status, out, err = cli(text)
    assert status == 2
    assert out == ""
    assert err.endswith("\n") and err.count("\n") == 1
    assert message in err
    assert "Traceback" not in err


@pytest.mark.parametrize("argv, message", [
    ([], "Usage"), (["a", "b"], "Usage"), (["/nonexistent/instance.json"], "There is no file"),
    (["/"], "is a folder, not a file"),
])
def test_cli_refuses_bad_arguments_and_unreadable_files(argv, message):
    status, out, err = cli("", argv=argv)
    assert (status, out) == (2, "")
    assert err.count("\n") == 1 and message in err


needs_app = pytest.mark.skipif("sanji.dispatch" not in settings.INSTALLED_APPS, reason="sanji.dispatch not installed")


@needs_app
def test_command_prints_the_assignment(tmp_path):
    path = tmp_path / "instance.json"
    path.write_text(instance_json())
    out, err = io.StringIO(), io.StringIO()
    call_command("match", str(path), stdout=out, stderr=err)
    assert json.loads(out.getvalue())["total_score"] == 2 and err.getvalue() == ""


@needs_app
def test_command_exits_2_with_one_line(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(edge("-1").encode())))
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("match", "-", stdout=out, stderr=err)
    assert exit_.value.code == 2
    assert out.getvalue() == "" and err.getvalue() == "edges[0]: the score must not be negative.\n"


def test_module_exits_2_without_a_traceback():
    done = subprocess.run(
        [sys.executable, "-m", "sanji.dispatch.match_cli", "-"],
        input=edge("NaN"),
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        timeout=60,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
