"""Deferred acceptance against brute force on small instances, the rural hospitals theorem, and every refusal."""

import random
from collections import Counter

import numpy as np
import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from sanji.cadres.stable import Matching, StableInputError, blocking_pairs, check_ids, stable_match

SMALL = hypothesis_settings(max_examples=120, deadline=None, database=None)
MEDIUM = hypothesis_settings(max_examples=40, deadline=None, database=None)


# --- brute force ---------------------------------------------------------------------------------------------------


def naive_blocking(cadre_prefs, community_prefs, capacities, pairs):
    """Return the blocking pairs of ``pairs`` by the definition, pair by pair, in the cadres' order."""
    found = []
    for cadre, prefs in cadre_prefs.items():
        for community in prefs:
            if cadre not in community_prefs[community]:
                continue
            partner = pairs.get(cadre)
            cadre_wants = partner is None or prefs.index(community) < prefs.index(partner)
            members = [other for other, placed in pairs.items() if placed == community]
            ranking = community_prefs[community]
            community_wants = len(members) < capacities[community] or any(
                ranking.index(cadre) < ranking.index(member) for member in members
            )
            if cadre_wants and community_wants:
                found.append((cadre, community))
    return found


def all_placements(cadre_prefs, community_prefs, capacities):
    """Yield every placement (cadre -> community) of mutually listed pairs within the capacities."""
    cadres = list(cadre_prefs)
    acceptable = {c: [h for h in prefs if c in community_prefs[h]] for c, prefs in cadre_prefs.items()}
    used = Counter()
    placed = {}

    def extend(index):
        if index == len(cadres):
            yield dict(placed)
            return
        cadre = cadres[index]
        yield from extend(index + 1)
        for community in acceptable[cadre]:
            if used[community] < capacities[community]:
                used[community] += 1
                placed[cadre] = community
                yield from extend(index + 1)
                used[community] -= 1
                del placed[cadre]

    yield from extend(0)


def stable_placements(instance):
    return [p for p in all_placements(*instance) if not naive_blocking(*instance, p)]


def rank_of(prefs, community):
    """Return the rank of ``community`` on ``prefs``; being unplaced ranks below every listed community."""
    return len(prefs) if community is None else prefs.index(community)


@st.composite
def instances(draw, max_cadres=6, max_communities=4, max_capacity=3):
    """Draw cadres and communities with random lists, capacities mostly 1 (tight).

    Several stable placements, for the two optima to differ, need a market about as tight on both sides and long,
    varied lists: so, often, about as many places as cadres, and orders shuffled by a ``Random`` of a drawn seed
    (hypothesis's own permutations and randoms lean towards the identity, which makes everyone agree). A community
    lists every cadre that listed it (as in the benchmark) and maybe others, or only some.
    """
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    balanced = draw(st.sampled_from([True, True, False]))
    if balanced:
        n_communities = draw(st.integers(min(3, max_communities), max_communities))
        n_cadres = min(max_cadres, n_communities + draw(st.integers(0, 1)))
    else:
        n_cadres, n_communities = draw(st.integers(0, max_cadres)), draw(st.integers(0, max_communities))
    cadres = [f"c{i}" for i in range(n_cadres)]
    communities = [f"h{j}" for j in range(n_communities)]
    cadre_prefs = {c: _partial(draw, rng, communities) for c in cadres}
    lists_back = draw(st.booleans())
    community_prefs = {}
    for community in communities:
        listed = _partial(draw, rng, cadres)
        if lists_back:
            listed = sorted({*listed, *(c for c in cadres if community in cadre_prefs[c])})
            rng.shuffle(listed)
        community_prefs[community] = listed
    capacity = st.sampled_from([1, 1, 1, 2, 0, *range(3, max_capacity + 1)])
    capacities = {h: 1 if balanced else draw(capacity) for h in communities}
    return cadre_prefs, community_prefs, capacities


def _partial(draw, rng, ids):
    """Return a random order of ``ids`` cut short, usually after most of them."""
    order = rng.sample(ids, len(ids))
    return order[: len(order) - draw(st.sampled_from([0, 0, 0, 0, 1, 2, len(order)]))]


def with_order(mapping, order):
    return {key: mapping[key] for key in order}


# --- small instances against brute force ---------------------------------------------------------------------------


@SMALL
@given(instances())
def test_the_cadre_optimal_placement_is_stable_and_best_for_every_cadre(instance):
    cadre_prefs = instance[0]
    ours = stable_match(*instance, optimal="cadre").pairs
    stable = stable_placements(instance)
    assert ours in stable
    for other in stable:
        for cadre, prefs in cadre_prefs.items():
            assert rank_of(prefs, ours.get(cadre)) <= rank_of(prefs, other.get(cadre))


@SMALL
@given(instances())
def test_the_community_optimal_placement_is_stable_and_worst_for_every_cadre(instance):
    cadre_prefs = instance[0]
    ours = stable_match(*instance, optimal="community").pairs
    stable = stable_placements(instance)
    assert ours in stable
    for other in stable:
        for cadre, prefs in cadre_prefs.items():
            assert rank_of(prefs, ours.get(cadre)) >= rank_of(prefs, other.get(cadre))


@SMALL
@given(instances())
def test_rural_hospitals_the_same_cadres_are_placed_in_every_stable_placement(instance):
    capacities = instance[2]
    stable = stable_placements(instance)
    first = stable[0]
    for placement in [*stable, stable_match(*instance, optimal="cadre").pairs]:
        assert set(placement) == set(first)
        assert Counter(placement.values()) == Counter(first.values())
        for community, capacity in capacities.items():
            if Counter(first.values())[community] < capacity:  # a place left free: the very same cadres
                assert {c for c, h in placement.items() if h == community} == {
                    c for c, h in first.items() if h == community
                }


@SMALL
@given(instances(), st.randoms(use_true_random=False))
def test_blocking_pairs_agree_with_the_definition(instance, rng):
    placements = list(all_placements(*instance))
    for pairs in rng.sample(placements, min(len(placements), 12)):
        assert blocking_pairs(*instance, pairs) == naive_blocking(*instance, pairs)


def test_both_optima_against_brute_force_on_crowded_markets():
    """Sweep seeded square markets with complete lists: many have several stable placements, where optima differ."""
    rng = random.Random(2026)
    several = 0
    for _ in range(150):
        n = rng.choice([3, 4])
        cadres, communities = [f"c{i}" for i in range(n)], [f"h{j}" for j in range(n)]
        instance = (
            {c: rng.sample(communities, n) for c in cadres},
            {h: rng.sample(cadres, n) for h in communities},
            dict.fromkeys(communities, 1),
        )
        stable = stable_placements(instance)
        several += len(stable) > 1
        best, worst = stable_match(*instance, optimal="cadre").pairs, stable_match(*instance, optimal="community").pairs
        assert best in stable and worst in stable
        for cadre, prefs in instance[0].items():
            ranks = [rank_of(prefs, other.get(cadre)) for other in stable]
            assert rank_of(prefs, best.get(cadre)) == min(ranks) and rank_of(prefs, worst.get(cadre)) == max(ranks)
    assert several >= 40, several


# --- larger instances, against each other --------------------------------------------------------------------------


@MEDIUM
@given(instances(max_cadres=40, max_communities=10, max_capacity=4))
def test_larger_instances_are_stable_from_both_sides_and_agree_on_who_is_placed(instance):
    cadre_prefs = instance[0]
    best = stable_match(*instance, optimal="cadre")
    worst = stable_match(*instance, optimal="community")
    assert blocking_pairs(*instance, best.pairs) == [] == blocking_pairs(*instance, worst.pairs)
    assert set(best.pairs) == set(worst.pairs) and best.unmatched == worst.unmatched
    assert Counter(best.pairs.values()) == Counter(worst.pairs.values())
    for cadre, prefs in cadre_prefs.items():
        assert rank_of(prefs, best.pairs.get(cadre)) <= rank_of(prefs, worst.pairs.get(cadre))


@MEDIUM
@given(instances(max_cadres=20, max_communities=8), st.sampled_from(["cadre", "community"]), st.randoms())
def test_the_result_depends_on_the_instance_not_on_the_order_of_the_mappings(instance, optimal, rng):
    cadre_prefs, community_prefs, capacities = instance
    first = stable_match(*instance, optimal=optimal)
    assert stable_match(*instance, optimal=optimal) == first
    cadres, communities = list(cadre_prefs), list(community_prefs)
    rng.shuffle(cadres)
    rng.shuffle(communities)
    shuffled = stable_match(
        with_order(cadre_prefs, cadres), with_order(community_prefs, communities), capacities, optimal=optimal
    )
    assert shuffled.pairs == first.pairs and list(shuffled.pairs) == [c for c in cadres if c in first.pairs]
    assert shuffled.unmatched == [c for c in cadres if c not in first.pairs]


# --- examples ------------------------------------------------------------------------------------------------------


CROSSED = (
    {"c1": ["h1", "h2"], "c2": ["h2", "h1"]},
    {"h1": ["c2", "c1"], "h2": ["c1", "c2"]},
    {"h1": 1, "h2": 1},
)


def test_each_side_gets_its_own_optimum_when_the_preferences_cross():
    assert stable_match(*CROSSED, optimal="cadre") == Matching(pairs={"c1": "h1", "c2": "h2"}, unmatched=[])
    assert stable_match(*CROSSED, optimal="community") == Matching(pairs={"c1": "h2", "c2": "h1"}, unmatched=[])


def test_a_community_holds_its_best_cadres_up_to_its_capacity():
    cadre_prefs = {"a": ["h"], "b": ["h", "k"], "c": ["h"], "d": ["k"]}
    community_prefs = {"h": ["c", "a", "b"], "k": ["d", "b"]}
    for optimal in ("cadre", "community"):
        matching = stable_match(cadre_prefs, community_prefs, {"h": 2, "k": 1}, optimal=optimal)
        assert matching == Matching(pairs={"a": "h", "c": "h", "d": "k"}, unmatched=["b"])


def test_an_entry_listed_by_one_side_only_is_ignored():
    cadre_prefs = {"a": ["h", "k"], "b": []}
    community_prefs = {"h": ["b"], "k": ["a", "b"]}
    for optimal in ("cadre", "community"):
        matching = stable_match(cadre_prefs, community_prefs, {"h": 1, "k": 1}, optimal=optimal)
        assert matching == Matching(pairs={"a": "k"}, unmatched=["b"])
    assert blocking_pairs(cadre_prefs, community_prefs, {"h": 1, "k": 1}, {}) == [("a", "k")]


def test_a_community_without_places_takes_nobody_and_blocks_nothing():
    instance = ({"a": ["h", "k"]}, {"h": ["a"], "k": ["a"]}, {"h": 0, "k": 1})
    assert stable_match(*instance, optimal="cadre").pairs == {"a": "k"}
    assert stable_match(*instance, optimal="community").pairs == {"a": "k"}
    assert blocking_pairs(*instance, {"a": "k"}) == []


def test_an_empty_instance_places_nobody():
    assert stable_match({}, {}, {}, optimal="cadre") == Matching(pairs={}, unmatched=[])
    assert stable_match({"a": []}, {}, {}, optimal="community") == Matching(pairs={}, unmatched=["a"])


def test_blocking_pairs_name_a_free_place_and_a_better_cadre():
    cadre_prefs = {"a": ["h", "k"], "b": ["h"], "c": ["k"]}
    community_prefs = {"h": ["b", "a"], "k": ["a", "c"]}
    capacities = {"h": 1, "k": 2}
    assert blocking_pairs(cadre_prefs, community_prefs, capacities, {"a": "h"}) == [("b", "h"), ("c", "k")]
    assert blocking_pairs(cadre_prefs, community_prefs, capacities, {"a": "k", "c": "k"}) == [("a", "h"), ("b", "h")]
    assert blocking_pairs(cadre_prefs, community_prefs, capacities, {"a": "k", "b": "h", "c": "k"}) == []


def test_tuples_and_numpy_integers_are_taken():
    matching = stable_match({"a": ("h",)}, {"h": ("a",)}, {"h": np.int64(1)}, optimal="cadre")
    assert matching.pairs == {"a": "h"} and blocking_pairs({"a": ("h",)}, {"h": ("a",)}, {"h": np.int64(1)}, {}) == [
        ("a", "h")
    ]


# --- refusals ------------------------------------------------------------------------------------------------------


INSTANCE = ({"a": ["h", "k"], "b": ["k"]}, {"h": ["a"], "k": ["b", "a"]}, {"h": 1, "k": 2})


def changed(cadres=None, communities=None, capacities=None):
    cadre_prefs, community_prefs, caps = INSTANCE
    return {**cadre_prefs, **(cadres or {})}, {**community_prefs, **(communities or {})}, {**caps, **(capacities or {})}


REFUSALS = [
    (changed(cadres={7: ["h"]}), "cadres[2].id: the id must be a string, not 7."),
    (changed(communities={None: []}), "communities[2].id: the id must be a string, not null."),
    (changed(capacities={"k": -1}), "communities[1].capacity: the capacity must not be negative."),
    (changed(capacities={"k": True}), "communities[1].capacity: the capacity must be a whole number, not true."),
    (changed(capacities={"k": 1.0}), "communities[1].capacity: the capacity must be a whole number, not 1.0."),
    (changed(capacities={"k": "2"}), 'communities[1].capacity: the capacity must be a whole number, not "2".'),
    (changed(capacities={"z": 1}), 'A capacity is given for "z", which is not among the communities.'),
    ((INSTANCE[0], INSTANCE[1], {"h": 1}), 'communities[1]: community "k" has no capacity.'),
    (changed(cadres={"b": "k"}), 'cadres[1].prefs must be a list of ids, not "k".'),
    (changed(cadres={"b": None}), "cadres[1].prefs must be a list of ids, not null."),
    (changed(cadres={"b": {"k": 1}}), "cadres[1].prefs must be a list of ids, not an object."),
    (changed(cadres={"b": ["k", 3]}), "cadres[1].prefs[1]: the id must be a string, not 3."),
    (changed(cadres={"b": ["k", ["h"]]}), "cadres[1].prefs[1]: the id must be a string, not a list."),
    (changed(cadres={"b": ["k", "h", "k"]}), 'cadres[1].prefs[2]: "k" is already listed at cadres[1].prefs[0].'),
    (changed(communities={"k": ["a", "b", "a"]}),
     'communities[1].prefs[2]: "a" is already listed at communities[1].prefs[0].'),
    (changed(cadres={"a": ["h", "z"]}),
     'cadres[0].prefs[1]: cadre "a" lists community "z", which is not among the communities.'),
    (changed(communities={"h": ["a", "x"]}),
     'communities[0].prefs[1]: community "h" lists cadre "x", which is not among the cadres.'),
    (changed(communities={"h": ["h"]}),
     'communities[0].prefs[0]: community "h" lists cadre "h", which is not among the cadres.'),
]


@pytest.mark.parametrize("instance, message", REFUSALS, ids=[case[1][:60] for case in REFUSALS])
def test_a_malformed_instance_is_refused_by_name(instance, message):
    for refuse in (lambda: stable_match(*instance, optimal="cadre"), lambda: blocking_pairs(*instance, {})):
        with pytest.raises(StableInputError) as refused:
            refuse()
        assert str(refused.value) == message
        assert refused.value.template % refused.value.params == message and isinstance(refused.value, ValueError)


@pytest.mark.parametrize("optimal", ["cadres", None, "", "Cadre", ["cadre"]])
def test_optimal_must_name_a_side(optimal):
    with pytest.raises(StableInputError, match=r'^"optimal" must be "cadre" or "community", not '):
        stable_match(*INSTANCE, optimal=optimal)


def test_repeated_and_non_string_ids_are_refused_by_position():
    check_ids(["a", "b"], "cadres")
    with pytest.raises(StableInputError, match=r'^cadres\[2\]\.id: the id "a" is already used by cadres\[0\]\.$'):
        check_ids(["a", "b", "a"], "cadres")
    with pytest.raises(StableInputError, match=r"^communities\[1\]\.id: the id must be a string, not 1\.$"):
        check_ids(["a", 1], "communities")


@pytest.mark.parametrize("pairs, message", [
    ({"z": "h"}, 'The placement names cadre "z", which is not among the cadres.'),
    ({"a": "z"}, 'The placement puts cadre "a" in community "z", which is not among the communities.'),
    ({"a": None}, 'The placement puts cadre "a" in community null, which is not among the communities.'),
    ({"b": "h"}, 'The placement puts cadre "b" in community "h", but the two do not both list each other.'),
    ({"a": "k", "b": "h"}, 'The placement puts cadre "b" in community "h", but the two do not both list each other.'),
])
def test_a_placement_that_is_not_one_is_refused(pairs, message):
    with pytest.raises(StableInputError) as refused:
        blocking_pairs(*INSTANCE, pairs)
    assert str(refused.value) == message


def test_a_community_filled_past_its_capacity_is_refused():
    with pytest.raises(StableInputError) as refused:
        blocking_pairs(*changed(capacities={"k": 1}), {"a": "k", "b": "k"})
    assert str(refused.value) == 'The placement puts 2 cadres in community "k", more than its capacity of 1.'


def test_the_module_imports_no_django():
    import subprocess
    import sys

    code = "import sys, sanji.cadres.stable; assert not [m for m in sys.modules if m.startswith('django')]"
    assert subprocess.run([sys.executable, "-c", code], timeout=60).returncode == 0


def test_a_large_instance_is_stable_from_both_sides():
    rng = random.Random(6)
    communities = [f"h{j}" for j in range(400)]
    cadre_prefs = {f"c{i}": rng.sample(communities, 30) for i in range(2000)}
    community_prefs = {h: [] for h in communities}
    for cadre, prefs in cadre_prefs.items():
        for community in prefs:
            community_prefs[community].append(cadre)
    for listed in community_prefs.values():
        rng.shuffle(listed)
    capacities = {h: rng.randint(0, 8) for h in communities}
    best = stable_match(cadre_prefs, community_prefs, capacities, optimal="cadre")
    worst = stable_match(cadre_prefs, community_prefs, capacities, optimal="community")
    assert blocking_pairs(cadre_prefs, community_prefs, capacities, best.pairs) == []
    assert blocking_pairs(cadre_prefs, community_prefs, capacities, worst.pairs) == []
    assert best.unmatched == worst.unmatched and Counter(best.pairs.values()) == Counter(worst.pairs.values())
