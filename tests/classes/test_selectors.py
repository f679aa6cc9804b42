"""What a viewer reads of classes: the monthly table, the 每月一题 shortlist, months, and access."""

import datetime as dt
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest

from sanji.classes import selectors
from sanji.classes.selectors import class_access, class_months, class_table, month_bounds, project_access, shortlist
from sanji.classes.services import project_open
from sanji.core import clock
from sanji.core.errors import Forbidden, NotFound
from sanji.core.models import PriorityGroup

from ..factories import fresh, resident
from .helpers import LONERS, TUTORING, WHEELCHAIR, class_of, other_district, regroup, street_claimer, wish_of

ZONE = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 1, 20, 10, 0, tzinfo=ZONE)


def on(month: int, day: int, year: int = 2026) -> dt.datetime:
    return dt.datetime(year, month, day, 9, 0, tzinfo=ZONE)


@pytest.fixture
def months(world):
    """Wheelchair and tutoring wishes spread over Nov 2025 to Feb 2026; the clock stands at 20 Jan 2026."""
    elder = resident(world.a, name="张大爷", phone="13700001111",
                     priority_groups=[PriorityGroup.objects.get(code="elderly")])
    placed = [
        (on(1, 19), world.resident_a, WHEELCHAIR[0], {}),
        (on(1, 5), world.resident_b, WHEELCHAIR[1], {}),
        (on(1, 10), world.staff_a, WHEELCHAIR[2], {"resident": elder.pk}),
        (on(12, 10, 2025), world.resident_a, "轮椅坏了，能不能帮忙修修", {}),
        (on(11, 3, 2025), world.resident_b, "轮椅的轮子坏了想维修", {}),
        (on(2, 2), world.resident_a, "轮椅坏了需要修理", {}),
        (on(1, 15), world.resident_a, TUTORING[0], {}),
        (on(12, 1, 2025), world.resident_b, TUTORING[1], {}),
        (on(12, 20, 2025), world.resident_a, TUTORING[2], {}),
    ]
    wishes = []
    for moment, user, text, kw in placed:
        with clock.at(moment):
            wishes.append(wish_of(user, text, **kw))
    loners = [wish_of(world.resident_a, text) for text in [*LONERS, "希望小区多种点花草", "想找人一起下象棋"]]
    regroup(world)
    w, t = class_of(wishes[0]), class_of(wishes[6])
    assert {class_of(x) for x in wishes[:6]} == {w} and {class_of(x) for x in wishes[6:]} == {t}
    assert not any(class_of(x) for x in loners)
    with clock.at(NOW):
        yield {"w": w, "t": t, "wishes": wishes}


def counts(row):
    return (row.wish_class, row.this_month, row.last_month, row.total, row.priority, row.open, row.overdue)


def test_the_table_counts_this_month_last_month_and_all_before(world, months):
    rows = class_table(fresh(world.street_officer), month="2026-01")
    assert [counts(r) for r in rows] == [(months["w"], 3, 1, 5, 1, 5, 4), (months["t"], 1, 2, 3, 0, 3, 3)]
    assert rows[0].priority_groups == ["老年人"] and rows[1].priority_groups == []
    assert (rows[0].growth, rows[0].priority_share, rows[0].overdue_share) == (2, Fraction(1, 5), Fraction(4, 5))
    assert [counts(r) for r in class_table(fresh(world.street_officer))] == [counts(r) for r in rows]


def test_an_earlier_month_counts_what_was_known_by_its_end(world, months):
    rows = class_table(fresh(world.district_admin), month="2025-12")
    assert [(r.wish_class, r.this_month, r.last_month, r.total) for r in rows] == [
        (months["t"], 2, 0, 2), (months["w"], 1, 1, 2)]


def test_a_community_secretary_counts_her_communitys_wishes_only(world, months):
    mine = class_table(fresh(world.staff_a), month="2026-01")
    assert [counts(r) for r in mine] == [(months["w"], 2, 1, 3, 1, 3, 2), (months["t"], 1, 1, 2, 0, 2, 2)]
    theirs = class_table(fresh(world.staff_b), month="2026-01")
    assert [counts(r) for r in theirs] == [(months["w"], 1, 0, 2, 0, 2, 2), (months["t"], 0, 1, 1, 0, 1, 1)]


def test_the_area_chosen_narrows_the_counts(world, months):
    rows = class_table(fresh(world.district_admin), area=world.b, month="2026-01")
    assert [(r.wish_class, r.total) for r in rows] == [(months["w"], 2), (months["t"], 1)]


def test_people_without_a_staff_role_count_nothing(world, months):
    for user in (world.resident_a, world.member_a, world.unit_a, world.outsider):
        assert class_table(fresh(user), month="2026-01") == []


@pytest.mark.parametrize("action, user, params", [("merge", "staff_a", {"into": 3}), ("withdraw", "resident_a", {}),
                                                   ("reject", "staff_a", {"reason": "重复"})])
def test_wishes_that_no_longer_stand_are_not_counted(world, months, action, user, params):
    from ..wishes.helpers import act

    params = {"into": months["wishes"][params["into"]].pk} if "into" in params else params
    act(months["wishes"][0], action, getattr(world, user), **params)
    row = class_table(fresh(world.street_officer), month="2026-01")[0]
    assert (row.wish_class, row.this_month, row.total, row.open) == (months["w"], 2, 4, 4)
    assert months["wishes"][0].pk not in [m.wish_id for m in selectors.class_members(fresh(world.street_officer),
                                                                                       months["w"])]


def test_the_shortlist_ranks_by_the_weighted_score(world, months):
    rows = shortlist(fresh(world.street_officer), month="2026-01")
    assert [r.wish_class for r in rows] == [months["w"], months["t"]]
    w, t = rows
    assert w.parts == {"size": 1, "growth": 1, "priority": Fraction(1, 5), "overdue": Fraction(4, 5)}
    assert t.parts == {"size": Fraction(1, 3), "growth": 0, "priority": 0, "overdue": 1}
    assert (w.score, t.score) == (Fraction(4, 5), Fraction(1, 3))
    assert sum(selectors.SHORTLIST_WEIGHTS.values()) == 1


def test_growth_is_capped_at_doubling(world, months):
    rows = shortlist(fresh(world.street_officer), month="2025-12")
    t = next(r for r in rows if r.wish_class == months["t"])
    assert t.parts["growth"] == 1  # 2 against none the month before


def test_the_shortlist_leaves_out_classes_with_a_project_or_no_wish_this_month(world, months):
    assert [r.wish_class for r in shortlist(fresh(world.street_officer), month="2025-11")] == [months["w"]]
    project_open(actor=fresh(world.district_admin), class_id=months["w"].pk, title="轮椅维修", goal="修好",
                 lead_id=street_claimer(world).pk)
    rows = shortlist(fresh(world.street_officer), month="2026-01")
    assert [r.wish_class for r in rows] == [months["t"]] and rows[0].parts["size"] == 1
    table = class_table(fresh(world.street_officer), month="2026-01")
    assert table[0].project is not None and table[1].project is None


def test_month_bounds_of_january_reach_back_to_december():
    previous, start, end, name = month_bounds("2026-01")
    assert (previous, start, end, name) == (
        dt.datetime(2025, 12, 1, tzinfo=ZONE), dt.datetime(2026, 1, 1, tzinfo=ZONE),
        dt.datetime(2026, 2, 1, tzinfo=ZONE), "2026-01")
    assert month_bounds("2024-03")[0] == dt.datetime(2024, 2, 1, tzinfo=ZONE)
    assert month_bounds("2025-12")[2] == dt.datetime(2026, 1, 1, tzinfo=ZONE)


@pytest.mark.parametrize("month", [None, "", "2026-13", "2026", "abc", "2026-00"])
def test_a_missing_or_malformed_month_means_the_current_one(month):
    with clock.at(NOW):
        assert month_bounds(month)[1:] == (dt.datetime(2026, 1, 1, tzinfo=ZONE), dt.datetime(2026, 2, 1, tzinfo=ZONE),
                                           "2026-01")


def test_class_months_counts_the_last_six_months(world, months):
    assert class_months(fresh(world.street_officer), months["w"]) == [
        ("2025-08", 0), ("2025-09", 0), ("2025-10", 0), ("2025-11", 1), ("2025-12", 1), ("2026-01", 3)]
    assert class_months(fresh(world.staff_b), months["w"])[-3:] == [("2025-11", 1), ("2025-12", 0), ("2026-01", 1)]


def test_who_may_see_and_manage_a_class(world, months):
    w = months["w"]
    assert class_access(fresh(world.staff_b), w.pk) == w
    assert class_access(fresh(world.street_officer), str(w.pk), manage=True) == w
    with pytest.raises(Forbidden):
        class_access(fresh(world.staff_b), w.pk, manage=True)
    for user in (world.resident_a, world.member_a, world.outsider, other_district()[1]):
        with pytest.raises(NotFound):
            class_access(fresh(user), w.pk)
    for missing in (987654, "x", None, 0):
        with pytest.raises(NotFound):
            class_access(fresh(world.district_admin), missing)


def test_who_may_see_a_project(world, months):
    project = project_open(actor=fresh(world.district_admin), class_id=months["w"].pk, title="轮椅维修", goal="修好",
                           lead_id=street_claimer(world).pk)
    assert project_access(fresh(world.staff_a), project.pk) == project
    assert list(selectors.projects_in_scope(fresh(world.staff_b))) == [project]
    for user in (world.resident_a, world.member_a, other_district()[1]):
        with pytest.raises(NotFound):
            project_access(fresh(user), project.pk)
        assert not selectors.projects_in_scope(fresh(user)).exists()
