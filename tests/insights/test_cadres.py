"""Young-cadre figures of the dashboard: placements, reports answered, whistles attended, per community.

The batch of ``tests.cadres.helpers`` runs from 16 March to 15 September 2026: 孙嘉怡 is placed in 仰口路社区 (A),
李浩然 in 湛山一路社区 (B), 周晓雯 and 赵立新 in 八大峡社区 (C); 周晓雯 is recalled on 10 April. Agencies have three
days to report to a daily whistle. The figures are read at noon on 30 April unless a test says otherwise.
"""

import datetime as dt

import pytest

from sanji.cadres.services import placements, reports, whistles
from sanji.core import clock
from sanji.insights.period import Period
from sanji.insights.rates import Rate
from sanji.insights.selectors.cadres import cadres_summary
from tests.cadres.helpers import build_pool, placed, placement_of
from tests.factories import fresh

pytestmark = pytest.mark.django_db

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
MARCH = Period(dt.date(2026, 3, 1), dt.date(2026, 3, 1))
APRIL = Period(dt.date(2026, 4, 1), dt.date(2026, 4, 1))
NOW = dt.datetime(2026, 4, 30, 12, 0, tzinfo=SHANGHAI)


def at(month: int, day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, 0, tzinfo=SHANGHAI)


def summary(area, period, *, now=NOW) -> dict:
    with clock.at(now):
        return cadres_summary(area=area, period=period)


@pytest.fixture
def town(db):
    p = build_pool()
    placed(p)
    with clock.at(at(4, 1)):
        placements.placement_recall(actor=fresh(p.world.district_admin), placement_id=placement_of(p, "周晓雯").pk,
                                    on=dt.date(2026, 4, 10), reason="单位急需")
    _reports(p)
    _whistles(p)
    return p


def _file(p, name, when):
    with clock.at(when):
        return reports.report_file(actor=fresh(p.cadre_users[name]), placement_id=placement_of(p, name).pk,
                                   kind="opinions", title="加装电梯意见", body="12户希望加装电梯。")


def _answer(desk, report, when):
    with clock.at(when):
        reports.report_answer(actor=fresh(desk), report_id=report.pk, answer="已转相关科室研究。")


def _reports(p):
    _answer(p.desk_civil, _file(p, "周晓雯", at(4, 1)), at(4, 3))
    _file(p, "赵立新", at(4, 2))  # never answered
    _answer(p.desk_civil, _file(p, "赵立新", at(4, 5)), at(5, 5))  # answered after the period: still answered
    _answer(p.desk_petitions, _file(p, "孙嘉怡", at(4, 1)), at(4, 2))  # community A
    _file(p, "赵立新", at(3, 20))  # March


def _blow(p, community, agencies, when, who=None):
    with clock.at(when):
        return whistles.whistle_raise(actor=fresh(who or p.world.street_officer), community_id=community.pk,
                                      kind="daily", problem="菜市场周边占道经营", agency_ids=[a.pk for a in agencies])


def _report(p, whistle, agency, when):
    desk = p.desk_civil if agency == p.civil else p.desk_petitions
    call = whistle.calls.get(agency=agency)
    with clock.at(when):
        whistles.whistle_report(actor=fresh(desk), call_id=call.pk, attendees="王科长", action="现场清理")


def _end(p, whistle, action, when):
    with clock.at(when):
        whistles.whistle_transition(actor=fresh(p.world.street_officer), whistle_id=whistle.pk, action=action,
                                    outcome="已解决" if action == "close" else "")


def _whistles(p):
    both = [p.civil, p.petitions]
    w1 = _blow(p, p.c, both, at(4, 1))
    _report(p, w1, p.civil, at(4, 1, 15))  # on time
    _report(p, w1, p.petitions, at(4, 5))  # late
    _end(p, w1, "close", at(4, 6))
    _blow(p, p.c, both, at(4, 10))  # open, nobody reported by 13 April: both missed
    w3 = _blow(p, p.c, both, at(4, 29))  # due 2 May
    _report(p, w3, p.civil, at(4, 29, 15))  # on time; 区信访局 still has time (pending)
    _end(p, _blow(p, p.c, [p.civil], at(4, 15)), "withdraw", at(4, 16))  # withdrawn before the deadline: released
    _end(p, _blow(p, p.c, [p.petitions], at(4, 20)), "withdraw", at(4, 25))  # withdrawn after it: missed
    w6 = _blow(p, p.world.a, [p.civil], at(4, 2), who=p.world.staff_a)  # community A
    _report(p, w6, p.civil, at(4, 2, 15))
    w0 = _blow(p, p.c, [p.civil], at(3, 20))  # March
    _report(p, w0, p.civil, at(3, 20, 15))


def test_placements_active_on_the_last_day_and_started_in_the_period(town):
    march, april = summary(town.c, MARCH), summary(town.c, APRIL)
    assert (march["as_of"], march["placements_active"], march["placements_started"]) == (dt.date(2026, 3, 31), 2, 2)
    assert (april["as_of"], april["placements_active"], april["placements_started"]) == (dt.date(2026, 4, 30), 1, 0)
    street = summary(town.world.street, MARCH)
    assert (street["placements_active"], street["placements_started"]) == (4, 4)
    assert summary(town.world.street, APRIL)["placements_active"] == 3


def test_placements_are_counted_today_when_the_period_runs_on(town):
    spring = Period(dt.date(2026, 3, 1), dt.date(2026, 5, 1))
    early = summary(town.world.street, spring, now=at(3, 20))
    assert (early["as_of"], early["placements_active"], early["placements_started"]) == (dt.date(2026, 3, 20), 4, 4)
    before = summary(town.world.street, spring, now=at(3, 10))
    assert (before["as_of"], before["placements_active"]) == (dt.date(2026, 3, 10), 0)
    february = summary(town.world.street, Period(dt.date(2026, 2, 1), dt.date(2026, 2, 1)))
    assert (february["placements_active"], february["placements_started"]) == (0, 0)


def test_reports_answered_over_reports_filed(town):
    april = summary(town.c, APRIL)
    assert (april["reports_filed"], april["reports_answered"]) == (3, Rate(2, 3))
    street = summary(town.world.street, APRIL)
    assert (street["reports_filed"], street["reports_answered"]) == (4, Rate(3, 4))
    assert summary(town.c, MARCH)["reports_answered"] == Rate(0, 1)
    assert summary(town.world.b, APRIL)["reports_answered"] == Rate(0, 0)


def test_whistles_attended_counts_settled_calls_only(town):
    april = summary(town.c, APRIL)
    calls = {k: v for k, v in april.items() if k.startswith("calls_")}
    assert calls == {"calls_made": 8, "calls_on_time": 2, "calls_late": 1, "calls_missed": 3, "calls_pending": 1,
                     "calls_released": 1}
    assert april["whistles_attended"] == Rate(2, 6)
    assert [april[k] for k in ("whistles_blown", "whistles_closed", "whistles_open", "whistles_withdrawn")] == [
        5, 1, 2, 2]


def test_a_pending_call_becomes_missed_once_its_deadline_passes(town):
    later = summary(town.c, APRIL, now=at(5, 3))
    assert (later["calls_pending"], later["calls_missed"], later["whistles_attended"]) == (0, 4, Rate(2, 7))


def test_whistles_outside_the_area_or_the_period_do_not_count(town):
    street = summary(town.world.street, APRIL)
    assert (street["whistles_blown"], street["calls_made"], street["whistles_attended"]) == (6, 9, Rate(3, 7))
    march = summary(town.c, MARCH)
    assert (march["whistles_blown"], march["calls_made"], march["whistles_attended"]) == (1, 1, Rate(1, 1))
    assert summary(town.world.b, APRIL)["whistles_attended"] == Rate(0, 0)


def test_one_row_per_community_in_tree_order(town):
    rows = summary(town.world.street, APRIL)["communities"]
    assert [(r["community"], r["placements_active"], r["reports_filed"], r["reports_answered"], r["whistles"])
            for r in rows] == [("仰口路社区", 1, 1, 1, 1), ("湛山一路社区", 1, 0, 0, 0), ("八大峡社区", 1, 3, 2, 5)]
    assert [r["community_id"] for r in rows] == [town.world.a.pk, town.world.b.pk, town.c.pk]
    (only,) = summary(town.c, APRIL)["communities"]
    assert only["community_id"] == town.c.pk


def test_the_summary_takes_six_queries(town, django_assert_num_queries):
    with django_assert_num_queries(6):
        summary(town.world.district, APRIL)
