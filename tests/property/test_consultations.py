"""Door-to-door consultation: opening one, recording visits, the live coverage and who is still to be visited."""

from fractions import Fraction

import pytest

from sanji.core import clock
from sanji.core.errors import IllegalTransition, InvalidInput, NotFound
from sanji.core.models import Compound
from sanji.property.models import Consultation, Visit
from sanji.property.selectors import consultation_coverage, households_by_building, unvisited_by_building
from sanji.property.selectors.registry import natural_key
from sanji.property.services.consultations import consultation_close, consultation_open, visit_record

from ..factories import fresh
from .helpers import DAY, T0, yard

ROWS = [
    ("10号楼", "101", "50", "周一", False),
    ("2号楼", "201", "50", "吴二", False),
    ("2号楼", "1001", "50", "郑三", False),
    ("2号楼", "301", "50", "王四", False),
    ("1号楼", "101", "50", "冯五", False),
]


@pytest.fixture
def place(world):
    return yard(world.a, ROWS)


@pytest.fixture
def consultation(world, place):
    with clock.at(T0):
        return consultation_open(actor=fresh(world.staff_a), compound_id=place.compound.pk,
                                 question="是否同意加装电梯？", details="费用按楼层分摊")


def visit(world, consultation, place, unit, opinion, *, at=T0, actor=None, **kw):
    with clock.at(at):
        return visit_record(actor=fresh(actor or world.staff_a), consultation_id=consultation.pk,
                            unit_id=place.units[unit].pk, opinion=opinion, **kw)


def test_a_consultation_is_opened_on_a_compound_with_households(world, consultation, place):
    assert (consultation.state, consultation.opened_by, consultation.opened_at) == ("open", world.staff_a, T0)
    coverage = consultation_coverage(consultation)
    assert (coverage.households, coverage.reached, coverage.attempts, coverage.share) == (5, 0, 0, 0)
    assert coverage.split == {"agree": 0, "disagree": 0, "undecided": 0}


def test_a_compound_without_units_cannot_be_consulted(world):
    empty = Compound.objects.create(name="空院", community=world.a)
    with pytest.raises(InvalidInput):
        consultation_open(actor=world.staff_a, compound_id=empty.pk, question="加装电梯？")
    with pytest.raises(InvalidInput) as refused:
        consultation_open(actor=world.staff_a, compound_id=empty.pk, question="  ")
    assert refused.value.extra["field"] == "question" and not Consultation.objects.exists()


def test_a_compound_out_of_scope_reads_as_missing(world, place):
    for user in (world.staff_b, world.resident_a, world.outsider):
        with pytest.raises(NotFound):
            consultation_open(actor=user, compound_id=place.compound.pk, question="加装电梯？")


def test_visits_give_the_coverage_and_the_split(world, consultation, place):
    visit(world, consultation, place, ("10号楼", "101"), "agree")
    visit(world, consultation, place, ("2号楼", "201"), "disagree", remarks="住一楼，不需要")
    visit(world, consultation, place, ("2号楼", "1001"), "agree")
    visit(world, consultation, place, ("2号楼", "301"), "not_home")
    coverage = consultation_coverage(consultation)
    assert (coverage.households, coverage.reached, coverage.attempts) == (5, 3, 4)
    assert coverage.split == {"agree": 2, "disagree": 1, "undecided": 0}
    assert coverage.share == Fraction(3, 5) and coverage.opinion_share("agree") == Fraction(2, 3)
    assert coverage.opinion_share("undecided") == 0


def test_nobody_home_keeps_the_household_on_the_list(world, consultation, place):
    visit(world, consultation, place, ("2号楼", "301"), "not_home")
    visit(world, consultation, place, ("2号楼", "301"), "not_home", at=T0 + DAY)
    coverage = consultation_coverage(consultation)
    assert (coverage.reached, coverage.attempts) == (0, 2)
    still = {u.number: u.tries for group in unvisited_by_building(consultation) for u in group.units
             if group.building == "2号楼"}
    assert still == {"201": 0, "301": 2, "1001": 0}


def test_a_later_visit_overrides_an_earlier_opinion(world, consultation, place):
    unit = ("1号楼", "101")
    visit(world, consultation, place, unit, "undecided")
    visit(world, consultation, place, unit, "agree", at=T0 + DAY)
    assert consultation_coverage(consultation).split == {"agree": 1, "disagree": 0, "undecided": 0}
    visit(world, consultation, place, unit, "not_home", at=T0 + 2 * DAY)  # a later knock that found nobody
    coverage = consultation_coverage(consultation)
    assert (coverage.reached, coverage.attempts, coverage.split["agree"]) == (1, 3, 1)
    assert Visit.objects.filter(consultation=consultation).count() == 3  # every knock is kept


def test_the_order_of_recording_is_not_the_order_of_visiting(world, consultation, place):
    unit = ("1号楼", "101")
    visit(world, consultation, place, unit, "disagree", at=T0 + 2 * DAY)
    visit(world, consultation, place, unit, "agree", at=T0 + DAY)
    assert consultation_coverage(consultation).split["disagree"] == 1


def test_a_visit_sent_twice_is_recorded_once(world, consultation, place):
    first = visit(world, consultation, place, ("1号楼", "101"), "agree", client_key="phone-7:42")
    again = visit(world, consultation, place, ("1号楼", "101"), "agree", client_key="phone-7:42", at=T0 + DAY)
    other = visit(world, consultation, place, ("1号楼", "101"), "agree", client_key="phone-7:43")
    assert again == first and other != first
    assert Visit.objects.filter(consultation=consultation).count() == 2
    with pytest.raises(InvalidInput) as refused:
        visit(world, consultation, place, ("1号楼", "101"), "agree", client_key="k" * 65)
    assert refused.value.extra["field"] == "client_key"


def test_the_same_key_in_another_consultation_is_another_visit(world, consultation, place):
    with clock.at(T0):
        second = consultation_open(actor=world.staff_a, compound_id=place.compound.pk, question="是否同意停车收费？")
    visit(world, consultation, place, ("1号楼", "101"), "agree", client_key="k1")
    visit(world, second, place, ("1号楼", "101"), "disagree", client_key="k1")
    assert consultation_coverage(second).split["disagree"] == 1


def test_an_unknown_opinion_is_refused(world, consultation, place):
    for opinion in ("yes", "", None, "AGREE"):
        with pytest.raises(InvalidInput) as refused:
            visit(world, consultation, place, ("1号楼", "101"), opinion)
        assert refused.value.extra["field"] == "opinion"
    assert not Visit.objects.exists()


def test_only_households_of_the_compound_are_visited(world, consultation, place):
    other = yard(world.a, [("1号楼", "101", "50", "外院", False)], name="仰口路19号院")
    for unit_id in (other.units[("1号楼", "101")].pk, 987654, "x", None):
        with pytest.raises(InvalidInput) as refused:
            visit_record(actor=world.staff_a, consultation_id=consultation.pk, unit_id=unit_id, opinion="agree")
        assert refused.value.extra["field"] == "unit"
    assert not Visit.objects.exists()


def test_visits_out_of_scope_read_as_missing(world, consultation, place):
    for user in (world.staff_b, world.resident_a, world.member_a):
        with pytest.raises(NotFound):
            visit(world, consultation, place, ("1号楼", "101"), "agree", actor=user)
    assert visit(world, consultation, place, ("1号楼", "101"), "agree", actor=world.street_officer).visited_by == (
        world.street_officer)


def test_the_unvisited_are_grouped_by_building_in_natural_order(world, consultation, place):
    visit(world, consultation, place, ("2号楼", "201"), "agree")
    groups = unvisited_by_building(consultation)
    assert [(g.building, [u.number for u in g.units]) for g in groups] == [
        ("1号楼", ["101"]), ("2号楼", ["301", "1001"]), ("10号楼", ["101"])]
    assert groups[0].units[0].owner.name == "冯五"
    everyone = households_by_building(consultation)
    assert [(b, [(u.number, u.opinion) for u in units]) for b, units in everyone] == [
        ("1号楼", [("101", None)]), ("2号楼", [("201", "agree"), ("301", None), ("1001", None)]),
        ("10号楼", [("101", None)])]


@pytest.mark.parametrize("names", [
    ["1号楼", "2号楼", "10号楼", "A座"],
    ["1单元101", "1单元1001", "2单元101"],
    ["１号楼", "2号楼", "１０号楼"],  # full-width digits are digits too
    ["1²2号楼", "2号楼", "²号楼"],  # a superscript is not a digit: sorted as text, never an error
])
def test_natural_order(names):
    assert sorted(reversed(names), key=natural_key) == names


def test_a_closed_consultation_keeps_its_figures_and_takes_no_visit(world, consultation, place):
    visit(world, consultation, place, ("1号楼", "101"), "agree", client_key="k1")
    with clock.at(T0 + 3 * DAY):
        closed = consultation_close(actor=world.staff_a, consultation_id=consultation.pk, note="多数同意，报街道")
    assert (closed.state, closed.closed_at, closed.closing_note) == ("closed", T0 + 3 * DAY, "多数同意，报街道")
    with pytest.raises(IllegalTransition):
        visit(world, consultation, place, ("2号楼", "201"), "agree")
    # a retry of a visit recorded before the close still answers with that visit
    assert visit(world, consultation, place, ("1号楼", "101"), "agree", client_key="k1").opinion == "agree"
    with pytest.raises(IllegalTransition):
        consultation_close(actor=world.staff_a, consultation_id=consultation.pk)
    assert consultation_coverage(consultation).reached == 1


def test_a_consultation_out_of_scope_cannot_be_closed(world, consultation):
    with pytest.raises(NotFound):
        consultation_close(actor=world.staff_b, consultation_id=consultation.pk)
    consultation.refresh_from_db()
    assert consultation.state == "open"
