"""Each permission of ``sanji.cadres.rules`` walked over every kind of person, and the time-bound ones over phases.

The placement is 孙嘉怡's (区信访局) in 仰口路社区 (community A); the whistle is blown for community A and names
区信访局 and 区民政局; the call is 区信访局's.
"""

import datetime as dt
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser

from sanji.cadres.models import Placement, Whistle, WhistleCall
from sanji.cadres.services import placements, whistles
from sanji.core import clock
from tests.cadres.helpers import ENDS, STARTS, placed, placement_of
from tests.factories import fresh

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
DURING = dt.date(2026, 4, 1)

ROLES = ["district_admin", "street_officer", "staff_here", "staff_elsewhere", "desk_here", "desk_elsewhere",
         "the_cadre", "another_cadre", "outsider", "anonymous"]



def at(day: dt.date):
    return clock.at(dt.datetime.combine(day, dt.time(10), SHANGHAI))


@dataclass
class Cast:
    people: dict
    placement: Placement
    whistle: Whistle
    call: WhistleCall


@pytest.fixture
def cast(district):
    placed(district)
    w = district.world
    people = {
        "district_admin": w.district_admin, "street_officer": w.street_officer, "staff_here": w.staff_a,
        "staff_elsewhere": w.staff_b, "desk_here": district.desk_petitions, "desk_elsewhere": district.desk_civil,
        "the_cadre": district.cadre_users["孙嘉怡"], "another_cadre": district.cadre_users["周晓雯"],
        "outsider": w.outsider,
    }
    with at(DURING):
        whistle = whistles.whistle_raise(actor=fresh(w.staff_a), community_id=w.a.pk, kind="daily", problem="积水",
                                         agency_ids=[district.petitions.pk, district.civil.pk])
    call = WhistleCall.objects.get(whistle=whistle, agency=district.petitions)
    return Cast(people, placement_of(district, "孙嘉怡"), whistle, call)


def person(cast, role):
    return AnonymousUser() if role == "anonymous" else fresh(cast.people[role])


def allowed(cast, perm, target=None, day=DURING) -> set[str]:
    """Return the roles that hold ``perm`` on ``target`` on ``day``."""
    args = () if target is None else (target,)
    with at(day):
        return {role for role in ROLES if person(cast, role).has_perm(perm, *args)}


# --- the role matrix -------------------------------------------------------------------------------------------------


def test_run_batches(cast):
    assert allowed(cast, "cadres.run_batches") == {"district_admin"}


def test_view_placement(cast):
    assert allowed(cast, "cadres.view_placement", cast.placement) == {
        "district_admin", "street_officer", "staff_here", "desk_here", "the_cadre"}


def test_keep_log(cast):
    assert allowed(cast, "cadres.keep_log", cast.placement) == {"the_cadre"}


def test_give_task(cast):
    assert allowed(cast, "cadres.give_task", cast.placement) == {
        "district_admin", "street_officer", "staff_here", "desk_here"}


def test_evaluate_for_community(cast):
    assert allowed(cast, "cadres.evaluate_for_community", cast.placement) == {
        "district_admin", "street_officer", "staff_here"}


def test_evaluate_for_agency(cast):
    assert allowed(cast, "cadres.evaluate_for_agency", cast.placement) == {"desk_here"}


def test_recall(cast):
    assert allowed(cast, "cadres.recall", cast.placement) == {"district_admin"}
    assert allowed(cast, "cadres.recall") == {"district_admin"}


def test_work_desk(cast):
    assert allowed(cast, "cadres.work_desk") == {"desk_here", "desk_elsewhere"}


def test_act_for_communities(cast):
    assert allowed(cast, "cadres.act_for_communities") == {"district_admin", "street_officer", "staff_here",
                                                          "staff_elsewhere"}


def test_close_whistle(cast):
    assert allowed(cast, "cadres.close_whistle", cast.whistle) == {"district_admin", "street_officer", "staff_here"}


def test_report_to_whistle(cast):
    assert allowed(cast, "cadres.report_to_whistle", cast.call) == {"desk_here"}


def test_a_desk_of_both_agencies_reports_for_each_call(cast, district):
    from sanji.cadres.services import pool

    pool.desk_grant(user=district.desk_civil, agency=district.petitions)
    assert "desk_elsewhere" in allowed(cast, "cadres.report_to_whistle", cast.call)


# --- the phase matrix: what needs the placement running -------------------------------------------------------------


PHASES = {
    "before it starts": STARTS - dt.timedelta(days=1),
    "first day": STARTS,
    "during": DURING,
    "last day": ENDS,
    "after it ends": ENDS + dt.timedelta(days=1),
}
RUNNING = {"first day", "during", "last day"}


@pytest.mark.parametrize("phase", PHASES)
def test_keep_log_only_while_running(cast, phase):
    expected = {"the_cadre"} if phase in RUNNING else set()
    assert allowed(cast, "cadres.keep_log", cast.placement, day=PHASES[phase]) == expected


@pytest.mark.parametrize("phase", PHASES)
def test_give_task_only_while_running(cast, phase):
    expected = {"district_admin", "street_officer", "staff_here", "desk_here"} if phase in RUNNING else set()
    assert allowed(cast, "cadres.give_task", cast.placement, day=PHASES[phase]) == expected


@pytest.mark.parametrize("phase", PHASES)
def test_viewing_and_evaluating_do_not_depend_on_the_phase(cast, phase):
    day = PHASES[phase]
    assert allowed(cast, "cadres.view_placement", cast.placement, day=day) == {
        "district_admin", "street_officer", "staff_here", "desk_here", "the_cadre"}
    assert allowed(cast, "cadres.evaluate_for_community", cast.placement, day=day) == {
        "district_admin", "street_officer", "staff_here"}
    assert allowed(cast, "cadres.evaluate_for_agency", cast.placement, day=day) == {"desk_here"}


def test_a_recall_ends_the_running_phase_after_its_day(cast):
    recall_on = DURING + dt.timedelta(days=7)
    with at(DURING):
        placements.placement_recall(actor=fresh(cast.people["district_admin"]), placement_id=cast.placement.pk,
                                    on=recall_on, reason="工作需要")
    cast.placement.refresh_from_db()
    assert allowed(cast, "cadres.keep_log", cast.placement, day=recall_on) == {"the_cadre"}
    assert allowed(cast, "cadres.keep_log", cast.placement, day=recall_on + dt.timedelta(days=1)) == set()
    assert allowed(cast, "cadres.give_task", cast.placement, day=recall_on + dt.timedelta(days=1)) == set()
    assert "the_cadre" in allowed(cast, "cadres.view_placement", cast.placement, day=recall_on + dt.timedelta(days=1))


# --- asking without an object ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("perm", ["cadres.view_placement", "cadres.give_task", "cadres.close_whistle",
                                  "cadres.report_to_whistle"])
def test_asking_an_object_permission_without_an_object_answers_no(cast, perm):
    with at(DURING):
        assert fresh(cast.people["staff_here"]).has_perm(perm) is False
