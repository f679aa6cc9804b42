"""Whistles: who blows one for a community, the deadline agencies report by, reports, more agencies, close, scope.

孙嘉怡 is placed in 仰口路社区 (community A), 李浩然 in 湛山一路社区 (community B).
区民政局 and 区信访局 have a desk user each.
"""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from sanji.cadres.models import WhistleCall, WhistleEvent, WhistleState
from sanji.cadres.selectors.access import whistles_in_scope
from sanji.cadres.services import pool, whistles
from sanji.core import clock
from sanji.core.errors import Forbidden, IllegalTransition, InvalidInput, NotFound
from sanji.notices.models import Notice
from tests.cadres.helpers import T0, placed, placement_of
from tests.factories import UserFactory, fresh

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
RAISED = dt.datetime(2026, 4, 1, 9, 0, tzinfo=SHANGHAI)  # a morning inside the placements
MINUTE = dt.timedelta(minutes=1)



@pytest.fixture
def town(district):
    placed(district)
    return district


def user_of(district, who):
    if who in district.cadre_users:
        return district.cadre_users[who]
    return getattr(district, who, None) or getattr(district.world, who)


def blow(district, *, who="staff_a", community=None, kind="daily", agencies=None, when=RAISED, **kw):
    agencies = [district.civil, district.petitions] if agencies is None else agencies
    with clock.at(when):
        return whistles.whistle_raise(actor=fresh(user_of(district, who)),
                                      community_id=(community or district.world.a).pk, kind=kind,
                                      problem="八大峡菜市场周边占道经营", agency_ids=[a.pk for a in agencies], **kw)


def report(call, who, when=RAISED + 10 * MINUTE):
    with clock.at(when):
        return whistles.whistle_report(actor=fresh(who), call_id=call.pk, attendees="王科长、李干事",
                                       action="现场清理占道摊位，约定每日巡查")


def call_of(whistle, agency):
    return WhistleCall.objects.get(whistle=whistle, agency=agency)


def field_of(excinfo) -> str:
    return excinfo.value.extra.get("field")


# --- whistle_raise: who ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["staff_a", "street_officer", "district_admin"])
def test_the_community_side_blows_the_whistle(town, who):
    whistle = blow(town, who=who)
    assert (whistle.community, whistle.state, whistle.placement, whistle.raised_by) == (
        town.world.a, WhistleState.OPEN, None, user_of(town, who))
    assert {c.agency for c in whistle.calls.all()} == {town.civil, town.petitions}
    assert list(whistle.events.values_list("kind", flat=True)) == ["raised"]


def test_a_cadre_placed_in_the_community_blows_its_whistle_and_the_placement_is_linked(town):
    whistle = blow(town, who="孙嘉怡")
    assert whistle.placement == placement_of(town, "孙嘉怡")


@pytest.mark.parametrize("who", ["staff_b", "李浩然", "desk_civil", "member_a", "outsider"])
def test_nobody_else_blows_a_communitys_whistle(town, who):
    with pytest.raises(Forbidden):
        blow(town, who=who)
    assert not WhistleCall.objects.exists()


def test_a_cadre_blows_no_whistle_before_the_placement_starts(town):
    with pytest.raises(Forbidden):
        blow(town, who="孙嘉怡", when=T0)


def test_a_whistle_is_for_a_community(town):
    with pytest.raises(InvalidInput) as excinfo:
        blow(town, community=town.world.street)
    assert field_of(excinfo) == "community"


# --- whistle_raise: deadline and agencies ---------------------------------------------------------------------------


@pytest.mark.parametrize("kind, within", [
    ("daily", dt.timedelta(days=3)), ("key_task", dt.timedelta(hours=24)), ("emergency", dt.timedelta(minutes=30)),
])
def test_each_kind_has_its_default_deadline(town, kind, within):
    whistle = blow(town, kind=kind)
    assert whistle.raised_at == RAISED
    assert whistle.report_by == RAISED + within


@pytest.mark.parametrize("report_by", [
    RAISED + 10 * MINUTE, RAISED + 30 * MINUTE, "2026-04-01 09:20", "2026-04-01T09:01",
])
def test_an_earlier_deadline_is_accepted(town, report_by):
    whistle = blow(town, kind="emergency", report_by=report_by)
    assert RAISED < whistle.report_by <= RAISED + 30 * MINUTE


def test_a_deadline_without_zone_is_shanghai_time(town):
    whistle = blow(town, kind="emergency", report_by="2026-04-01 09:20")
    assert whistle.report_by == RAISED + 20 * MINUTE


@pytest.mark.parametrize("report_by", [RAISED + 31 * MINUTE, RAISED, RAISED - MINUTE, "tomorrow"])
def test_a_later_or_past_deadline_is_refused(town, report_by):
    with pytest.raises(InvalidInput) as excinfo:
        blow(town, kind="emergency", report_by=report_by)
    assert field_of(excinfo) == "report_by"


def test_a_whistle_needs_a_known_kind_and_a_problem(town):
    with pytest.raises(InvalidInput) as excinfo:
        blow(town, kind="urgent")
    assert field_of(excinfo) == "kind"
    with clock.at(RAISED), pytest.raises(InvalidInput) as excinfo:
        whistles.whistle_raise(actor=fresh(town.world.staff_a), community_id=town.world.a.pk, kind="daily",
                               problem=" ", agency_ids=[town.civil.pk])
    assert field_of(excinfo) == "problem"


@pytest.mark.parametrize("ids", [[], [None], ["abc"], [10**9], list(range(10**6, 10**6 + 11))])
def test_the_named_agencies_are_checked(town, ids):
    with clock.at(RAISED), pytest.raises(InvalidInput) as excinfo:
        whistles.whistle_raise(actor=fresh(town.world.staff_a), community_id=town.world.a.pk, kind="daily",
                               problem="p", agency_ids=ids)
    assert field_of(excinfo) == "agencies"


def test_an_agency_named_twice_is_called_once(town):
    whistle = blow(town, agencies=[town.civil, town.civil])
    assert whistle.calls.count() == 1


def test_the_named_agencies_desks_are_told_and_no_other(town):
    street_desk = UserFactory(username="desk-street")
    pool.desk_grant(user=street_desk, agency=town.street_office)
    whistle = blow(town, kind="emergency")
    notices = Notice.objects.filter(kind="whistle_blown").select_related("recipient")
    assert {n.recipient.username for n in notices} == {"desk-civil", "desk-petitions"}
    assert all(n.params["due"] == "2026-04-01 09:30" and str(whistle.pk) in n.url for n in notices)


# --- whistle_report ------------------------------------------------------------------------------------------------


def test_the_named_agencys_desk_reports_on_time(town):
    whistle = blow(town, kind="emergency")
    call = report(call_of(whistle, town.petitions), town.desk_petitions)
    assert (call.attendees, call.reported_by, call.on_time) == ("王科长、李干事", town.desk_petitions, True)
    assert call_of(whistle, town.civil).on_time is None
    assert list(whistle.events.values_list("kind", flat=True)) == ["raised", "reported"]


def test_a_report_at_the_deadline_is_on_time(town):
    whistle = blow(town, kind="emergency")
    assert report(call_of(whistle, town.civil), town.desk_civil, when=RAISED + 30 * MINUTE).on_time is True


def test_a_late_report_is_kept_as_late(town):
    whistle = blow(town, kind="emergency")
    call = report(call_of(whistle, town.civil), town.desk_civil, when=RAISED + 31 * MINUTE)
    assert call.reported_at == RAISED + 31 * MINUTE
    assert WhistleCall.objects.get(pk=call.pk).on_time is False


@pytest.mark.parametrize("who", ["desk_civil", "staff_a", "district_admin", "孙嘉怡", "outsider"])
def test_only_the_named_agencys_desk_reports_for_it(town, who):
    whistle = blow(town)
    with pytest.raises(NotFound):
        report(call_of(whistle, town.petitions), user_of(town, who))
    assert call_of(whistle, town.petitions).reported_at is None


def test_an_agency_reports_once(town):
    whistle = blow(town)
    report(call_of(whistle, town.civil), town.desk_civil)
    with pytest.raises(IllegalTransition):
        report(call_of(whistle, town.civil), town.desk_civil, when=RAISED + 20 * MINUTE)
    assert call_of(whistle, town.civil).reported_at == RAISED + 10 * MINUTE


def test_a_report_says_who_came_and_what_was_done(town):
    whistle = blow(town)
    with clock.at(RAISED), pytest.raises(InvalidInput) as excinfo:
        whistles.whistle_report(actor=fresh(town.desk_civil), call_id=call_of(whistle, town.civil).pk,
                                attendees="", action="x")
    assert field_of(excinfo) == "attendees"


# --- whistle_call_more -----------------------------------------------------------------------------------------------


def call_more(town, whistle, who="staff_a", when=RAISED + 20 * MINUTE, agencies=None):
    with clock.at(when):
        return whistles.whistle_call_more(actor=fresh(user_of(town, who)), whistle_id=whistle.pk,
                                          agency_ids=[a.pk for a in (agencies or [town.street_office])])


def test_calling_more_agencies_gives_them_the_same_time_from_now(town):
    street_desk = UserFactory(username="desk-street")
    pool.desk_grant(user=street_desk, agency=town.street_office)
    whistle = blow(town, kind="emergency")
    got = call_more(town, whistle)
    assert got.report_by == RAISED + 30 * MINUTE  # the first agencies' deadline does not move
    assert got.calls.get(agency=town.street_office).report_by == RAISED + 50 * MINUTE
    assert whistle.calls.count() == 3
    assert Notice.objects.filter(kind="whistle_blown", recipient=street_desk).exists()
    assert list(whistle.events.values_list("kind", flat=True)) == ["raised", "called"]


def test_calling_more_never_shortens_the_deadline(town):
    whistle = blow(town, kind="daily")
    assert call_more(town, whistle, when=RAISED + MINUTE).report_by >= RAISED + dt.timedelta(days=3)


def test_a_placed_cadre_may_call_more_and_an_agency_may_not(town):
    whistle = blow(town)
    call_more(town, whistle, who="孙嘉怡")
    with pytest.raises(Forbidden):
        call_more(town, whistle, who="desk_civil", agencies=[town.civil])
    with pytest.raises(NotFound):
        call_more(town, whistle, who="staff_b")


def test_an_agency_already_named_is_refused(town):
    whistle = blow(town)
    with pytest.raises(InvalidInput) as excinfo:
        call_more(town, whistle, agencies=[town.civil])
    assert field_of(excinfo) == "agencies"
    assert whistle.calls.count() == 2


def test_calling_more_does_not_forgive_an_agency_already_late(town):
    whistle = blow(town, kind="emergency", agencies=[town.civil])
    call_more(town, whistle, when=RAISED + 60 * MINUTE, agencies=[town.petitions])
    late = report(call_of(whistle, town.civil), town.desk_civil, when=RAISED + 65 * MINUTE)
    assert WhistleCall.objects.get(pk=late.pk).on_time is False


# --- whistle_transition ----------------------------------------------------------------------------------------------


def move(town, whistle, action, who="staff_a", outcome="摊位已入市经营，通道畅通", when=RAISED + dt.timedelta(hours=2)):
    with clock.at(when):
        return whistles.whistle_transition(actor=fresh(user_of(town, who)), whistle_id=whistle.pk, action=action,
                                           outcome=outcome)


def all_reported(town, whistle):
    report(call_of(whistle, town.civil), town.desk_civil)
    report(call_of(whistle, town.petitions), town.desk_petitions)


def test_closing_waits_for_every_named_agency(town):
    whistle = blow(town)
    report(call_of(whistle, town.civil), town.desk_civil)
    with pytest.raises(IllegalTransition):
        move(town, whistle, "close")
    report(call_of(whistle, town.petitions), town.desk_petitions)
    closed = move(town, whistle, "close")
    assert (closed.state, closed.outcome, closed.closed_at) == (
        WhistleState.CLOSED, "摊位已入市经营，通道畅通", RAISED + dt.timedelta(hours=2))
    assert WhistleEvent.objects.filter(whistle=whistle, kind="close", actor=town.world.staff_a).exists()


def test_closing_needs_an_outcome(town):
    whistle = blow(town)
    all_reported(town, whistle)
    with pytest.raises(InvalidInput) as excinfo:
        move(town, whistle, "close", outcome=" ")
    assert field_of(excinfo) == "outcome"


@pytest.mark.parametrize("who", ["street_officer", "district_admin"])
def test_the_street_and_district_above_may_close(town, who):
    whistle = blow(town)
    all_reported(town, whistle)
    assert move(town, whistle, "close", who=who).state == WhistleState.CLOSED


@pytest.mark.parametrize("who", ["desk_civil", "desk_petitions", "孙嘉怡"])
def test_the_agencies_and_the_cadre_do_not_close_or_withdraw(town, who):
    whistle = blow(town)
    all_reported(town, whistle)
    for action in ("close", "withdraw"):
        with pytest.raises(Forbidden):
            move(town, whistle, action, who=who)
    assert whistles_in_scope(fresh(town.world.staff_a)).get().state == WhistleState.OPEN


def test_outsiders_do_not_find_the_whistle_to_close(town):
    whistle = blow(town)
    all_reported(town, whistle)
    with pytest.raises(NotFound):
        move(town, whistle, "close", who="staff_b")


def test_the_community_withdraws_an_open_whistle_and_reports_stop(town):
    whistle = blow(town)
    withdrawn = move(town, whistle, "withdraw", outcome="")
    assert withdrawn.state == WhistleState.WITHDRAWN
    with pytest.raises(IllegalTransition):
        report(call_of(whistle, town.civil), town.desk_civil, when=RAISED + dt.timedelta(hours=3))
    with pytest.raises(IllegalTransition):
        call_more(town, whistle, when=RAISED + dt.timedelta(hours=3))


def test_a_closed_whistle_moves_no_more(town):
    whistle = blow(town)
    all_reported(town, whistle)
    move(town, whistle, "close")
    for action in ("close", "withdraw", "reopen"):
        with pytest.raises(IllegalTransition):
            move(town, whistle, action)


# --- whistles_in_scope -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who, sees", [
    ("staff_a", True), ("staff_b", False), ("street_officer", True), ("district_admin", True),
    ("desk_civil", True), ("desk_street", False), ("孙嘉怡", True), ("李浩然", False), ("outsider", False),
])
def test_who_sees_a_whistle(town, who, sees):
    street_desk = UserFactory(username="desk-street")
    pool.desk_grant(user=street_desk, agency=town.street_office)
    whistle = blow(town, agencies=[town.civil])
    user = street_desk if who == "desk_street" else user_of(town, who)
    with clock.at(RAISED):
        assert list(whistles_in_scope(fresh(user))) == ([whistle] if sees else [])


def test_a_cadre_sees_the_community_s_whistles_only_while_placed_there(town):
    whistle = blow(town, agencies=[town.civil])
    sun = user_of(town, "孙嘉怡")
    with clock.at(RAISED):
        assert list(whistles_in_scope(fresh(sun))) == [whistle]
    with clock.at(RAISED + dt.timedelta(days=365)):
        assert list(whistles_in_scope(fresh(sun))) == []


def test_a_whistle_naming_two_of_a_desks_agencies_is_listed_once(town):
    pool.desk_grant(user=town.desk_civil, agency=town.petitions)
    blow(town)
    assert whistles_in_scope(fresh(town.desk_civil)).count() == 1


def test_the_anonymous_see_no_whistles(town):
    blow(town)
    assert not whistles_in_scope(AnonymousUser()).exists()
