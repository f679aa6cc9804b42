"""Figures about now (``insights.selectors.standing``): open and overdue wishes, households reached, members serving.

The town is that of ``test_wishes`` (S1 = 湛山街道 with A and B, S2 = 八大关街道 with C); times are Shanghai time and
the figures are read at noon on 20 March 2026 (``NOW``).

Open wishes (``opened``), each with the deadline of the step it is in:
O1 A  submitted 10 Mar, never reviewed: review due 12 Mar 09:00              overdue
O2 A  submitted 19 Mar: review due 21 Mar 09:00                               open
O3 B  tutoring, on the board 5 Mar: claim due 12 Mar 10:00                    overdue
O4 B  on the board 1 Mar, claimed late on 15 Mar promising 31 Mar              open (its missed claim is past)
O5 C  for an elderly resident, claimed 1 Mar promising 8 Mar, in progress     overdue (longest)
O6 A  claimed 2 Mar, fulfilled 15 Mar: follow-up due 18 Mar 09:00             overdue
and, not open, one closed wish in A and one rejected in B.

Households and members (``served``), priority-group residents on the register:
P1 A (elderly, disabled)  wish by member A fulfilled 5 Mar, 2.5 + 1.5 volunteer hours, confirmed
P2 A (low income)         wish by member A fulfilled 8 Mar with 1.0 hours, disputed 9 Mar
P3 B (elderly)            wish by member B fulfilled 15 Jan with 3.0 hours
P4 C (child)              wish by member C fulfilled 10 Mar, 0.1 + 0.2 hours
P5 B (empty nest)         no wish
and resident A (no group): a wish fulfilled by 青岛大学 on 12 Mar with 5.0 hours.
"""

import datetime as dt
from decimal import Decimal

import pytest

from sanji.core import clock
from sanji.insights.period import Period
from sanji.insights.rates import Rate
from sanji.insights.selectors.standing import (
    MemberService,
    OpenCount,
    household_coverage,
    member_service,
    open_by_child,
    overdue_wishes,
)
from sanji.insights.selectors.wishes import Slice
from sanji.insights.slices import parse_category
from sanji.wishes import services

from ..factories import fresh
from ..wishes.test_rollups import SH, act, submit, when
from .test_wishes import coded_town, in_groups

pytestmark = pytest.mark.django_db
JAN, MAR = dt.date(2026, 1, 1), dt.date(2026, 3, 1)
NOW = when(3, 20, 12)


def on_board(moment, user, reviewer, text, **kw):
    wish = submit(moment, user, text, **kw)
    return act(moment + dt.timedelta(hours=1), wish, "approve", reviewer)


def claimed(moment, user, reviewer, claimer, promised, text, **kw):
    wish = on_board(moment, user, reviewer, text, **kw)
    act(moment + dt.timedelta(hours=2), wish, "claim", claimer, promised_date=promised)
    return act(moment + dt.timedelta(hours=3), wish, "start", claimer)


def helped(moment, wish, user, name, hours):
    with clock.at(moment):
        services.volunteer_record(wish_id=wish.pk, actor=fresh(user), name=name, hours=hours)


@pytest.fixture
def opened(world):
    t = coded_town(world)
    w = t.w
    ra, rb, sa, sb, ma = w.resident_a, w.resident_b, w.staff_a, w.staff_b, w.member_a
    t.o1 = submit(when(3, 10), ra, "希望有人帮忙修理门锁")
    t.o2 = submit(when(3, 19), ra, "希望有人帮忙取快递")
    t.o3 = on_board(when(3, 5), rb, sb, "希望有人辅导孩子英语", category="tutoring")
    t.o4 = on_board(when(3, 1), rb, sb, "希望有人帮忙修水龙头")
    act(when(3, 15), t.o4, "claim", w.member_b, promised_date="2026-03-31")
    elder = in_groups(t.c, "钱玉梅", "elderly")
    t.o5 = claimed(when(2, 28), t.staff_c, t.staff_c, t.member_c, "2026-03-08", "希望有人上门打扫",
                   resident=elder.pk)
    t.o6 = claimed(when(3, 2), ra, sa, ma, "2026-03-10", "希望有人帮忙疏通下水道")
    act(when(3, 15), t.o6, "fulfil", ma, note="已疏通")
    done = claimed(when(3, 3), ra, sa, ma, "2026-03-12", "希望有人陪同去医院复查")
    act(when(3, 6), done, "fulfil", ma, note="已陪同")
    act(when(3, 7), done, "confirm", ra, satisfaction="satisfied")
    act(when(3, 1), submit(when(3, 1), rb, "希望社区给我家免费装空调"), "reject", sb, reason="超出微心愿范围")
    return t


def here(place, first=MAR, last=MAR, **kw) -> Slice:
    return Slice(place, Period(first, last), **kw)


def test_open_and_overdue_by_child_at_each_level(opened):
    t = opened
    assert open_by_child(here(t.w.district), now=NOW) == {t.s1.pk: OpenCount(5, 3), t.s2.pk: OpenCount(1, 1)}
    assert open_by_child(here(t.s1), now=NOW) == {t.a.pk: OpenCount(3, 2), t.b.pk: OpenCount(2, 1)}
    assert open_by_child(here(t.a), now=NOW) == {t.a.pk: OpenCount(3, 2)}
    # O2's review deadline passes on 21 March; the period asked for does not matter.
    assert open_by_child(here(t.a, JAN, JAN), now=when(3, 22)) == {t.a.pk: OpenCount(3, 3)}
    # O4 missed its claim deadline, but its step now is the fulfilment promised for 31 March.
    assert open_by_child(here(t.b), now=when(3, 31, 23)) == {t.b.pk: OpenCount(2, 1)}


def test_open_and_overdue_follow_the_category_and_group_filters(opened):
    t = opened
    tutoring, _choice = parse_category("tutoring")
    assert open_by_child(here(t.w.district, duty_types=tutoring), now=NOW) == {t.s1.pk: OpenCount(1, 1)}
    assert open_by_child(here(t.w.district, group="elderly"), now=NOW) == {t.s2.pk: OpenCount(1, 1)}
    assert open_by_child(here(t.w.district, group="child"), now=NOW) == {}


def test_overdue_wishes_longest_overdue_first_and_at_most_the_limit(opened):
    t = opened
    found = overdue_wishes(here(t.w.district), now=NOW)
    assert [w.pk for w in found] == [t.o5.pk, t.o1.pk, t.o3.pk, t.o6.pk]
    assert [w.deadline for w in found] == [
        dt.datetime(2026, 3, 8, 23, 59, 59, tzinfo=SH), dt.datetime(2026, 3, 12, 9, tzinfo=SH),
        dt.datetime(2026, 3, 12, 10, tzinfo=SH), dt.datetime(2026, 3, 18, 9, tzinfo=SH),
    ]
    assert [w.pk for w in overdue_wishes(here(t.w.district), now=NOW, limit=2)] == [t.o5.pk, t.o1.pk]
    assert [w.pk for w in overdue_wishes(here(t.s1), now=NOW)] == [t.o1.pk, t.o3.pk, t.o6.pk]
    assert [w.pk for w in overdue_wishes(here(t.b), now=NOW)] == [t.o3.pk]
    assert overdue_wishes(here(t.w.district), now=NOW, limit=0) == []


@pytest.fixture
def served(world):
    t = coded_town(world)
    w = t.w
    sa, sb, ma, mb, mc = w.staff_a, w.staff_b, w.member_a, w.member_b, t.member_c
    t.p1 = in_groups(t.a, "赵桂兰", "elderly", "disabled")
    t.p2 = in_groups(t.a, "孙丽华", "low_income")
    t.p3 = in_groups(t.b, "周秀梅", "elderly")
    t.p4 = in_groups(t.c, "吴小雨", "child")
    t.p5 = in_groups(t.b, "郑淑芬", "empty_nest")
    one = claimed(when(3, 1), sa, sa, ma, "2026-03-10", "希望有人陪同买菜", resident=t.p1.pk)
    helped(when(3, 4), one, ma, "韩雨桐", "2.5")
    helped(when(3, 4, 10), one, ma, "李明", "1.5")
    act(when(3, 5), one, "fulfil", ma, note="已陪同")
    act(when(3, 6), one, "confirm", sa, satisfaction="satisfied")
    t.two = claimed(when(3, 1), sa, sa, ma, "2026-03-10", "希望有人帮忙修窗户", resident=t.p2.pk)
    helped(when(3, 7), t.two, ma, "韩雨桐", "1.0")
    act(when(3, 8), t.two, "fulfil", ma, note="已修好")
    act(when(3, 9), t.two, "dispute", sa, reason="窗户还是关不上")
    three = claimed(when(1, 10), sb, sb, mb, "2026-01-20", "希望有人帮忙换灯泡", resident=t.p3.pk)
    helped(when(1, 14), three, mb, "王刚", "3.0")
    act(when(1, 15), three, "fulfil", mb, note="已更换")
    four = claimed(when(3, 2), t.staff_c, t.staff_c, mc, "2026-03-12", "希望有人辅导作业", resident=t.p4.pk)
    helped(when(3, 9), four, mc, "陈晨", "0.1")
    helped(when(3, 9, 10), four, mc, "刘洋", "0.2")
    act(when(3, 10), four, "fulfil", mc, note="已辅导")
    unit = claimed(when(3, 3), w.resident_a, sa, w.unit_a, "2026-03-15", "希望有人教我用智能手机")
    helped(when(3, 11), unit, w.unit_a, "青大志愿者", "5.0")
    act(when(3, 12), unit, "fulfil", w.unit_a, note="已教会")
    return t


def test_household_coverage(served):
    t = served
    # S1's priority households now: P1 (two groups, one household), P2, P3, P5. In March only P1 had a fulfilment
    # that stands: P2's was disputed, P3's came in January, P4 lives in C, resident A is in no group.
    assert household_coverage(here(t.s1)) == Rate(1, 4)
    assert household_coverage(here(t.s1, JAN, MAR)) == Rate(2, 4)
    assert household_coverage(here(t.w.district)) == Rate(2, 5)
    assert household_coverage(here(t.s1, group="elderly")) == Rate(1, 2)
    assert household_coverage(here(t.s1, group="low_income")) == Rate(0, 1)
    assert household_coverage(here(t.s2, JAN, JAN)) == Rate(0, 1)
    act(when(3, 14), t.two, "fulfil", t.w.member_a, note="已更换窗框")  # fulfilled again, and it stands
    assert household_coverage(here(t.s1)) == Rate(2, 4)


def test_member_service_counts_members_now_and_exact_hours_on_their_standing_fulfilments(served):
    t = served
    # March in S1: P1's wish only (2.5 + 1.5 hours); P2's was disputed, the unit's is not a member's.
    assert member_service(here(t.s1)) == MemberService(members=2, wishes=1, hours=Decimal("4.0"))
    assert member_service(here(t.s1, JAN, MAR)) == MemberService(members=2, wishes=2, hours=Decimal("7.0"))
    district = member_service(here(t.w.district))
    assert district == MemberService(members=3, wishes=2, hours=Decimal("4.3"))  # 4.0 + 0.1 + 0.2, no float
    assert str(district.hours) == "4.3"
    assert member_service(here(t.a)).wishes_per_member == Rate(1, 1)
    assert member_service(here(t.b)) == MemberService(members=1, wishes=0, hours=Decimal(0))
    assert member_service(here(t.w.district, group="elderly")).wishes == 1  # P1's; P4 is a child
