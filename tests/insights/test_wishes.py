"""The wish measures of the dashboard (``insights.selectors.wishes``), read from the rollups the real services keep.

市南区 (370202) has 湛山街道 (S1, 370202001000) with 仰口路社区 (A, 370202001001) and 湛山一路社区 (B,
370202001002), and 八大关街道 (S2, 370202002000) with 八大关社区 (C, 370202002001). Times are Shanghai time; the
figures are read at noon on 20 March 2026 (``NOW``) over January to March unless a test says otherwise.

W1  A  home repair. On the board at 01:00 on 25 Jan, so its claim is due at 01:00 on 1 Feb (still 31 Jan in UTC);
       claimed 26 Jan promising 31 Jan, fulfilled 30 Jan, rated satisfied on 1 Feb.
W2  A  medical escort. Not reviewed by 4 Feb: the scan of 5 Feb escalates it. On the board 5 Feb, claimed 6 Feb
       promising 20 Feb, fulfilled 9 Feb, awaiting confirmation.
W3  A  tutoring, for 赵桂兰 (elderly). On the board 10 Feb (claim due 17 Feb), claimed late on 18 Feb promising
       25 Feb, fulfilled 24 Feb, rated unsatisfied on a staff visit on 25 Feb.
W4  A  no category. On the board 3 Feb, claimed 4 Feb promising 12 Feb, fulfilled 11 Feb, disputed 12 Feb and
       fulfilled again 20 Feb (after the promise), awaiting confirmation.
W5  A  on the board 16 Feb, withdrawn 17 Feb, before its claim deadline.
W6  B  rejected 10 Jan.
W7  B  on the board 5 Jan (claim due 12 Jan), withdrawn unclaimed 14 Jan, after it.
W8  B  tutoring. On the board 15 Mar: claim due 22 Mar, after NOW.
W9  B  home repair. On the board 1 Mar, claimed 2 Mar promising 25 Mar (after NOW), in progress.
W10 C  elder aid, for 钱玉梅 (elderly and disabled). On the board 1 Feb, claimed 2 Feb promising 15 Feb,
       fulfilled 8 Feb, rated basically satisfied 9 Feb.
"""

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from sanji.core import clock
from sanji.core import services as core
from sanji.core.models import Area, PartyOrg, PriorityGroup
from sanji.dispatch.escalation import escalate_overdue
from sanji.insights.period import Period
from sanji.insights.rates import Rate
from sanji.insights.selectors.wishes import Slice, wish_figures, wish_figures_by_group
from sanji.insights.slices import parse_category
from sanji.wishes.models import DutyType, WishEvent

from ..factories import UserFactory, member, resident, staff
from ..wishes.test_rollups import SH, act, submit, when

pytestmark = pytest.mark.django_db
JAN, FEB, MAR = dt.date(2026, 1, 1), dt.date(2026, 2, 1), dt.date(2026, 3, 1)
NOW = when(3, 20, 12)
CODES = {"district": "370202", "street": "370202001000", "a": "370202001001", "b": "370202001002"}


def coded_town(world) -> SimpleNamespace:
    """Give the world's areas their division codes and add 八大关街道 with 八大关社区 (C) and its people."""
    for name, code in CODES.items():
        Area.objects.filter(pk=getattr(world, name).pk).update(code=code)
        getattr(world, name).code = code
    s2 = core.area_create(name="八大关街道", level="street", parent=world.district, code="370202002000")
    c = core.area_create(name="八大关社区", level="community", parent=s2, code="370202002001")
    member_c = UserFactory(username="member-c")
    member(c, org=PartyOrg.objects.get(), user=member_c)
    return SimpleNamespace(w=world, s1=world.street, s2=s2, a=world.a, b=world.b, c=c, member_c=member_c,
                           staff_c=staff(c, username="staff-c"))


def in_groups(community, name, *codes):
    return resident(community, name=name, gender="female", phone="13700001111",
                    priority_groups=PriorityGroup.objects.filter(code__in=codes))


def build_history(t) -> SimpleNamespace:
    """Drive W1 to W10 (see the module docstring) through the services; return the town with the wishes."""
    w = t.w
    ra, rb, sa, sb, ma, mb = w.resident_a, w.resident_b, w.staff_a, w.staff_b, w.member_a, w.member_b
    t.elder_a, t.elder_c = in_groups(t.a, "赵桂兰", "elderly"), in_groups(t.c, "钱玉梅", "elderly", "disabled")
    t.w7 = submit(when(1, 5), rb, "希望有人帮忙搬家具")
    act(when(1, 5, 10), t.w7, "approve", sb)
    act(when(1, 14), t.w7, "withdraw", rb)
    t.w6 = submit(when(1, 10), rb, "希望社区给我家免费装空调")
    act(when(1, 10, 10), t.w6, "reject", sb, reason="超出微心愿范围")
    t.w1 = submit(when(1, 25, 0), ra, "希望有人帮忙修理门锁", category="home_repair")
    t.w1 = act(when(1, 25, 1), t.w1, "approve", sa)
    act(when(1, 26), t.w1, "claim", ma, promised_date="2026-01-31")
    act(when(1, 26, 10), t.w1, "start", ma)
    act(when(1, 30), t.w1, "fulfil", ma, note="门锁已换新")
    act(when(2, 1), t.w1, "confirm", ra, satisfaction="satisfied")
    # Everything made so far is finished when the scan of 5 February runs, so it moves W2 alone.
    t.w2 = submit(when(2, 2), ra, "希望有人陪同去医院复查", category="medical_escort")
    with clock.at(when(2, 5, 12)):
        assert escalate_overdue() == 1
    act(when(2, 5, 13), t.w2, "approve", sa)
    act(when(2, 6), t.w2, "claim", ma, promised_date="2026-02-20")
    act(when(2, 6, 10), t.w2, "start", ma)
    act(when(2, 9), t.w2, "fulfil", ma, note="已陪同复查")
    t.w10 = submit(when(2, 1), t.staff_c, "希望有人定期上门帮忙打扫", resident=t.elder_c.pk,
                   category="elder_disability_aid")
    act(when(2, 1, 10), t.w10, "approve", t.staff_c)
    act(when(2, 2), t.w10, "claim", t.member_c, promised_date="2026-02-15")
    act(when(2, 2, 10), t.w10, "start", t.member_c)
    act(when(2, 8), t.w10, "fulfil", t.member_c, note="每周打扫一次")
    act(when(2, 9), t.w10, "confirm", t.staff_c, satisfaction="basically_satisfied")
    t.w4 = submit(when(2, 3), ra, "希望有人帮忙疏通下水道")
    act(when(2, 3, 10), t.w4, "approve", sa)
    act(when(2, 4), t.w4, "claim", ma, promised_date="2026-02-12")
    act(when(2, 4, 10), t.w4, "start", ma)
    act(when(2, 11), t.w4, "fulfil", ma, note="已疏通")
    act(when(2, 12), t.w4, "dispute", ra, reason="还是堵")
    act(when(2, 20), t.w4, "fulfil", ma, note="已更换管道")
    t.w3 = submit(when(2, 10), sa, "希望有人辅导孙子数学", resident=t.elder_a.pk, category="tutoring")
    act(when(2, 10, 10), t.w3, "approve", sa)
    act(when(2, 18), t.w3, "claim", ma, promised_date="2026-02-25")
    act(when(2, 18, 10), t.w3, "start", ma)
    act(when(2, 24), t.w3, "fulfil", ma, note="已辅导三次")
    act(when(2, 25), t.w3, "confirm", sa, satisfaction="unsatisfied")
    t.w5 = submit(when(2, 16), ra, "希望有人帮忙取快递")
    act(when(2, 16, 10), t.w5, "approve", sa)
    act(when(2, 17), t.w5, "withdraw", ra)
    t.w9 = submit(when(3, 1), rb, "希望有人帮忙修水龙头", category="home_repair")
    act(when(3, 1, 10), t.w9, "approve", sb)
    act(when(3, 2), t.w9, "claim", mb, promised_date="2026-03-25")
    act(when(3, 2, 10), t.w9, "start", mb)
    t.w8 = submit(when(3, 15), rb, "希望有人辅导孩子英语", category="tutoring")
    t.w8 = act(when(3, 15, 10), t.w8, "approve", sb)
    return t


@pytest.fixture
def town(world):
    return build_history(coded_town(world))


def figures(place, first=JAN, last=MAR, *, now=NOW, **kw):
    return wish_figures(Slice(place, Period(first, last), **kw), now=now)


def rates(cell) -> tuple:
    return cell.response, cell.resolution, cell.satisfaction


def test_district_totals(town):
    total = figures(town.w.district).total
    assert (total["submitted"], total["rejected"], total["withdrawn"], total["escalated"]) == (10, 1, 2, 1)
    assert total["fulfilled"] == 5  # W1, W2, W3, W4 (its second fulfilment stands), W10
    # Response: met W1, W2, W4, W9, W10; missed W3 (late) and W7 (withdrawn after its deadline); W5 withdrawn
    # before its deadline and W6 rejected never count; W8 is still ahead.
    # Resolution: met W1, W2, W3, W10; missed W4 (fulfilled again after the promise); W9 still ahead.
    # Satisfaction: W1 satisfied, W10 basically satisfied, W3 unsatisfied.
    assert rates(total) == (Rate(5, 7), Rate(4, 5), Rate(2, 3))


def test_months_are_the_deadlines_local_months(town):
    assert town.w1.claim_due == dt.datetime(2026, 2, 1, 1, tzinfo=SH)
    assert town.w1.claim_due.astimezone(dt.UTC).month == 1  # January in UTC, February in Shanghai
    months = figures(town.w.district).by_month
    assert set(months) == {JAN, FEB, MAR}
    # January: W7's claim deadline (missed), W1's promise of 31 January (met); nothing rated.
    assert rates(months[JAN]) == (Rate(0, 1), Rate(1, 1), Rate(0, 0))
    assert (months[JAN]["submitted"], months[JAN]["fulfilled"], months[JAN]["rejected"]) == (3, 1, 1)
    # February: claims of W1 (claimed in January, due 1 February), W2, W4, W10 met, W3 missed; promises of W2,
    # W3, W10 met, W4 missed; W1 (rated 1 February), W3 and W10 rated.
    assert rates(months[FEB]) == (Rate(4, 5), Rate(3, 4), Rate(2, 3))
    assert (months[FEB]["submitted"], months[FEB]["fulfilled"], months[FEB]["escalated"]) == (5, 4, 1)
    # March: W9 claimed in time; W8's claim and W9's promise are still ahead.
    assert rates(months[MAR]) == (Rate(1, 1), Rate(0, 0), Rate(0, 0))
    feb_only = figures(town.w.district, FEB, FEB)
    assert set(feb_only.by_month) == {FEB} and rates(feb_only.total) == rates(months[FEB])


def test_a_deadline_ahead_is_left_out_until_it_passes_without_a_new_event(town):
    events = WishEvent.objects.count()
    assert figures(town.w.district).by_month[MAR].response == Rate(1, 1)
    later = figures(town.w.district, now=when(3, 23))  # W8's claim deadline (22 March, 10:00) has passed
    assert later.by_month[MAR].response == Rate(1, 2) and later.total.response == Rate(5, 8)
    assert later.by_month[MAR].resolution == Rate(0, 0)
    latest = figures(town.w.district, now=when(3, 26))  # and W9's promise (25 March, end of day)
    assert rates(latest.by_month[MAR])[:2] == (Rate(1, 2), Rate(0, 1))
    assert rates(latest.total)[:2] == (Rate(5, 8), Rate(4, 6))
    assert figures(town.w.district, now=when(3, 22, 9)).total.response == Rate(5, 7)  # an hour before
    assert figures(town.w.district, JAN, FEB).total.response == Rate(4, 6)  # March's deadlines are not asked for
    assert WishEvent.objects.count() == events


def test_drill_down_district_to_streets_to_communities(town):
    district = figures(town.w.district).by_child
    assert set(district) == {town.s1.pk, town.s2.pk}
    assert district[town.s1.pk]["submitted"] == 9 and district[town.s2.pk]["submitted"] == 1
    assert rates(district[town.s1.pk]) == (Rate(4, 6), Rate(3, 4), Rate(1, 2))
    assert rates(district[town.s2.pk]) == (Rate(1, 1), Rate(1, 1), Rate(1, 1))
    street = figures(town.s1).by_child
    assert set(street) == {town.a.pk, town.b.pk}
    a, b = street[town.a.pk], street[town.b.pk]
    assert (a["submitted"], a["withdrawn"], a["escalated"], a["fulfilled"]) == (5, 1, 1, 4)
    assert rates(a) == (Rate(3, 4), Rate(3, 4), Rate(1, 2))
    assert (b["submitted"], b["rejected"], b["withdrawn"]) == (4, 1, 1)
    assert rates(b) == (Rate(1, 2), Rate(0, 0), Rate(0, 0))  # W7 missed, W9 met; W8 and W9's promise ahead
    community = figures(town.a)
    assert set(community.by_child) == {town.a.pk}
    assert rates(community.by_child[town.a.pk]) == rates(community.total) == rates(a)
    assert figures(town.c).total["submitted"] == 1


def test_a_category_filter_keeps_its_types_and_breaks_them_down(town):
    life, _choice = parse_category("life")
    types = {code: DutyType.objects.get(code=code).pk for code in ("home_repair", "medical_escort",
                                                                     "elder_disability_aid", "tutoring")}
    found = figures(town.w.district, duty_types=life)
    # W1, W9 (home repair), W2 (medical escort), W10 (elder aid): every claim in time, every promise kept.
    assert found.total["submitted"] == 4
    assert rates(found.total)[:2] == (Rate(4, 4), Rate(3, 3))
    assert set(found.by_type) == {types["home_repair"], types["medical_escort"], types["elder_disability_aid"]}
    repair = found.by_type[types["home_repair"]]
    assert (repair["submitted"], repair.response, repair.resolution) == (2, Rate(2, 2), Rate(1, 1))
    tutoring, _choice = parse_category("tutoring")
    assert tutoring == (types["tutoring"],)
    assert figures(town.w.district, duty_types=tutoring).total.response == Rate(0, 1)  # W3 late, W8 ahead
    assert figures(town.w.district, duty_types=tutoring, now=when(3, 23)).total.response == Rate(0, 2)
    everything = figures(town.w.district).by_type
    assert everything[0]["submitted"] == 4  # W4, W5, W6, W7, made without a category
    assert sum(c["submitted"] for c in everything.values()) == 10


def test_a_group_filter_counts_a_household_in_each_of_its_groups_and_once_in_the_total(town):
    elderly = figures(town.w.district, group="elderly")
    # W3 (赵桂兰, elderly) and W10 (钱玉梅, elderly and disabled).
    assert elderly.total["submitted"] == 2
    assert rates(elderly.total) == (Rate(1, 2), Rate(2, 2), Rate(1, 2))
    assert {k: c["submitted"] for k, c in elderly.by_child.items()} == {town.s1.pk: 1, town.s2.pk: 1}
    disabled = figures(town.w.district, group="disabled").total
    assert (disabled["submitted"], disabled.response) == (1, Rate(1, 1))
    by_group = wish_figures_by_group(Slice(town.w.district, Period(JAN, MAR)), now=NOW)
    assert {g: c["submitted"] for g, c in by_group.items()} == {"elderly": 2, "disabled": 1}
    assert by_group["elderly"].satisfaction == Rate(1, 2)
    assert figures(town.w.district).total["submitted"] == 10  # W10 once, though in two groups
    assert figures(town.w.district, group="low_income").total["submitted"] == 0
    w11 = submit(when(3, 18), town.w.staff_a, "希望有人陪同理发", resident=town.elder_a.pk)
    act(when(3, 18, 10), w11, "approve", town.w.staff_a)  # 赵桂兰 again: claim due 25 March, after NOW
    assert figures(town.w.district, group="elderly").total.response == Rate(1, 2)
    by_group = wish_figures_by_group(Slice(town.w.district, Period(JAN, MAR)), now=NOW)
    assert (by_group["elderly"]["submitted"], by_group["elderly"].response) == (3, Rate(1, 2))
    later = wish_figures_by_group(Slice(town.w.district, Period(JAN, MAR)), now=when(3, 26))
    assert later["elderly"].response == Rate(1, 3) and later["disabled"].response == Rate(1, 1)


def test_median_days_from_publication_to_fulfilment(town):
    # Local days: W1 5 (25 Jan 01:00 to 30 Jan; 6 by UTC dates), W2 4, W3 14, W4 17 (to its standing
    # fulfilment), W10 7.
    found = figures(town.w.district)
    assert found.fulfil_days == {5: 1, 4: 1, 14: 1, 17: 1, 7: 1}
    assert found.median_days == Decimal(7)
    assert found.child_median_days(town.s1.pk) == Decimal("9.5")  # 4, 5, 14, 17: an even count
    assert found.child_median_days(town.s2.pk) == Decimal(7)
    assert figures(town.s1, FEB, FEB).median_days == Decimal(14)  # 4, 14, 17
    assert figures(town.w.district, MAR, MAR).median_days is None
