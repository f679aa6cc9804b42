"""Benchmark the batch placement planner (``sanji.cadres.planner.plan``) on a synthetic district; run by hand.

    .venv/bin/python bench/placement.py [--cadres 5000] [--communities 1000] [--capacities 5,4] [--list 30]
                                        [--assistants 150] [--seed 7] [--repeat 3] [--profile] [--json]
    .venv/bin/python bench/placement.py --small          # 200 cadres x 40 communities, lists of 10: seconds

For each capacity in ``--capacities`` (places per community; 5 gives as many places as cadres, 4 fewer) the
script times ``plan()`` in three ways: ``optimal`` (most cadres placed, then the largest total fit), ``stable``
with ``side="cadre"`` and with ``side="community"``; the median of ``--repeat`` runs. The preference lists are
passed as ``candidates``, so both modes consider exactly the listed pairs that the hard rules allow (passed as
``stated`` instead, every allowed pair of the district, about 5 million, would be scored). Reported per
mode: time, total fit (members and assistants), mean fit per placed cadre, members placed and unplaced,
assistants placed, communities left without an assistant, and blocking pairs (members + assistants). Then the fit
given up by stability, ``optimal total - stable total``, absolute and as a share of the optimum. Building the fits
is timed on its own too (``planner._fits``, the first step inside ``plan()``), and the peak resident memory
(``ru_maxrss`` of this process so far) is printed after each capacity.

Blocking pairs are counted without the planner's lists: the bench rebuilds both sides' preferences from
``fit.fit`` and ``fit.acceptable`` (a cadre's list is his or her candidates the rules allow, in order; a
community's list is every cadre who listed it, by fit, ties by input order), counts the pairs that block by the
definition (the cadre is unplaced or lists the community before his or her own, and the community has a free
place or ranks the cadre above the worst one it holds), and requires ``stable.blocking_pairs`` on the same lists to
find the same number. The optimal mode's blocking pairs are shown for contrast; the stable modes must have none.
A side check compares the two stable plans: they must place the same cadres (rural hospitals theorem) and no cadre
may fare worse, by his or her own list, under ``side="cadre"`` than under ``side="community"``.

Optimal here is lexicographic: it may place more cadres than a stable matching (which places the same cadres
whichever side proposes). Its total is then usually, not necessarily, higher: an extra cadre placed can cost a
better-fitting pair. The mean fit per placed cadre shows that trade.

The district (every figure scales with ``--cadres`` and ``--communities``; the same ``--seed`` gives the same one):

- communities under ``communities / 10`` streets (100 for 1,000), each street on a square grid so that streets have
  neighbours; paths ``/1/<street>/<community>/`` with distinct area ids; every street has a community, the rest
  fall on streets at random (about 10 a street, some 5, some 15);
- difficulty 1, 2, 3 with 60 / 30 / 10 %, weak foundations 15 % (independent); a community wants 1-3 of the 11
  skills of ``sanji.cadres.models.Skill`` (35 / 45 / 20 %), mediation and social assistance most often, enterprise
  services least; one that is hard or weak (about 23 %) wants a section-level assistant;
- ``cadres * 0.024`` agencies (120 for 5,000) of log-normal sizes, each with 1-3 lines of business; 20 % of them
  are street offices, each supervising its own street (one street each);
- cadres: rank clerk 70 %, deputy section 25 %, section 5 %; 1-3 skills, drawn with a pull toward the home
  agency's lines and with a supply that differs from the demand (more party building and digital, less mediation);
  a home community, on the street office's own street for 40 % of its cadres, anywhere otherwise;
- each cadre lists 25-35 communities (``--list`` +- 5), drawn without replacement (Gumbel top-k, so the order is a
  Plackett-Luce ranking) with log-weight 3.0 for the home street, 1.8 for a neighbouring street, 0.7 two streets
  away, 0 farther, plus 1.5 x the share of the community's wanted skills the cadre has, plus a standing shared by
  all cadres (normal, sd 0.5: some communities are sought after). Nothing stops a cadre listing the home community
  or one the agency supervises; the planner drops those;
- ``--assistants`` section-level cadres (150; 6 with ``--small``), built the same way, list communities that want
  an assistant only.
"""

import argparse
import cProfile
import json
import math
import pstats
import resource
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sanji.cadres import planner  # noqa: E402
from sanji.cadres.fit import CadreProfile, NeedProfile, Weights, acceptable, fit, refusal  # noqa: E402
from sanji.cadres.planner import ASSISTANT, MEMBER, Place, plan  # noqa: E402
from sanji.cadres.stable import blocking_pairs  # noqa: E402

# The codes of sanji.cadres.models.Skill, in its order (not imported: that module needs Django set up).
SKILLS = (
    "mediation", "petitions", "emergency", "party_building", "urban_management", "social_assistance",
    "legal", "property", "digital", "culture", "enterprise",
)  # fmt: skip
WANTED = np.array([3.0, 2.0, 1.5, 2.0, 2.5, 3.0, 1.5, 2.0, 1.0, 1.0, 0.5])  # how often communities want each
BROUGHT = np.array([1.5, 1.0, 1.0, 3.0, 1.5, 1.5, 2.0, 1.0, 2.5, 2.0, 1.5])  # how often agencies and cadres bring it
DIFFICULTY = (0.60, 0.30, 0.10)
WEAK = 0.15
RANK_SHARES = (0.70, 0.25, 0.05)  # levels 1, 2, 3
AGENCIES_PER_CADRE = 120 / 5000
STREET_OFFICE_SHARE = 0.2
LIVES_ON_OWN_STREET = 0.4
NEAR = np.array([3.0, 1.8, 0.7, 0.0])  # log-weight by street distance from home: same, 1, 2, farther
SKILL_PULL = 1.5
STANDING_SD = 0.5
AGENCY_PULL = 3.0  # extra weight of the home agency's lines when drawing a cadre's skills
CHUNK = 500  # cadres whose list weights are drawn at once
MODES = (
    ("optimal", "optimal", "community"),
    ("stable/cadre", "stable", "cadre"),
    ("stable/community", "stable", "community"),
)
SMALL = {"cadres": 200, "communities": 40, "list": 10, "assistants": 6}


@dataclass
class District:
    needs: list[NeedProfile]
    wants_assistant: list[bool]
    members: list[CadreProfile]
    assistants: list[CadreProfile]
    candidates: dict[str, list[str]]
    streets: int
    agencies: int
    describe: str


@dataclass
class Lists:
    """One kind's preferences as the fit defines them, built apart from the planner."""

    cadre_prefs: dict[str, list[str]]
    community_prefs: dict[str, list[str]]
    capacities: dict[str, int]
    rank_key: dict[tuple[str, str], tuple[Decimal, int]]  # (cadre, community) -> the community's key, lower better


def main(argv: list[str] | None = None) -> list[dict]:
    """Run the benchmark; print it and return one result per capacity and mode."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cadres", type=int, default=5000)
    parser.add_argument("--communities", type=int, default=1000)
    parser.add_argument("--capacities", default="5,4", help="comma-separated places per community, one run each")
    parser.add_argument("--list", type=int, default=30, help="mean length of a cadre's preference list")
    parser.add_argument("--assistants", type=int, default=150)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--small", action="store_true", help="200 cadres x 40 communities, lists of 10, 6 assistants")
    parser.add_argument("--profile", action="store_true", help="profile one plan() per mode; print the top functions")
    parser.add_argument("--json", action="store_true", help="print one JSON object per result instead of the table")
    args = parser.parse_args(argv)
    if args.small:
        for name, value in SMALL.items():
            setattr(args, name, value)
    capacities = [int(c) for c in args.capacities.split(",") if c.strip()]

    started = time.perf_counter()
    district = build_district(args.cadres, args.communities, args.assistants, args.list, args.seed)
    built = time.perf_counter() - started
    if not args.json:
        print(f"== {args.cadres:,} cadres x {args.communities:,} communities, seed {args.seed}, repeat {args.repeat}")
        print(f"   district built in {built:.2f} s: {district.describe}")
    results = []
    for capacity in capacities:
        results += run_capacity(district, capacity, args.repeat, as_json=args.json, profile=args.profile)
    return results


def run_capacity(district: District, capacity: int, repeat: int, *, as_json: bool, profile: bool) -> list[dict]:
    """Plan ``district`` in every mode with ``capacity`` places per community; print and return one row per mode."""
    places = [
        Place(need, capacity, wants) for need, wants in zip(district.needs, district.wants_assistant, strict=True)
    ]
    weights = Weights()
    needs = {need.id: need for need in district.needs}
    kinds = {
        MEMBER: lists(district.members, needs, {p.need.id: p.capacity for p in places}, district.candidates, weights),
        ASSISTANT: lists(
            district.assistants,
            needs,
            {p.need.id: 1 for p in places if p.wants_assistant},
            district.candidates,
            weights,
        ),
    }
    fits_seconds = statistics.median(time_fits(district, needs, kinds, weights) for _ in range(repeat))
    if not as_json:
        print_heading(district, kinds, capacity, fits_seconds)
    rows, placements = [], {}
    for label, mode, side in MODES:
        row, placements[label] = measure(district, places, kinds, mode, side, weights, repeat)
        rows.append({"capacity": capacity, "mode": label, **row, "fits_seconds": round(fits_seconds, 3)})
        if not as_json:
            print_row(rows[-1])
        if profile:
            profile_plan(district, places, mode, side, weights)
    better, worse = side_check(kinds, placements["stable/cadre"], placements["stable/community"])
    optimum = Decimal(rows[0]["total"])
    for row in rows[1:]:
        given_up = optimum - Decimal(row["total"])
        row.update(
            side_better=better,
            side_worse=worse,
            given_up=str(given_up),
            given_up_percent=round(float(100 * given_up / optimum), 3) if optimum else 0.0,
        )
    for row in rows:
        row["peak_mb"] = round(peak_mb())
    if as_json:
        for row in rows:
            print(json.dumps(row))
    else:
        print_summary(rows, better, worse)
    return rows


def measure(district: District, places, kinds: dict[str, "Lists"], mode: str, side: str, weights: Weights, repeat: int):
    """Return one mode's figures (median time of ``repeat`` plans) and its placement, role -> cadre -> community."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = plan(
            members=district.members,
            assistants=district.assistants,
            places=places,
            mode=mode,
            side=side,
            weights=weights,
            candidates=district.candidates,
        )
        times.append(time.perf_counter() - started)
    by_role = {role: {p.cadre: p.community for p in result.pairs if p.role == role} for role in kinds}
    placed = len(result.pairs)
    row = {
        "seconds": round(statistics.median(times), 3),
        "total": str(result.total),
        "mean_fit": str((result.total / placed).quantize(Decimal("0.0001")) if placed else Decimal(0)),
        "members_placed": len(by_role[MEMBER]),
        "members_unplaced": len(district.members) - len(by_role[MEMBER]),
        "assistants_placed": len(by_role[ASSISTANT]),
        "without_assistant": len(result.without_assistant),
        "blocking_members": blocking_count(kinds[MEMBER], by_role[MEMBER]),
        "blocking_assistants": blocking_count(kinds[ASSISTANT], by_role[ASSISTANT]),
    }
    return row, by_role


def print_heading(district: District, kinds: dict[str, "Lists"], capacity: int, fits_seconds: float) -> None:
    listed = sum(len(district.candidates[c.id]) for c in district.members)
    allowed = sum(len(prefs) for prefs in kinds[MEMBER].cadre_prefs.values())
    print(
        f"-- capacity {capacity}: {capacity * len(district.needs):,} places for {len(district.members):,} cadres; "
        f"{len(district.assistants)} assistants for {sum(district.wants_assistant)} communities that want one"
    )
    print(f"   member pairs {allowed:,} of {listed:,} listed; building the fits (inside plan) {fits_seconds:.2f} s")
    print(
        f"   {'mode':<17}{'time s':>8}{'total fit':>12}{'mean':>8}{'placed':>8}{'unplaced':>9}"
        f"{'assist.':>8}{'no assist.':>11}{'blocking':>12}"
    )


def print_row(row: dict) -> None:
    print(
        f"   {row['mode']:<17}{row['seconds']:>8.2f}{row['total']:>12}{row['mean_fit']:>8}"
        f"{row['members_placed']:>8,}{row['members_unplaced']:>9,}{row['assistants_placed']:>8}"
        f"{row['without_assistant']:>11}{row['blocking_members']:>8,} + {row['blocking_assistants']}"
    )


def print_summary(rows: list[dict], better: int, worse: int) -> None:
    print(
        f"   side check: {better:,} cadres better off under stable/cadre than under stable/community, "
        f"{worse} worse (must be 0); the same cadres placed"
    )
    for row in rows[1:]:
        print(
            f"   fit given up by {row['mode']:<17} {row['given_up']:>10} ({row['given_up_percent']:.3f} % of optimal)"
        )
    print(f"   peak memory (ru_maxrss, this process so far) {rows[-1]['peak_mb']:,} MB")


def time_fits(district: District, needs, kinds: dict[str, Lists], weights: Weights) -> float:
    started = time.perf_counter()
    for role, cadres in ((MEMBER, district.members), (ASSISTANT, district.assistants)):
        planner._fits(cadres, needs, kinds[role].capacities, weights, district.candidates)
    return time.perf_counter() - started


def profile_plan(district: District, places, mode: str, side: str, weights: Weights) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    plan(
        members=district.members, assistants=district.assistants, places=places, mode=mode, side=side,
        weights=weights, candidates=district.candidates,
    )  # fmt: skip
    profiler.disable()
    pstats.Stats(profiler, stream=sys.stdout).sort_stats("tottime").print_stats(12)


# --- blocking pairs, from the definition ---------------------------------------------------------------------------


def lists(cadres, needs, capacities, candidates, weights) -> Lists:
    """Return both sides' preferences: candidates the rules allow, in order; listing cadres by fit, then input order."""
    cadre_prefs: dict[str, list[str]] = {}
    rank_key: dict[tuple[str, str], tuple[Decimal, int]] = {}
    for position, cadre in enumerate(cadres):
        listed = []
        for need_id in candidates.get(cadre.id, ()):
            need = needs.get(need_id)
            if need is not None and capacities.get(need_id, 0) > 0 and acceptable(cadre, need):
                listed.append(need_id)
                rank_key[cadre.id, need_id] = (-fit(cadre, need, weights).total, position)
        cadre_prefs[cadre.id] = listed
    community_prefs: dict[str, list[str]] = {need_id: [] for need_id in capacities}
    for cadre_id, need_id in rank_key:
        community_prefs[need_id].append(cadre_id)
    for need_id, listed in community_prefs.items():
        listed.sort(key=lambda cadre_id, need_id=need_id: rank_key[cadre_id, need_id])
    return Lists(cadre_prefs, community_prefs, capacities, rank_key)


def blocking_count(kind: Lists, pairs: dict[str, str]) -> int:
    """Return how many pairs block ``pairs``; stop the run if ``stable.blocking_pairs`` counts otherwise."""
    held: Counter[str] = Counter(pairs.values())
    worst: dict[str, tuple[Decimal, int]] = {}
    for cadre_id, need_id in pairs.items():
        key = kind.rank_key[cadre_id, need_id]
        worst[need_id] = max(worst.get(need_id, key), key)
    count = 0
    for cadre_id, prefs in kind.cadre_prefs.items():
        partner = pairs.get(cadre_id)
        for need_id in prefs:
            if need_id == partner:
                break
            if held[need_id] < kind.capacities[need_id] or kind.rank_key[cadre_id, need_id] < worst[need_id]:
                count += 1
    theirs = len(blocking_pairs(kind.cadre_prefs, kind.community_prefs, kind.capacities, pairs))
    if theirs != count:
        sys.exit(f"blocking pairs: {count} by the definition, {theirs} by stable.blocking_pairs")
    return count


def side_check(kinds: dict[str, Lists], by_cadre: dict, by_community: dict) -> tuple[int, int]:
    """Return how many cadres the cadre-optimal matching places better, and worse, than the community-optimal one.

    Stop the run if the two do not place the same cadres (rural hospitals theorem).
    """
    better = worse = 0
    for role, kind in kinds.items():
        if by_cadre[role].keys() != by_community[role].keys():
            sys.exit(f"the two stable matchings place different {role}s")
        for cadre_id, need_id in by_cadre[role].items():
            prefs = kind.cadre_prefs[cadre_id]
            mine, theirs = prefs.index(need_id), prefs.index(by_community[role][cadre_id])
            better += mine < theirs
            worse += mine > theirs
    return better, worse


# --- the district --------------------------------------------------------------------------------------------------


def build_district(n_cadres: int, n_communities: int, n_assistants: int, list_length: int, seed: int) -> District:
    """Return a synthetic district as the module docstring describes it."""
    rng = np.random.default_rng(seed)
    n_streets = max(2, n_communities // 10)
    side = math.ceil(math.sqrt(n_streets))
    grid = np.stack([np.arange(n_streets) // side, np.arange(n_streets) % side], axis=1)
    street_distance = np.abs(grid[:, None, :] - grid[None, :, :]).max(axis=2)  # Chebyshev: 1 for a neighbour
    street_of = np.sort(np.concatenate([np.arange(n_streets), rng.integers(0, n_streets, n_communities - n_streets)]))
    street_path = [f"/1/{2 + s}/" for s in range(n_streets)]

    difficulty = rng.choice(3, n_communities, p=DIFFICULTY) + 1
    weak = rng.random(n_communities) < WEAK
    wanted = skill_matrix(rng, n_communities, (0.35, 0.45, 0.20), np.broadcast_to(WANTED, (n_communities, len(SKILLS))))
    needs = [
        NeedProfile(
            id=str(2 + n_streets + j),
            path=f"{street_path[street_of[j]]}{2 + n_streets + j}/",
            difficulty=int(difficulty[j]),
            weak=bool(weak[j]),
            wanted=skill_set(wanted[j]),
        )
        for j in range(n_communities)
    ]
    wants_assistant = [bool(d == 3 or w) for d, w in zip(difficulty, weak, strict=True)]

    n_agencies = max(5, round(n_cadres * AGENCIES_PER_CADRE))
    n_offices = min(n_streets, max(1, round(n_agencies * STREET_OFFICE_SHARE)))
    office_street = np.full(n_agencies, -1)
    office_street[:n_offices] = rng.choice(n_streets, n_offices, replace=False)
    business = skill_matrix(rng, n_agencies, (0.3, 0.4, 0.3), np.broadcast_to(BROUGHT, (n_agencies, len(SKILLS))))
    agency_size = rng.lognormal(0, 0.5, n_agencies)
    communities_on = [np.flatnonzero(street_of == s) for s in range(n_streets)]
    standing = rng.normal(0, STANDING_SD, n_communities)
    context = (rng, street_distance, street_of, wanted, standing, communities_on, office_street, business, street_path)

    levels = rng.choice(3, n_cadres, p=RANK_SHARES) + 1
    agency = rng.choice(n_agencies, n_cadres, p=agency_size / agency_size.sum())
    members, member_lists = cadres("m", levels, agency, list_length, np.ones(n_communities, bool), needs, context)
    allowed = np.array(wants_assistant)
    levels = np.full(n_assistants, 3)
    agency = rng.choice(n_agencies, n_assistants, p=agency_size / agency_size.sum())
    assistants, assistant_lists = cadres("a", levels, agency, list_length, allowed, needs, context)
    candidates = member_lists | assistant_lists

    describe = (
        f"{n_streets} streets, {n_agencies} agencies ({n_offices} street offices), "
        f"difficulty 1/2/3 {'/'.join(str(int((difficulty == d).sum())) for d in (1, 2, 3))}, "
        f"{int(weak.sum())} weak, {int(allowed.sum())} want an assistant; "
        f"cadre levels 1/2/3 {'/'.join(str(sum(c.level == d for c in members)) for d in (1, 2, 3))}; "
        + list_shares(members, member_lists, needs, street_of, street_distance)
    )
    return District(needs, wants_assistant, members, assistants, candidates, n_streets, n_agencies, describe)


def cadres(prefix, levels, agency, list_length, allowed, needs, context):
    """Return cadre profiles and their preference lists (cadre id -> community ids, best first)."""
    rng, street_distance, street_of, wanted, standing, communities_on, office_street, business, street_path = context
    n = len(levels)
    weights = BROUGHT + AGENCY_PULL * business[agency]
    skills = skill_matrix(rng, n, (0.4, 0.4, 0.2), weights)
    home = rng.integers(0, len(needs), n)
    own_street = office_street[agency]
    local = (own_street >= 0) & (rng.random(n) < LIVES_ON_OWN_STREET)
    for i in np.flatnonzero(local):
        home[i] = rng.choice(communities_on[own_street[i]])
    profiles = [
        CadreProfile(
            id=f"{prefix}{i}",
            level=int(levels[i]),
            skills=skill_set(skills[i]),
            agency_business=skill_set(business[agency[i]]),
            home_path=needs[home[i]].path,
            supervised_paths=(street_path[own_street[i]],) if own_street[i] >= 0 else (),
        )
        for i in range(n)
    ]
    longest = min(list_length + 5, int(allowed.sum()))
    lengths = np.clip(rng.integers(list_length - 5, list_length + 6, n), 1, longest)
    share_base = wanted / wanted.sum(axis=1, keepdims=True)  # each wanted skill's part of a community's want
    prefs = {}
    for start in range(0, n, CHUNK):
        rows = slice(start, min(n, start + CHUNK))
        near = NEAR[np.minimum(street_distance[street_of[home[rows]]][:, street_of], len(NEAR) - 1)]
        score = near + SKILL_PULL * (skills[rows] @ share_base.T) + standing
        score += rng.gumbel(size=score.shape)
        score[:, ~allowed] = -np.inf
        top = np.argpartition(-score, longest - 1, axis=1)[:, :longest]
        order = np.argsort(-np.take_along_axis(score, top, axis=1), axis=1, kind="stable")
        ranked = np.take_along_axis(top, order, axis=1)
        for offset, row in enumerate(ranked):
            i = start + offset
            prefs[profiles[i].id] = [needs[j].id for j in row[: lengths[i]]]
    return profiles, prefs


def skill_matrix(rng, n: int, counts: tuple[float, ...], weights: np.ndarray) -> np.ndarray:
    """Return an n x 11 0/1 matrix: each row 1..len(counts) skills drawn without replacement by ``weights``."""
    how_many = rng.choice(len(counts), n, p=counts) + 1
    keys = np.log(weights) + rng.gumbel(size=(n, len(SKILLS)))  # Gumbel top-k: weighted draws without replacement
    ranks = np.argsort(np.argsort(-keys, axis=1), axis=1)
    return (ranks < how_many[:, None]).astype(float)


def skill_set(row: np.ndarray) -> frozenset[str]:
    return frozenset(SKILLS[k] for k in np.flatnonzero(row))


def list_shares(members, prefs, needs, street_of, street_distance) -> str:
    """Describe the members' lists: length, where the listed communities are, how many the rules forbid."""
    position = {need.id: j for j, need in enumerate(needs)}
    home_street = {c.id: street_of[position[c.home_path.rstrip("/").rsplit("/", 1)[1]]] for c in members}
    by_distance: Counter[int] = Counter()
    refused: Counter[str] = Counter()
    skilled = 0
    for cadre in members:
        for need_id in prefs[cadre.id]:
            need = needs[position[need_id]]
            by_distance[min(3, int(street_distance[home_street[cadre.id], street_of[position[need_id]]]))] += 1
            refused[refusal(cadre, need) or "allowed"] += 1
            skilled += bool(cadre.skills & need.wanted)
    total = sum(by_distance.values())

    def pct(n: int) -> str:
        return f"{100 * n / total:.1f} %"

    return (
        f"member lists {total / len(members):.1f} long on average; home street {pct(by_distance[0])}, "
        f"neighbouring {pct(by_distance[1])}, two away {pct(by_distance[2])}, farther {pct(by_distance[3])}; "
        f"wanting a skill the cadre has {pct(skilled)}; dropped as home {refused['home']}, "
        f"as supervised {refused['supervised']}"
    )


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


if __name__ == "__main__":
    main()
