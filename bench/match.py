"""Benchmark the optimal matcher (``sanji.dispatch.matching``) on random instances; run by hand.

    .venv/bin/python bench/match.py [--sizes small,large] [--seed N]

Instances: uniformly random distinct (left, right) pairs.

    small   10,000 left x  2,000 right,   200,000 edges
    large  100,000 left x 20,000 right, 2,000,000 edges

Left capacities are uniform in 1..2 (a wish wants one or two claimers), right capacities uniform in 1..10 (a
claimer takes up to ten wishes), scores uniform in 0.00..100.00 with two decimal places.

For each instance and objective the script reports the build+solve time of ``solve_arrays`` (the service
path), the total score and the number of pairs; then the CLI path stage by stage (JSON parse into columns,
checks+scaling+solve in ``solve_columns``, JSON output) and end to end through ``match_cli.run``. Peak memory is
``ru_maxrss``, for the process so far; each size runs in a process of its own, so the figures do not mix.

Cross-checks: on the small instance networkx (network simplex, an independent solver) must reach the same
optimum for both objectives; on every instance a greedy baseline (best score first, taken while both ends have
room) shows what optimality is worth.
"""

import argparse
import gc
import io
import json
import os
import resource
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanji.settings")

import django  # noqa: E402

django.setup()

from sanji.dispatch import match_cli  # noqa: E402
from sanji.dispatch.matching import OBJECTIVES, solve_arrays, solve_columns  # noqa: E402

SIZES = {"small": (10_000, 2_000, 200_000), "large": (100_000, 20_000, 2_000_000)}
PLACES = 2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="small,large", help="comma-separated: small, large")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-networkx", action="store_true", help="skip the networkx cross-check (about 3 min)")
    args = parser.parse_args()
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in sizes if s not in SIZES]
    if unknown:
        parser.error(f"unknown size {unknown[0]!r}; choose from {', '.join(SIZES)}")
    if len(sizes) > 1:  # one process per size, so that ru_maxrss is that size's own peak
        for size in sizes:
            one = [sys.executable, __file__, "--sizes", size, "--seed", str(args.seed)]
            subprocess.run(one + ["--no-networkx"] * args.no_networkx, check=True)
        return
    bench(sizes[0], args.seed, networkx_check=not args.no_networkx)


def bench(size: str, seed: int, *, networkx_check: bool) -> None:
    n_left, n_right, n_edges = SIZES[size]
    left_caps, right_caps, edge_left, edge_right, scores = instance(n_left, n_right, n_edges, seed)
    print(f"== {size}: {n_left:,} left x {n_right:,} right, {n_edges:,} edges, seed {seed}")
    print(f"   capacity: left {left_caps.sum():,} in all, right {right_caps.sum():,} in all")

    optimum = {}
    for objective in OBJECTIVES:
        started = time.perf_counter()
        found = solve_arrays(left_caps, right_caps, edge_left, edge_right, scores, objective)
        elapsed = time.perf_counter() - started
        optimum[objective] = (found.total, found.assigned)
        print(
            f"   {objective:<21} build+solve {elapsed:6.2f} s   total {money(found.total)}   "
            f"pairs {found.assigned:,}   peak {peak_mb():,.0f} MB"
        )

    greedy_total, greedy_pairs = greedy(left_caps, right_caps, edge_left, edge_right, scores)
    best_total, best_pairs = optimum["max_score"]
    print(
        f"   greedy                total {money(greedy_total)}   pairs {greedy_pairs:,}   "
        f"gap {money(best_total - greedy_total)} ({100 * (best_total - greedy_total) / best_total:.3f} % of optimum)"
    )

    cli_path(left_caps, right_caps, edge_left, edge_right, scores, best_total)
    if size == "small" and networkx_check:  # last, so that its memory does not count in the figures above
        for objective in OBJECTIVES:
            started = time.perf_counter()
            total, pairs = networkx_optimum(left_caps, right_caps, edge_left, edge_right, scores, objective)
            elapsed = time.perf_counter() - started
            same = (total, pairs) == optimum[objective] if objective == "max_count_then_score" else total == best_total
            print(
                f"   networkx {objective:<21} {elapsed:6.1f} s   total {money(total)}   pairs {pairs:,}   "
                f"{'SAME OPTIMUM' if same else 'MISMATCH'}"
            )
            if not same:
                sys.exit(f"networkx disagrees on {objective}")


def instance(n_left: int, n_right: int, n_edges: int, seed: int):
    """Return capacities, distinct random pairs and scores (in hundredths) as numpy arrays."""
    rng = np.random.default_rng(seed)
    keys = np.unique(rng.integers(0, n_left * n_right, int(n_edges * 1.05)))
    keys = rng.permutation(keys)[:n_edges]
    if len(keys) < n_edges:
        raise SystemExit("too few distinct pairs drawn; try another seed")
    left_caps = rng.integers(1, 3, n_left)
    right_caps = rng.integers(1, 11, n_right)
    scores = rng.integers(0, 100 * 10**PLACES + 1, n_edges)
    return left_caps, right_caps, keys // n_right, keys % n_right, scores


def cli_path(left_caps, right_caps, edge_left, edge_right, scores, best_total: int) -> None:
    """Time the CLI's stages on the instance written as JSON, and check that it finds the same optimum."""
    text = instance_json(left_caps, right_caps, edge_left, edge_right, scores)
    print(f"   CLI input             {len(text) / 1e6:,.1f} MB of JSON")
    gc.disable()  # as match_cli.run does
    try:
        started = time.perf_counter()
        columns = match_cli.parse(text)
        parsed = time.perf_counter()
        result = solve_columns(*columns)
        solved = time.perf_counter()
        output = match_cli.render(result)
        rendered = time.perf_counter()
    finally:
        gc.enable()
    print(
        f"   CLI stages            parse {parsed - started:5.2f} s   checks+scale+solve {solved - parsed:5.2f} s   "
        f"output {rendered - solved:5.2f} s   peak {peak_mb():,.0f} MB"
    )
    if result.total_score != Decimal(best_total).scaleb(-PLACES):
        sys.exit(f"the CLI found {result.total_score}, not {money(best_total)}")
    del columns, result, output
    gc.collect()

    stdin, stdout, stderr = io.TextIOWrapper(io.BytesIO(text)), io.StringIO(), io.StringIO()
    del text
    started = time.perf_counter()
    status = match_cli.run(["-"], stdin, stdout, stderr)
    elapsed = time.perf_counter() - started
    printed = json.loads(stdout.getvalue(), parse_float=Decimal)
    print(
        f"   CLI end to end        {elapsed:5.2f} s   status {status}   total {printed['total_score']}   "
        f"pairs {printed['assigned']:,}   peak {peak_mb():,.0f} MB"
    )


def instance_json(left_caps, right_caps, edge_left, edge_right, scores) -> bytes:
    left = ", ".join(f'{{"id": "L{i}", "capacity": {c}}}' for i, c in enumerate(left_caps.tolist()))
    right = ", ".join(f'{{"id": "R{j}", "capacity": {c}}}' for j, c in enumerate(right_caps.tolist()))
    edges = ", ".join(
        f'{{"left": "L{i}", "right": "R{j}", "score": {s // 100}.{s % 100:02d}}}'
        for i, j, s in zip(edge_left.tolist(), edge_right.tolist(), scores.tolist(), strict=True)
    )
    return f'{{"left": [{left}], "right": [{right}], "edges": [{edges}]}}'.encode()


def greedy(left_caps, right_caps, edge_left, edge_right, scores) -> tuple[int, int]:
    """Return the total and pairs of taking edges best score first while both ends have room."""
    left_room, right_room = left_caps.tolist(), right_caps.tolist()
    total = pairs = 0
    order = np.argsort(-scores, kind="stable")
    for i, j, s in zip(edge_left[order].tolist(), edge_right[order].tolist(), scores[order].tolist(), strict=True):
        if left_room[i] and right_room[j]:
            left_room[i] -= 1
            right_room[j] -= 1
            total += s
            pairs += 1
    return total, pairs


def networkx_optimum(left_caps, right_caps, edge_left, edge_right, scores, objective: str) -> tuple[int, int]:
    """Return the optimum (total, pairs) found by networkx's network simplex on the same flow network."""
    import networkx as nx

    n_left = len(left_caps)
    source, sink = "source", "sink"
    graph = nx.DiGraph()
    graph.add_edges_from((source, i, {"capacity": int(c), "weight": 0}) for i, c in enumerate(left_caps.tolist()))
    graph.add_edges_from(
        (i, n_left + j, {"capacity": 1, "weight": -s})
        for i, j, s in zip(edge_left.tolist(), edge_right.tolist(), scores.tolist(), strict=True)
    )
    graph.add_edges_from(
        (n_left + j, sink, {"capacity": int(c), "weight": 0}) for j, c in enumerate(right_caps.tolist())
    )
    if objective == "max_score":
        supply = int(min(left_caps.sum(), right_caps.sum()))
        graph.add_edge(source, sink, capacity=supply, weight=0)
        graph.nodes[source]["demand"], graph.nodes[sink]["demand"] = -supply, supply
        cost, flow = nx.network_simplex(graph)
    else:
        flow = nx.max_flow_min_cost(graph, source, sink)
        cost = nx.cost_of_flow(graph, flow)
    pairs = sum(f for i in range(n_left) for f in flow[i].values())
    return -cost, pairs


def money(hundredths: int) -> str:
    return f"{Decimal(hundredths).scaleb(-PLACES):,}"


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    main()
