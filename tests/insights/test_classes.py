"""Class figures of the dashboard: the largest classes of an area in a period, projects opened and closed.

Classes and memberships are made by hand so that each wish's class is known; wishes are submitted through the
service at fixed times, and projects are opened and closed through theirs.

Wishes (A: 仰口路社区, B: 湛山一路社区) and projects:

- K1 轮椅: A 3 in March and 1 in February, B 2 in March; P1 opened 12 March, closed 5 April (partly resolved).
- K2 辅导: A 2 in March and 1 withdrawn; no project.
- K3 手机: A 2 in March; P3 opened 2 April, under way.
- K4 书法: B 4 in March; P2 opened 15 March, closed 25 March (not resolved).
- K5 路灯: A 1 in April; no project.
- K6 充电: A 1 in January; P0 opened 20 January, closed 3 March (resolved).
"""

import datetime as dt

import pytest

from sanji.classes.models import Membership, ProjectOutcome, WishClass
from sanji.classes.services import project_close, project_open
from sanji.core import clock
from sanji.insights.period import Period
from sanji.insights.selectors.classes import projects_summary, top_classes

from ..classes.helpers import street_claimer, wish_of
from ..factories import fresh
from ..wishes.helpers import act

pytestmark = pytest.mark.django_db

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
MARCH = Period(dt.date(2026, 3, 1), dt.date(2026, 3, 1))
APRIL = Period(dt.date(2026, 4, 1), dt.date(2026, 4, 1))


def at(month: int, day: int) -> dt.datetime:
    return dt.datetime(2026, month, day, 10, 0, tzinfo=SHANGHAI)


def _class(world, label: str) -> WishClass:
    return WishClass.objects.create(district=world.district, label=label, key=label, created_at=at(1, 1))


def _wishes(world, wish_class, resident, days) -> list:
    made = []
    for number, (month, day) in enumerate(days):
        with clock.at(at(month, day)):
            wish = wish_of(resident, f"{wish_class.label} 第{number + 1}件 {month}月{day}日")
        Membership.objects.create(wish=wish, wish_class=wish_class, placed_at=at(month, day))
        made.append(wish)
    return made


def _project(world, wish_class, opened, closed=None, outcome=""):
    admin = world.district_admin
    with clock.at(opened):
        project = project_open(actor=fresh(admin), class_id=wish_class.pk, title=f"{wish_class.label}项目",
                               goal="一类事一起解决", lead_id=street_claimer(world).pk)
    if closed:
        with clock.at(closed):
            project = project_close(actor=fresh(admin), project_id=project.pk, outcome=outcome, result="已办理")
    return project


@pytest.fixture
def town(world):
    a, b = world.resident_a, world.resident_b
    k = {label: _class(world, label) for label in ("K1", "K2", "K3", "K4", "K5", "K6")}
    _wishes(world, k["K1"], a, [(3, 2), (3, 9), (3, 11), (2, 27)])
    _wishes(world, k["K1"], b, [(3, 3), (3, 4)])
    *_, gone = _wishes(world, k["K2"], a, [(3, 5), (3, 6), (3, 7)])
    act(gone, "withdraw", a)
    _wishes(world, k["K3"], a, [(3, 8), (3, 10)])
    _wishes(world, k["K4"], b, [(3, 1), (3, 11), (3, 12), (3, 13)])
    _wishes(world, k["K5"], a, [(4, 1)])
    _wishes(world, k["K6"], a, [(1, 10)])
    projects = {
        "P0": _project(world, k["K6"], at(1, 20), at(3, 3), ProjectOutcome.RESOLVED),
        "P1": _project(world, k["K1"], at(3, 12), at(4, 5), ProjectOutcome.PARTLY),
        "P2": _project(world, k["K4"], at(3, 15), at(3, 25), ProjectOutcome.UNRESOLVED),
        "P3": _project(world, k["K3"], at(4, 2)),
    }
    return {"classes": k, "projects": projects}


def test_the_largest_classes_of_the_area_in_the_period(world, town):
    k, p = town["classes"], town["projects"]
    rows = top_classes(area=world.a, period=MARCH)
    assert [(r["class_id"], r["title"], r["wishes"]) for r in rows] == [
        (k["K1"].pk, "K1", 3), (k["K2"].pk, "K2", 2), (k["K3"].pk, "K3", 2)]  # K2 before K3: the older class
    k1, k2, k3 = rows
    assert (k1["promoted"], k1["project_id"], k1["project_state"], k1["project_outcome"]) == (
        True, p["P1"].pk, "closed", "partly")
    assert (k2["promoted"], k2["project_id"], k2["project_title"], k2["project_state"]) == (False, None, None, None)
    assert (k3["promoted"], k3["project_state"], k3["project_outcome"]) == (True, "open", None)


def test_wishes_outside_the_area_or_the_period_do_not_count(world, town):
    k = town["classes"]
    street = top_classes(area=world.street, period=MARCH)
    assert [(r["class_id"], r["wishes"]) for r in street] == [
        (k["K1"].pk, 5), (k["K4"].pk, 4), (k["K2"].pk, 2), (k["K3"].pk, 2)]
    assert [(r["class_id"], r["wishes"]) for r in top_classes(area=world.a, period=APRIL)] == [(k["K5"].pk, 1)]
    spring = Period(dt.date(2026, 1, 1), dt.date(2026, 4, 1))
    assert [(r["class_id"], r["wishes"]) for r in top_classes(area=world.a, period=spring)] == [
        (k["K1"].pk, 4), (k["K2"].pk, 2), (k["K3"].pk, 2), (k["K5"].pk, 1), (k["K6"].pk, 1)]


def test_the_limit_keeps_the_largest(world, town):
    k = town["classes"]
    assert [r["class_id"] for r in top_classes(area=world.street, period=MARCH, limit=2)] == [k["K1"].pk, k["K4"].pk]
    assert top_classes(area=world.street, period=MARCH, limit=0) == []


def test_projects_opened_and_closed_in_the_period_that_touch_the_area(world, town):
    p = town["projects"]
    march = projects_summary(area=world.a, period=MARCH)
    assert [r["project_id"] for r in march["opened"]] == [p["P1"].pk]
    assert [r["project_id"] for r in march["closed"]] == [p["P0"].pk]
    assert (march["opened_count"], march["closed_count"]) == (1, 1)
    assert [(value, count) for value, _label, count in march["closed_by_outcome"]] == [
        ("resolved", 1), ("partly", 0), ("unresolved", 0)]
    (p1,) = march["opened"]
    assert (p1["title"], p1["class_id"], p1["class_title"], p1["state"], p1["outcome"]) == (
        "K1项目", town["classes"]["K1"].pk, "K1", "closed", "partly")
    assert (p1["wishes"], p1["wishes_in_area"]) == (6, 4)  # the district's open K1 wishes, 4 of them in A
    assert p1["opened_at"] == at(3, 12) and p1["closed_at"] == at(4, 5)


def test_projects_of_other_areas_and_months_do_not_count(world, town):
    p = town["projects"]
    street = projects_summary(area=world.street, period=MARCH)
    assert [r["project_id"] for r in street["opened"]] == [p["P1"].pk, p["P2"].pk]
    assert [r["project_id"] for r in street["closed"]] == [p["P0"].pk, p["P2"].pk]
    assert [count for _value, _label, count in street["closed_by_outcome"]] == [1, 0, 1]
    in_b = projects_summary(area=world.b, period=MARCH)
    assert [r["project_id"] for r in in_b["opened"]] == [p["P1"].pk, p["P2"].pk]
    assert [r["wishes_in_area"] for r in in_b["opened"]] == [2, 4]
    april = projects_summary(area=world.a, period=APRIL)
    assert ([r["project_id"] for r in april["opened"]], [r["project_id"] for r in april["closed"]]) == (
        [p["P3"].pk], [p["P1"].pk])
    assert projects_summary(area=world.b, period=APRIL)["opened"] == []


def test_a_project_opened_and_closed_in_the_period_is_in_both_lists(world, town):
    p2 = town["projects"]["P2"].pk
    march = projects_summary(area=world.b, period=MARCH)
    assert p2 in [r["project_id"] for r in march["opened"]] and p2 in [r["project_id"] for r in march["closed"]]


def test_query_counts(world, town, django_assert_num_queries):
    with django_assert_num_queries(3):
        top_classes(area=world.district, period=MARCH)
    with django_assert_num_queries(1):
        projects_summary(area=world.district, period=MARCH)
