"""Missed re-election deadlines are flagged to the street once: the start, and each step of one under way."""

import datetime as dt

import pytest

from sanji.core import clock
from sanji.core.models import Role, RoleGrant
from sanji.notices.models import Notice
from sanji.property.models import ReelectionEvent
from sanji.property.services.flags import reelections_flag_missed
from sanji.property.services.reelections import objection_raise, reelection_start
from sanji.property.tasks import flag_missed

from ..factories import area, staff
from .helpers import ANNOUNCE_AT, LARGER, SHANGHAI, T0, committee, walk, yard

pytestmark = pytest.mark.django_db


@pytest.fixture
def place(world):
    return yard(world.a, LARGER)


def run(day: dt.date, hour: int = 2):
    with clock.at(dt.datetime.combine(day, dt.time(hour), tzinfo=SHANGHAI)):
        return reelections_flag_missed()


def told(kind: str) -> set:
    return set(Notice.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def flagged(reelection) -> list:
    return list(ReelectionEvent.objects.filter(reelection=reelection, kind="deadline_missed")
                .values_list("params__deadline", "params__due"))


# -- a committee that has not started --------------------------------------------------------------------------

def test_a_committee_not_started_in_time_is_flagged_to_the_street_once(world, place):
    committee(world.staff_a, place)
    report = run(dt.date(2026, 4, 2), hour=23)  # the last day the committee may start: not yet missed
    assert (report.not_started, report.missed) == (0, 0) and not Notice.objects.exists()
    report = run(dt.date(2026, 4, 3))
    assert (report.not_started, report.missed) == (1, 0)
    assert told("reelection_not_started") == {"street"}
    notice = Notice.objects.get(kind="reelection_not_started", channel="inbox")
    assert notice.params == {"compound": "仰口路17号院", "due": "2026-04-02", "ends": "2026-06-01"}
    count = Notice.objects.count()
    report = run(dt.date(2026, 4, 4))
    assert (report.not_started, report.missed) == (0, 0) and Notice.objects.count() == count


def test_a_committee_that_started_in_time_is_not_flagged(world, place):
    committee(world.staff_a, place)
    with clock.at(T0):
        reelection_start(actor=world.staff_a, compound_id=place.compound.pk, term_years=5)
    assert run(dt.date(2026, 4, 10)).not_started == 0 and not Notice.objects.exists()


def test_each_compound_is_flagged_on_its_own(world, place):
    committee(world.staff_a, place)
    other = yard(world.b, LARGER, name="湛山一路3号院")
    committee(world.staff_b, other, starts=dt.date(2021, 7, 1), ends=dt.date(2026, 7, 1))
    assert run(dt.date(2026, 4, 3)).not_started == 1
    assert run(dt.date(2026, 5, 3)).not_started == 1
    assert Notice.objects.filter(kind="reelection_not_started", channel="inbox").count() == 2


# -- a step of a re-election under way -------------------------------------------------------------------------

def test_a_missed_step_is_flagged_once_with_an_event(world, place):
    reelection = walk(world, place, "elected")  # elected on 2026-03-25: officers due by 2026-03-28
    assert run(dt.date(2026, 3, 28)).missed == 0
    report = run(dt.date(2026, 3, 29))
    assert (report.not_started, report.missed) == (0, 1)
    assert flagged(reelection) == [("officers", "2026-03-28")]
    assert told("reelection_deadline_missed") == {"street"}
    notice = Notice.objects.get(kind="reelection_deadline_missed", channel="inbox")
    assert notice.params == {"compound": "仰口路17号院", "deadline": "officers", "due": "2026-03-28"}
    assert notice.url == f"/property/reelections/{reelection.pk}/"
    assert run(dt.date(2026, 3, 30)).missed == 0
    assert run(dt.date(2026, 4, 5)).missed == 1  # the hand-over, due 2026-04-04, is the next one missed
    assert flagged(reelection) == [("officers", "2026-03-28"), ("handover", "2026-04-04")]
    assert Notice.objects.filter(kind="reelection_deadline_missed", channel="inbox").count() == 2
    event = ReelectionEvent.objects.filter(reelection=reelection, kind="deadline_missed").first()
    assert event.actor is None and event.at == dt.datetime(2026, 3, 29, 2, tzinfo=SHANGHAI)


def test_a_step_done_late_is_not_flagged_again(world, place):
    reelection = walk(world, place, "filed")
    assert run(dt.date(2026, 12, 1)).missed == 0 and not flagged(reelection)


def test_an_objection_left_unanswered_is_flagged(world, place):
    reelection = walk(world, place, "announced")
    with clock.at(ANNOUNCE_AT):
        objection_raise(actor=world.staff_a, reelection_id=reelection.pk, text="候选人资格有疑问", raised_by="陈静")
    assert run(dt.date(2026, 3, 17)).missed == 0
    assert run(dt.date(2026, 3, 18)).missed == 1
    assert flagged(reelection) == [("objections", "2026-03-17")]


def test_a_street_group_started_late_is_not_flagged_as_missing_its_start(world, place):
    committee(world.staff_a, place)
    assert run(dt.date(2026, 4, 3)).not_started == 1
    with clock.at(dt.datetime(2026, 4, 5, 9, tzinfo=SHANGHAI)):
        reelection = reelection_start(actor=world.street_officer, compound_id=place.compound.pk, term_years=5,
                                      by_street=True, group_members="街道、社区党委、居委会、业主代表")
    report = run(dt.date(2026, 4, 6))
    assert (report.not_started, report.missed) == (0, 0) and not flagged(reelection)


# -- who is told ---------------------------------------------------------------------------------------------------

def test_without_street_officers_the_district_admins_are_told(world, place):
    RoleGrant.objects.filter(user=world.street_officer).delete()
    committee(world.staff_a, place)
    run(dt.date(2026, 4, 3))
    assert told("reelection_not_started") == {"district"}


def test_an_inactive_officer_is_not_counted_as_the_streets(world, place):
    world.street_officer.is_active = False
    world.street_officer.save()
    committee(world.staff_a, place)
    run(dt.date(2026, 4, 3))
    assert told("reelection_not_started") == {"district"}


def test_only_the_officers_of_the_compounds_street_are_told(world, place):
    other_street = area("八大关街道", "street", world.district)
    staff(other_street, Role.STREET_OFFICER, username="other-street")
    staff(world.street, Role.STREET_OFFICER, username="street-2")
    reelection = walk(world, place, "elected")
    run(dt.date(2026, 3, 29))
    assert told("reelection_deadline_missed") == {"street", "street-2"}
    assert len(flagged(reelection)) == 1


def test_the_task_returns_how_many_were_flagged(world, place):
    walk(world, place, "elected")
    with clock.at(dt.datetime(2026, 4, 5, 2, tzinfo=SHANGHAI)):
        assert flag_missed() == 2  # officers and hand-over
        assert flag_missed() == 0
