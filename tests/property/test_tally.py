"""Owners' votes under Civil Code art. 278: the counting rules, the refusals, and the thresholds at their bounds."""

from collections import defaultdict
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from sanji.core.cli_io import InputRefused
from sanji.property.tally import (
    DEVELOPER,
    MAJORITY,
    THREE_QUARTERS,
    Ballot,
    Check,
    TallyRefused,
    Unit,
    owners_of,
    rule_for,
    tally,
)

# Every example of a bound test sits exactly on its bound, so 100 of them say as much as more would.
AT_BOUNDS = hypothesis_settings(max_examples=100, deadline=None, database=None)
RANDOM = hypothesis_settings(max_examples=200, deadline=None, database=None)
STEP = Decimal("0.0001")  # the smallest area step the input allows
MAJORITY_MATTERS = (1, 2, 3, 4, 5, 9)
THREE_QUARTER_MATTERS = (6, 7, 8)


def cents(amount: int) -> Decimal:
    return Decimal(amount).scaleb(-2)


def check(counted, name: str) -> Check:
    return next(item for item in counted.checks if item.name == name)


def units_of(*holdings) -> list[Unit]:
    """Return units from ``(owner, area)`` or ``(owner, area, developer)`` tuples, ids numbered in order."""
    return [Unit(f"u{i}", Decimal(area), owner, *developer) for i, (owner, area, *developer) in enumerate(holdings)]


def ballots_of(**choices) -> list[Ballot]:
    return [Ballot(owner, choice) for owner, choice in choices.items()]


# --- the rules -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("matter, rule", [(1, MAJORITY), (2, MAJORITY), (3, MAJORITY), (4, MAJORITY),
                                          (5, MAJORITY), (6, THREE_QUARTERS), (7, THREE_QUARTERS),
                                          (8, THREE_QUARTERS), (9, MAJORITY)])
def test_matters_six_to_eight_need_three_quarters_the_others_a_majority(matter, rule):
    assert rule_for(matter) == rule


@pytest.mark.parametrize("matter", [0, 10, -1, True, False, 1.0, Decimal(1), "1", None])
def test_a_matter_outside_the_nine_items_is_refused(matter):
    with pytest.raises(TallyRefused, match="The matter must be a whole number from 1 to 9"):
        rule_for(matter)


def test_a_refusal_is_an_input_refused_with_a_template_and_params():
    with pytest.raises(InputRefused) as caught:
        tally(1, units_of(("a", "1")), [Ballot("b", "yes")])
    assert isinstance(caught.value, TallyRefused)
    assert caught.value.template == "%(where)s names owner %(owner)s, who owns no unit."
    assert caught.value.params == {"where": "ballots[0]", "owner": '"b"'}
    assert str(caught.value) == 'ballots[0] names owner "b", who owns no unit.'


def test_an_owner_of_several_units_counts_once_with_the_sum_of_their_areas():
    units = units_of(("林", "89.35"), ("林", "100.5"), ("王", "60"))
    assert owners_of(units) == {"林": (Decimal("189.85"), 2), "王": (Decimal("60"), 1)}
    counted = tally(1, units, ballots_of(林="yes"))
    assert (counted.total_owners, counted.participating_owners, counted.yes_owners) == (2, 1, 1)
    assert counted.yes_area == Decimal("189.85") and counted.as_json()["yes_area"] == "189.85"


def test_the_developers_units_count_as_one_owner_whatever_their_names():
    units = units_of(("开发商", "50", True), ("置业公司", "70.25", True), ("开发商", "30", True), ("林", "10"))
    assert owners_of(units) == {DEVELOPER: (Decimal("150.25"), 3), "林": (Decimal("10"), 1)}
    counted = tally(4, units, ballots_of(置业公司="no"))
    assert (counted.total_owners, counted.participating_owners) == (2, 1)
    assert counted.participating_area == counted.no_area == Decimal("150.25")


def test_names_and_ids_are_compared_without_surrounding_whitespace():
    units = units_of(("林 ", "10"), (" 林", "20"), ("王", "5"))
    assert owners_of(units) == {"林": (Decimal("30"), 2), "王": (Decimal("5"), 1)}
    assert tally(1, units, [Ballot("\u3000林\t", "yes")]).yes_area == Decimal("30")
    with pytest.raises(TallyRefused, match=r'units\[1\]: the unit id "a" is already used by units\[0\]'):
        owners_of([Unit("a", Decimal(1), "x"), Unit(" a ", Decimal(1), "y")])


def test_an_abstention_takes_part_in_the_quorum_but_is_not_a_yes():
    units = units_of(("a", "10"), ("b", "10"), ("c", "10"))
    counted = tally(1, units, ballots_of(a="yes", b="abstain"))
    assert counted.quorum_met and (counted.participating_owners, counted.participating_area) == (2, Decimal("20"))
    assert (counted.abstain_owners, counted.abstain_area) == (1, Decimal("10"))
    assert check(counted, "approval_owners").share == Fraction(1, 2) and not counted.passed


def test_the_quorum_includes_its_bound_on_area_and_on_owners():
    units = units_of(("a", "10"), ("b", "10"), ("c", "10"))
    counted = tally(1, units, ballots_of(a="yes", b="yes"))
    assert [check(counted, n).share for n in ("quorum_area", "quorum_owners")] == [Fraction(2, 3)] * 2
    assert counted.quorum_met and counted.passed


def test_without_a_quorum_nothing_passes_even_unanimously():
    counted = tally(1, units_of(("a", "10"), ("b", "10"), ("c", "10.01")), ballots_of(a="yes", b="yes"))
    assert check(counted, "quorum_owners").met and not check(counted, "quorum_area").met
    assert check(counted, "approval_area").met and not counted.quorum_met and not counted.passed


def test_a_majority_is_strictly_more_than_half():
    units = units_of(("a", "10"), ("b", "10"), ("c", "10"), ("d", "10"))
    split = tally(1, units, ballots_of(a="yes", b="yes", c="no", d="abstain"))
    assert check(split, "approval_area").share == Fraction(1, 2) and not split.passed
    more = tally(1, units, ballots_of(a="yes", b="yes", c="yes", d="no"))
    assert more.passed and check(more, "approval_owners").strict


def test_three_quarters_includes_its_bound():
    units = units_of(("a", "10"), ("b", "10"), ("c", "10"), ("d", "10"))
    counted = tally(7, units, ballots_of(a="yes", b="yes", c="yes", d="no"))
    assert counted.rule == THREE_QUARTERS and counted.passed
    assert not check(counted, "approval_area").strict and check(counted, "approval_area").share == Fraction(3, 4)
    assert not tally(7, units, ballots_of(a="yes", b="yes", c="no", d="no")).passed


def test_the_checks_name_their_fractions():
    counted = tally(6, units_of(("a", "30"), ("b", "10")), ballots_of(a="yes"))
    assert [(c.name, c.numerator, c.denominator, c.threshold, c.strict, c.met) for c in counted.checks] == [
        ("quorum_area", Decimal("30"), Decimal("40"), Fraction(2, 3), False, True),
        ("quorum_owners", 1, 2, Fraction(2, 3), False, False),
        ("approval_area", Decimal("30"), Decimal("30"), Fraction(3, 4), False, True),
        ("approval_owners", 1, 1, Fraction(3, 4), False, True),
    ]
    assert Check("x", 0, 0, Fraction(1, 2), True, False).share == 0


def test_no_ballots_means_no_quorum():
    counted = tally(9, units_of(("a", "1")), [])
    assert not counted.quorum_met and not counted.passed
    assert counted.as_json() == {
        "matter": 9, "rule": MAJORITY, "total_area": "1", "total_owners": 1, "participating_area": "0",
        "participating_owners": 0, "yes_area": "0", "yes_owners": 0, "quorum_met": False, "passed": False,
    }


def test_areas_keep_their_precision_and_never_show_an_exponent():
    units = [Unit("a", Decimal("1E+3"), "x"), Unit("b", Decimal("100.00"), "y"), Unit("c", 7, "z")]
    summary = tally(1, units, ballots_of(x="yes", y="yes")).as_json()
    assert (summary["total_area"], summary["participating_area"], summary["yes_area"]) == ("1107.00", "1100.00",
                                                                                           "1100.00")
    assert tally(1, [Unit("a", Decimal("99999999.9999"), "x")], []).as_json()["total_area"] == "99999999.9999"


# --- refusals ----------------------------------------------------------------------------------------------------

A = Unit("a", Decimal("10"), "林")

REFUSED = [
    (1, [], [], "There are no units: a vote needs at least one unit and its owner."),
    (1, [A, Unit("a", Decimal(1), "王")], [], 'units[1]: the unit id "a" is already used by units[0].'),
    (1, [A, Unit(" ", Decimal(1), "王")], [], "units[1]: the unit id is empty."),
    (1, [A, Unit(7, Decimal(1), "王")], [], "units[1]: the unit id must be a string, not 7."),
    (1, [Unit("a\nb", Decimal(1), "王")], [], 'units[0]: the unit id "a\\nb" holds a control character.'),
    (1, [Unit("b", Decimal(1), "")], [], 'units[0] (unit "b"): the owner is empty.'),
    (1, [Unit("b", Decimal(1), None)], [], 'units[0] (unit "b"): the owner must be a string, not null.'),
    (1, [Unit("b", Decimal(1), DEVELOPER)], [], 'units[0] (unit "b"): the owner "\\x00developer" holds a control'),
    (1, [Unit("b", Decimal(1), "王", 1)], [], 'units[0] (unit "b"): "developer" must be true or false, not 1.'),
    (1, [Unit("b", Decimal(0), "王")], [], 'units[0] (unit "b"): the area must be a positive number of m², not 0.'),
    (1, [Unit("b", Decimal("-3.5"), "王")], [], "the area must be a positive number of m², not -3.5."),
    (1, [Unit("b", Decimal("NaN"), "王")], [], "the area must be a positive number of m², not NaN."),
    (1, [Unit("b", Decimal("sNaN"), "王")], [], "the area must be a positive number of m², not sNaN."),
    (1, [Unit("b", Decimal("Infinity"), "王")], [], "the area must be a positive number of m², not Infinity."),
    (1, [Unit("b", Decimal("1.00001"), "王")], [], 'units[0] (unit "b"): the area 1.00001 has more than 4 decimal'),
    (1, [Unit("b", Decimal("1E-5"), "王")], [], "the area 0.00001 has more than 4 decimal places."),
    (1, [Unit("b", Decimal("100000000"), "王")], [], "the area 100000000 is too large; it must be below 100000000 m²."),
    (1, [Unit("b", 10**5000, "王")], [], "is too large; it must be below 100000000 m²."),
    (1, [Unit("b", 1.5, "王")], [], 'units[0] (unit "b"): the area must be a decimal number of m², not 1.5.'),
    (1, [Unit("b", "1.5", "王")], [], 'the area must be a decimal number of m², not "1.5".'),
    (1, [Unit("b", True, "王")], [], "the area must be a decimal number of m², not true."),
    (1, [A, Unit("b", Decimal(1), "林", True)], [],
     'units[1] (unit "b"): owner "林" is named on developer and non-developer units (see units[0]);'),
    (1, [Unit("b", Decimal(1), "林", True), A], [],
     'units[1] (unit "a"): owner "林" is named on developer and non-developer units (see units[0]);'),
    (1, [A], [Ballot("林", "yes"), Ballot("王", "no")], 'ballots[1] names owner "王", who owns no unit.'),
    (1, [A], [Ballot(3, "yes")], "ballots[0]: the owner must be a string, not 3."),
    (1, [A], [Ballot("林", "yes"), Ballot(" 林", "no")], 'ballots[1]: owner "林" already voted in ballots[0].'),
    (1, [A, Unit("b", Decimal(1), "甲", True), Unit("c", Decimal(1), "乙", True)],
     [Ballot("甲", "yes"), Ballot("林", "no"), Ballot("乙", "yes")],
     'ballots[2]: "乙" holds developer units, and the developer already voted in ballots[0] as "甲";'),
    (1, [A, Unit("b", Decimal(1), "甲", True)], [Ballot("甲", "no"), Ballot("甲", "no")],
     'ballots[1]: owner "甲" already voted in ballots[0].'),
    (1, [A], [Ballot("林", "maybe")],
     'ballots[0] (owner "林"): the choice must be "yes", "no" or "abstain", not "maybe".'),
    (1, [A], [Ballot("林", "Yes")], 'not "Yes".'),
    (1, [A], [Ballot("林", None)], 'the choice must be "yes", "no" or "abstain", not null.'),
    (1, [A], [Ballot("林", ["yes"])], 'the choice must be "yes", "no" or "abstain", not a list.'),
    (0, [A], [], "The matter must be a whole number from 1 to 9 (an item of Civil Code art. 278), not 0."),
    (True, [A], [], "The matter must be a whole number from 1 to 9 (an item of Civil Code art. 278), not true."),
    ("6", [A], [], 'The matter must be a whole number from 1 to 9 (an item of Civil Code art. 278), not "6".'),
    (10**5000, [A], [], "The matter must be a whole number from 1 to 9"),
]


@pytest.mark.parametrize("matter, units, ballots, message", REFUSED, ids=[case[-1][:50] for case in REFUSED])
def test_each_refusal_names_the_problem_and_where_it_is(matter, units, ballots, message):
    with pytest.raises(TallyRefused) as caught:
        tally(matter, units, ballots)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)
    assert str(caught.value) == caught.value.template % caught.value.params


def test_the_developer_may_vote_under_any_of_its_names_once():
    units = [A, Unit("b", Decimal(30), "甲", True), Unit("c", Decimal(1), "乙", True)]
    for name in ("甲", "乙"):
        counted = tally(1, units, [Ballot(name, "yes")])
        assert counted.yes_owners == 1 and counted.yes_area == Decimal(31)


# --- the thresholds at their exact bounds (hypothesis) ------------------------------------------------------------


def split(data, total: int, parts: int) -> list[int]:
    """Draw ``parts`` positive whole numbers that sum to ``total``."""
    if parts == 1:
        return [total]
    cuts = data.draw(st.lists(st.integers(1, total - 1), min_size=parts - 1, max_size=parts - 1, unique=True))
    bounds = [0, *sorted(cuts), total]
    return [high - low for low, high in zip(bounds, bounds[1:], strict=False)]


def group(data, prefix: str, owners: int, area_cents: int, choices) -> tuple[list[Unit], list[Ballot]]:
    """Draw ``owners`` owners holding ``area_cents`` together in one to three units each, voting from ``choices``.

    ``choices`` is a strategy for a choice, or ``None`` for owners who do not vote. Few draws, so examples are quick.
    """
    extra = data.draw(st.integers(0, min(2 * owners, area_cents - owners)))
    pieces = split(data, area_cents, owners + extra)
    holders = [*range(owners), *data.draw(st.lists(st.integers(0, owners - 1), min_size=extra, max_size=extra))]
    units = [Unit(f"{prefix}-u{i}", cents(piece), f"{prefix}{holder}")
             for i, (piece, holder) in enumerate(zip(pieces, holders, strict=True))]
    if choices is None:
        return units, []
    votes = data.draw(st.lists(choices, min_size=owners, max_size=owners))
    return units, [Ballot(f"{prefix}{holder}", choice) for holder, choice in enumerate(votes)]


ANY_CHOICE = st.sampled_from(["yes", "no", "abstain"])
NOT_YES = st.sampled_from(["no", "abstain"])
YES = st.just("yes")


def nudged(units: list[Unit], owner_prefix: str, step: Decimal) -> list[Unit]:
    """Return ``units`` with ``step`` added to the area of the first unit of an owner named ``owner_prefix``..."""
    position = next(i for i, unit in enumerate(units) if unit.owner.startswith(owner_prefix))
    unit = units[position]
    return [*units[:position], Unit(unit.id, unit.area + step, unit.owner), *units[position + 1:]]


@AT_BOUNDS
@given(data=st.data())
def test_a_quorum_of_exactly_two_thirds_of_the_area_is_met_and_one_step_below_is_not(data):
    scale = data.draw(st.integers(15, 100_000), label="a third of the area, in cents")
    absent = data.draw(st.integers(1, 4))
    present = data.draw(st.integers(2 * absent, 2 * absent + 6))  # owners' quorum met, not at stake
    voters, ballots = group(data, "v", present, 2 * scale, ANY_CHOICE)
    others, _ = group(data, "n", absent, scale, None)
    units = voters + others
    counted = tally(data.draw(st.integers(1, 9)), units, ballots)
    assert check(counted, "quorum_area").share == Fraction(2, 3) and check(counted, "quorum_owners").met
    assert counted.quorum_met
    below = nudged(units, "v", -STEP) if data.draw(st.booleans()) else nudged(units, "n", STEP)
    short = tally(counted.matter, below, ballots)
    assert check(short, "quorum_area").share < Fraction(2, 3) and not short.quorum_met and not short.passed


@AT_BOUNDS
@given(data=st.data())
def test_a_quorum_of_exactly_two_thirds_of_the_owners_is_met_and_one_owner_fewer_is_not(data):
    third = data.draw(st.integers(1, 5))
    scale = data.draw(st.integers(20, 100_000))
    voters, ballots = group(data, "v", 2 * third, 9 * scale, ANY_CHOICE)  # area's quorum met, not at stake
    others, _ = group(data, "n", third, scale, None)
    counted = tally(data.draw(st.integers(1, 9)), voters + others, ballots)
    assert check(counted, "quorum_owners").share == Fraction(2, 3) and counted.quorum_met
    short = tally(counted.matter, [*voters, *others, Unit("late", STEP, "late")], ballots)
    assert check(short, "quorum_area").met and not check(short, "quorum_owners").met and not short.quorum_met


@AT_BOUNDS
@given(data=st.data())
def test_yes_holding_exactly_half_the_area_fails_a_majority_and_one_step_more_passes(data):
    scale = data.draw(st.integers(10, 100_000))
    others_count = data.draw(st.integers(1, 4))
    yes_count = data.draw(st.integers(others_count + 1, others_count + 6))  # owners' majority met
    yes, yes_ballots = group(data, "y", yes_count, scale, YES)
    others, other_ballots = group(data, "o", others_count, scale, NOT_YES)
    ballots = data.draw(st.permutations(yes_ballots + other_ballots))
    matter = data.draw(st.sampled_from(MAJORITY_MATTERS))
    counted = tally(matter, yes + others, ballots)
    assert counted.quorum_met and check(counted, "approval_owners").met
    assert check(counted, "approval_area").share == Fraction(1, 2) and not counted.passed
    more = tally(matter, nudged(yes + others, "y", STEP), ballots)
    assert check(more, "approval_area").share > Fraction(1, 2) and more.passed


@AT_BOUNDS
@given(data=st.data())
def test_yes_from_exactly_half_the_owners_fails_a_majority_and_one_more_owner_passes(data):
    half = data.draw(st.integers(1, 5))
    scale = data.draw(st.integers(10, 100_000))
    yes, yes_ballots = group(data, "y", half, 3 * scale, YES)  # area's majority met
    others, other_ballots = group(data, "o", half, scale, NOT_YES)
    matter = data.draw(st.sampled_from(MAJORITY_MATTERS))
    counted = tally(matter, yes + others, yes_ballots + other_ballots)
    assert counted.quorum_met and check(counted, "approval_area").met
    assert check(counted, "approval_owners").share == Fraction(1, 2) and not counted.passed
    more = tally(matter, [*yes, *others, Unit("late", STEP, "late")],
                 [*yes_ballots, *other_ballots, Ballot("late", "yes")])
    assert check(more, "approval_owners").share > Fraction(1, 2) and more.passed


@AT_BOUNDS
@given(data=st.data())
def test_yes_holding_exactly_three_quarters_of_the_area_passes_and_one_step_less_fails(data):
    scale = data.draw(st.integers(10, 100_000))
    others_count = data.draw(st.integers(1, 3))
    yes_count = data.draw(st.integers(3 * others_count, 3 * others_count + 5))  # owners' three quarters met
    yes, yes_ballots = group(data, "y", yes_count, 3 * scale, YES)
    others, other_ballots = group(data, "o", others_count, scale, NOT_YES)
    matter = data.draw(st.sampled_from(THREE_QUARTER_MATTERS))
    counted = tally(matter, yes + others, other_ballots + yes_ballots)
    assert counted.quorum_met and check(counted, "approval_owners").met
    assert check(counted, "approval_area").share == Fraction(3, 4) and counted.passed
    less = tally(matter, nudged(yes + others, "y", -STEP), other_ballots + yes_ballots)
    assert check(less, "approval_area").share < Fraction(3, 4) and not less.passed


@AT_BOUNDS
@given(data=st.data())
def test_yes_from_exactly_three_quarters_of_the_owners_passes_and_one_more_other_owner_fails(data):
    quarter = data.draw(st.integers(1, 3))
    scale = data.draw(st.integers(10, 100_000))
    yes, yes_ballots = group(data, "y", 3 * quarter, 9 * scale, YES)  # area's three quarters met
    others, other_ballots = group(data, "o", quarter, scale, NOT_YES)
    matter = data.draw(st.sampled_from(THREE_QUARTER_MATTERS))
    counted = tally(matter, yes + others, yes_ballots + other_ballots)
    assert counted.quorum_met and check(counted, "approval_area").met
    assert check(counted, "approval_owners").share == Fraction(3, 4) and counted.passed
    less = tally(matter, [*yes, *others, Unit("late", STEP, "late")],
                 [*yes_ballots, *other_ballots, Ballot("late", data.draw(NOT_YES))])
    assert check(less, "approval_owners").share < Fraction(3, 4) and not less.passed


# --- random electorates against a reference count (hypothesis) -----------------------------------------------------

DEVELOPER_NAMES = ("开发商", "置业公司", "Developer Ltd")


@st.composite
def electorates(draw):
    """Draw a matter, units (owners with several units, developer units under several names) and ballots."""
    area = st.one_of(st.integers(1, 5_000_000), st.sampled_from([100, 200, 300, 400]))
    units = []
    owners = draw(st.integers(1, 8))
    for number in range(owners):
        for piece in range(draw(st.integers(1, 3))):
            units.append(Unit(f"{number}-{piece}", cents(draw(area)), f"owner {number}"))
    developer_names = draw(st.lists(st.sampled_from(DEVELOPER_NAMES), max_size=4))
    units += [Unit(f"d-{i}", cents(draw(area)), name, True) for i, name in enumerate(developer_names)]
    voters = [f"owner {number}" for number in range(owners)]
    if developer_names:
        voters.append(draw(st.sampled_from(developer_names)))
    ballots = []
    for name in voters:
        choice = draw(st.sampled_from([None, "yes", "no", "abstain"]))
        if choice is not None:
            ballots.append(Ballot(name, choice))
    return draw(st.integers(1, 9)), draw(st.permutations(units)), draw(st.permutations(ballots))


def reference(matter, units, ballots) -> dict:
    """Count the vote again from the article's words, with fractions and cross-multiplication."""
    area, key_of = defaultdict(Fraction), {}
    for unit in units:
        key_of[unit.owner] = key = "the developer" if unit.developer else ("owner", unit.owner)
        area[key] += Fraction(unit.area)
    votes = {key_of[ballot.owner]: ballot.choice for ballot in ballots}
    total, taking_part = sum(area.values()), sum(area[key] for key in votes)
    yes = [key for key, choice in votes.items() if choice == "yes"]
    yes_area = sum(area[key] for key in yes)
    quorum = 3 * taking_part >= 2 * total and 3 * len(votes) >= 2 * len(area)
    if matter in (6, 7, 8):
        approved = 4 * yes_area >= 3 * taking_part and 4 * len(yes) >= 3 * len(votes)
    else:
        approved = 2 * yes_area > taking_part and 2 * len(yes) > len(votes)
    return {"total_area": total, "total_owners": len(area), "participating_area": taking_part,
            "participating_owners": len(votes), "yes_area": yes_area, "yes_owners": len(yes),
            "quorum_met": quorum, "passed": quorum and approved}


@RANDOM
@given(electorates())
def test_the_count_agrees_with_a_reference_count(electorate):
    counted = tally(*electorate)
    found = {key: Fraction(value) if key.endswith("_area") else value
             for key, value in counted.as_json().items() if key not in ("matter", "rule")}
    assert found == reference(*electorate)
    assert counted.participating_area == counted.yes_area + counted.no_area + counted.abstain_area
    assert counted.participating_owners == counted.yes_owners + counted.no_owners + counted.abstain_owners


@RANDOM
@given(electorates(), st.data())
def test_a_yes_from_an_owner_who_did_not_vote_never_undoes_a_pass(electorate, data):
    matter, units, ballots = electorate
    voted = {owners_of_name(units, ballot.owner) for ballot in ballots}
    silent = sorted({unit.owner for unit in units if owners_of_name(units, unit.owner) not in voted})
    if not silent:
        return
    late = Ballot(data.draw(st.sampled_from(silent)), "yes")
    before, after = tally(matter, units, ballots), tally(matter, units, [*ballots, late])
    assert after.passed or not before.passed
    assert after.quorum_met or not before.quorum_met


def owners_of_name(units, name: str) -> str:
    return DEVELOPER if any(unit.developer and unit.owner == name for unit in units) else name


@RANDOM
@given(electorates())
def test_developer_units_count_once_together(electorate):
    matter, units, ballots = electorate
    developer_units = [unit for unit in units if unit.developer]
    owners = owners_of(units)
    plain = {unit.owner for unit in units if not unit.developer}
    assert len(owners) == len(plain) + bool(developer_units)
    if developer_units:
        assert owners[DEVELOPER] == (sum(unit.area for unit in developer_units), len(developer_units))
    assert tally(matter, units, ballots).total_owners == len(owners)


@RANDOM
@given(electorates(), st.data())
def test_the_count_does_not_depend_on_the_order_of_units_or_ballots(electorate, data):
    matter, units, ballots = electorate
    again = tally(matter, data.draw(st.permutations(units)), data.draw(st.permutations(ballots)))
    counted = tally(matter, units, ballots)
    assert again == counted and again.as_json() == counted.as_json()
