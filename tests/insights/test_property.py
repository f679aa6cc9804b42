"""Property figures of the dashboard: compounds by mode, consultation coverage, counted votes, filed re-elections.

Community A (仰口路社区) has 仰口路17号院 (7 units, 5 owners, 632.00 m², commercial management) and 仰口路9号院
(7 units, not yet managed), whose committee is re-elected in March. Community B (湛山一路社区) has 湛山一路3号院
(2 units, managed by residents). The period is March 2026 unless a test says otherwise.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils.functional import Promise

from sanji.core import clock
from sanji.core.models import ManagementMode
from sanji.insights.period import Period
from sanji.insights.rates import Rate
from sanji.insights.selectors.property import property_summary
from sanji.property.services.consultations import consultation_close, consultation_open, visit_record
from sanji.property.services.registry import compound_set_mode
from sanji.property.services.votes import vote_transition

from ..factories import fresh
from ..property.helpers import DAY, T0, announced, cast, walk, yard

pytestmark = pytest.mark.django_db

MARCH = Period(dt.date(2026, 3, 1), dt.date(2026, 3, 1))
APRIL = Period(dt.date(2026, 4, 1), dt.date(2026, 4, 1))
JANUARY = Period(dt.date(2026, 1, 1), dt.date(2026, 1, 1))
FEB_20 = T0 - dt.timedelta(days=10)


def in_a(world, period):
    return property_summary(area=world.a, period=period)


@pytest.fixture
def town(world):
    big, nine = yard(world.a, name="仰口路17号院"), yard(world.a, name="仰口路9号院")
    b_yard = yard(world.b, [("1号楼", "101", "60.00", "甲", False), ("1号楼", "102", "70.00", "乙", False)],
                  name="湛山一路3号院")
    with clock.at(T0):
        compound_set_mode(actor=fresh(world.staff_a), compound_id=big.compound.pk, mode="commercial")
        compound_set_mode(actor=fresh(world.staff_b), compound_id=b_yard.compound.pk, mode="self_managed")
    _consultations(world, big, b_yard)
    _votes(world, big, b_yard)
    walk(world, nine, "filed")  # its election is counted on 25 March, and it is filed on 30 March
    return {"big": big, "nine": nine, "b": b_yard}


def _visit(staff, consultation, place, unit, opinion, at):
    with clock.at(at):
        visit_record(actor=fresh(staff), consultation_id=consultation.pk, unit_id=place.units[unit].pk,
                     opinion=opinion)


def _consultations(world, big, b_yard):
    staff = world.staff_a
    with clock.at(FEB_20):
        earlier = consultation_open(actor=fresh(staff), compound_id=big.compound.pk, question="是否同意更换门禁？")
    with clock.at(T0):
        lift = consultation_open(actor=fresh(staff), compound_id=big.compound.pk, question="是否同意加装电梯？")
        other = consultation_open(actor=fresh(world.staff_b), compound_id=b_yard.compound.pk, question="是否同意?")
    _visit(staff, earlier, big, ("1号楼", "101"), "agree", FEB_20 + DAY)  # before the period
    _visit(staff, earlier, big, ("2号楼", "101"), "agree", T0 + 3 * DAY)  # reached on the earlier one
    _visit(staff, earlier, big, ("1号楼", "101"), "disagree", T0 + 3 * DAY)  # reached again
    _visit(staff, lift, big, ("1号楼", "101"), "agree", T0)
    _visit(staff, lift, big, ("1号楼", "102"), "not_home", T0)  # nobody home: not reached
    _visit(staff, lift, big, ("1号楼", "201"), "undecided", T0 + DAY)
    _visit(staff, lift, big, ("1号楼", "201"), "disagree", T0 + 2 * DAY)  # the same household twice
    _visit(staff, lift, big, ("1号楼", "202"), "agree", dt.datetime(2026, 4, 2, 9, tzinfo=T0.tzinfo))  # April
    _visit(world.staff_b, other, b_yard, ("1号楼", "101"), "agree", T0)  # community B
    with clock.at(T0 + 8 * DAY):
        consultation_close(actor=fresh(staff), consultation_id=earlier.pk, note="多数同意")


def _votes(world, big, b_yard):
    staff, owner = world.staff_a, big.owner
    engage = announced(staff, big.compound)  # matter 4, ballot 17-24 March
    cast(staff, engage, {owner("王秀英"): "yes", owner("李建国"): "yes", owner("张桂兰"): "yes",
                         owner("赵志刚"): "no"})
    fund = announced(staff, big.compound, matter=6)  # too few take part
    cast(staff, fund, {owner("王秀英"): "yes", owner("李建国"): "yes"})
    late = announced(staff, big.compound, matter=2)  # counted in April
    cast(staff, late, {owner("王秀英"): "yes"})
    announced(staff, big.compound, matter=9)  # never counted
    in_b = announced(world.staff_b, b_yard.compound)
    cast(world.staff_b, in_b, {b_yard.owner("甲"): "yes", b_yard.owner("乙"): "yes"})
    closed = engage.closes_at + dt.timedelta(hours=1)
    for vote, at, actor in [(engage, closed, staff), (fund, closed + DAY, staff),
                            (late, dt.datetime(2026, 4, 2, 9, tzinfo=T0.tzinfo), staff), (in_b, closed, world.staff_b)]:
        with clock.at(at):
            vote_transition(actor=fresh(actor), vote_id=vote.pk, action="count")


def test_compounds_are_counted_by_mode_with_every_mode_listed(world, town):
    modes = in_a(world, MARCH)["compounds_by_mode"]
    assert [(value, count) for value, _label, count in modes] == [
        ("none", 1), ("commercial", 1), ("self_managed", 0), ("scenic_joint", 0), ("soe_embedded", 0)]
    assert modes[1][1] == ManagementMode.COMMERCIAL.label and isinstance(modes[1][1], Promise)
    street = property_summary(area=world.street, period=MARCH)["compounds_by_mode"]
    assert [count for _value, _label, count in street] == [1, 1, 1, 0, 0]


def test_coverage_counts_each_household_reached_in_the_period_once_over_all_households(world, town):
    summary = in_a(world, MARCH)
    # 17号院 1号楼101 (twice, two consultations), 1号楼201 (twice), 2号楼101; 1号楼102 nobody home; 202 in April
    assert summary["consultation_coverage"] == Rate(3, 14)
    assert (summary["households"], summary["households_reached"]) == (14, 3)
    assert (summary["consultations_opened"], summary["consultations_closed"]) == (1, 1)
    street = property_summary(area=world.street, period=MARCH)
    assert street["consultation_coverage"] == Rate(4, 16)
    assert (street["consultations_opened"], street["consultations_closed"]) == (2, 1)
    assert in_a(world, APRIL)["consultation_coverage"] == Rate(1, 14)
    february = in_a(world, Period(dt.date(2026, 2, 1), dt.date(2026, 2, 1)))
    assert (february["consultation_coverage"], february["consultations_opened"]) == (Rate(1, 14), 1)


def test_votes_counted_in_the_period_carry_the_published_figures(world, town):
    summary = in_a(world, MARCH)
    assert (summary["votes_counted"], summary["votes_passed"]) == (3, 2)
    engage, election, fund = summary["votes"]  # counted on 24 March 10:00, 25 March 9:00 and 10:00
    assert (engage["compound"], engage["community"], engage["matter"], engage["title"]) == (
        "仰口路17号院", "仰口路社区", 4, "选聘物业服务企业")
    assert (engage["rule"], engage["quorum_met"], engage["passed"]) == ("majority", True, True)
    assert [engage[k] for k in ("total_owners", "participating_owners", "yes_owners", "no_owners",
                                "abstain_owners")] == [5, 4, 3, 1, 0]
    assert [engage[k] for k in ("total_area", "participating_area", "yes_area", "no_area", "abstain_area")] == [
        Decimal("632.00"), Decimal("432.00"), Decimal("311.95"), Decimal("120.05"), Decimal("0")]
    assert all(isinstance(engage[k], Decimal) for k in ("total_area", "yes_area"))
    assert (fund["matter"], fund["rule"], fund["quorum_met"], fund["passed"]) == (6, "three_quarters", False, False)
    assert (fund["participating_owners"], fund["participating_area"]) == (2, Decimal("236.45"))
    assert (election["compound"], election["matter"], election["passed"]) == ("仰口路9号院", 3, True)
    assert engage["counted_at"] < election["counted_at"] < fund["counted_at"]


def test_votes_outside_the_area_or_the_period_do_not_count(world, town):
    april = in_a(world, APRIL)
    assert (april["votes_counted"], april["votes_passed"]) == (1, 0)
    assert april["votes"][0]["matter"] == 2 and april["votes"][0]["participating_owners"] == 1
    in_b = property_summary(area=world.b, period=MARCH)
    assert (in_b["votes_counted"], in_b["votes_passed"], in_b["votes"][0]["compound"]) == (1, 1, "湛山一路3号院")
    street = property_summary(area=world.street, period=MARCH)
    assert (street["votes_counted"], street["votes_passed"]) == (4, 3)


def test_reelections_filed_in_the_period(world, town):
    (filed,) = in_a(world, MARCH)["reelections_filed"]
    assert (filed["compound"], filed["initiator"], filed["term_number"]) == ("仰口路9号院", "committee", 2)
    assert filed["filed_at"].date() == dt.date(2026, 3, 30)
    assert in_a(world, MARCH)["reelections_filed_count"] == 1
    assert in_a(world, APRIL)["reelections_filed"] == []
    assert property_summary(area=world.b, period=MARCH)["reelections_filed_count"] == 0


def test_a_quiet_month_has_zero_figures_and_no_rate(world, town):
    summary = in_a(world, JANUARY)
    assert summary["consultation_coverage"] == Rate(0, 14) and summary["consultation_coverage"].percent() == 0
    assert (summary["votes"], summary["votes_counted"], summary["votes_passed"]) == ([], 0, 0)
    assert (summary["consultations_opened"], summary["reelections_filed"]) == (0, [])
    assert property_summary(area=world.district, period=MARCH)["households"] == 16


def test_an_area_without_compounds(world):
    summary = property_summary(area=world.b, period=MARCH)
    assert summary["consultation_coverage"] == Rate(0, 0) and summary["consultation_coverage"].percent() is None
    assert [count for _value, _label, count in summary["compounds_by_mode"]] == [0, 0, 0, 0, 0]


def test_the_summary_takes_six_queries(world, town, django_assert_num_queries):
    with django_assert_num_queries(6):
        property_summary(area=world.street, period=MARCH)
