"""The monthly rollups kept by every wish event (``wishes.rollups``), and their rebuild from the events."""

import datetime as dt
import json
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from sanji.core import clock
from sanji.core.models import PriorityGroup
from sanji.dispatch.escalation import escalate_overdue
from sanji.wishes import services
from sanji.wishes.facts import COUNTERS
from sanji.wishes.models import DutyType, ServedMonth, WishFact, WishFulfilDays, WishMonth
from sanji.wishes.rollups import rollups_rebuild
from sanji.wishes.transitions import transition

from ..factories import fresh, resident

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")
JAN, FEB = dt.date(2026, 1, 1), dt.date(2026, 2, 1)


def when(month: int, day: int, hour: int = 9) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, tzinfo=SH)


def submit(moment, user, text, **kw):
    with clock.at(moment):
        return services.wish_submit(actor=fresh(user), text=text, **kw)


def act(moment, wish, action, user, **params):
    with clock.at(moment):
        return transition(wish_id=wish.pk, action=action, actor=fresh(user), params=params,
                          internal=action == "answer")


def volunteer(moment, wish, user, hours):
    with clock.at(moment):
        services.volunteer_record(wish_id=wish.pk, actor=fresh(user), name="韩雨桐", hours=hours)


def scenario(world) -> SimpleNamespace:
    """Ten wishes in communities A and B over January and February 2026, in the order things happen."""
    w, ra, rb, sa, sb, ma, mb = (world, world.resident_a, world.resident_b, world.staff_a, world.staff_b,
                                 world.member_a, world.member_b)
    groups = PriorityGroup.objects.filter(code__in=["elderly", "disabled"])
    elder = resident(w.a, name="赵桂兰", gender="female", phone="13700001111", priority_groups=groups)
    s = SimpleNamespace(elder=elder)
    # W1, A: the whole loop on time, 2.5 volunteer hours by a party member.
    s.w1 = submit(when(1, 5), ra, "希望有人帮忙修理门锁")
    act(when(1, 5, 10), s.w1, "approve", sa)
    act(when(1, 6), s.w1, "claim", ma, promised_date="2026-01-20")
    act(when(1, 7), s.w1, "start", ma)
    volunteer(when(1, 8), s.w1, ma, "2.5")
    act(when(1, 15), s.w1, "fulfil", ma, note="门锁已换新")
    act(when(1, 16), s.w1, "confirm", ra, satisfaction="satisfied")
    # W6, B, tutoring: escalated on the board, claimed late, fulfilled on time, rated unsatisfied.
    s.w6 = submit(when(1, 20), rb, "希望有人辅导孩子英语", category="tutoring")
    act(when(1, 20, 10), s.w6, "approve", sb)
    # W2, A: escalated in review, disputed, fulfilled again after the promise.
    s.w2 = submit(when(1, 26), ra, "希望有人陪同去医院复查")
    with clock.at(when(1, 28, 12)):
        assert escalate_overdue() == 2  # W2's review, W6's claim
    s.w7 = submit(when(1, 28, 22), rb, "希望社区给我家免费装空调")  # B: rejected
    act(when(1, 29), s.w7, "reject", sb, reason="超出微心愿范围")
    act(when(1, 29, 12), s.w2, "approve", sa)
    # W10, B, home repair: put on the board on 29 January (claim due 5 February), withdrawn on the 31st.
    s.w10 = submit(when(1, 29, 10), rb, "希望有人帮忙修水龙头", category="home_repair")
    act(when(1, 29, 11), s.w10, "approve", sb)
    act(when(1, 30), s.w6, "claim", mb, promised_date="2026-02-15")
    act(when(1, 30, 10), s.w6, "start", mb)
    act(when(1, 31), s.w10, "withdraw", rb)
    s.w3 = submit(when(2, 2), ra, "希望有人陪我去医院")  # A: merged into the open W2
    act(when(2, 2, 10), s.w3, "merge", sa, into=s.w2.pk)
    act(when(2, 3), s.w2, "claim", ma, promised_date="2026-02-10")
    s.w4 = submit(when(2, 3), ra, "希望有人帮忙取快递")  # A: withdrawn before its claim deadline
    act(when(2, 3, 10), s.w4, "approve", sa)
    act(when(2, 4), s.w2, "start", ma)
    volunteer(when(2, 4, 10), s.w2, ma, "1.5")
    act(when(2, 5), s.w4, "withdraw", ra)
    s.w5 = submit(when(2, 6), ra, "门锁坏了希望修理")  # A: merged into the closed W1
    act(when(2, 6, 10), s.w5, "merge", sa, into=s.w1.pk)
    act(when(2, 8), s.w2, "fulfil", ma, note="已陪同复查")
    act(when(2, 9), s.w2, "dispute", ra, reason="还要再去一次")
    # W8, A: a priority household's wish, answered by a project without a claim.
    s.w8 = submit(when(2, 10), sa, "希望有人定期上门测血压", resident=elder.pk)
    act(when(2, 10, 10), s.w8, "approve", sa)
    act(when(2, 12), s.w2, "fulfil", ma, note="第二次复查已陪同")
    act(when(2, 12, 10), s.w8, "answer", sa, note="社区健康项目每周上门")
    act(when(2, 14), s.w6, "fulfil", mb, note="已辅导四次")
    act(when(2, 16), s.w6, "confirm", rb, satisfaction="unsatisfied")
    s.w9 = submit(when(2, 20), rb, "希望有人教我用智能手机")  # B: on the board, not yet due
    s.w9 = act(when(2, 20, 10), s.w9, "approve", sb)
    return s


def month_row(month, community, duty_type=0, group="*") -> dict:
    row = WishMonth.objects.filter(month=month, community=community, duty_type=duty_type, group=group)
    values = row.values(*COUNTERS).first() or {}
    return {k: n for k, n in values.items() if n}


def fulfil_days() -> set:
    rows = WishFulfilDays.objects.exclude(wishes=0)
    return set(rows.values_list("month", "community_id", "duty_type", "group", "days", "wishes"))


def snapshot() -> dict:
    """Return the four tables as sorted tuples of their values, without surrogate ids."""
    return {
        "months": sorted(WishMonth.objects.values_list("month", "community_id", "duty_type", "group", *COUNTERS)),
        "days": sorted(WishFulfilDays.objects.values_list("month", "community_id", "duty_type", "group", "days",
                                                          "wishes")),
        "served": sorted(ServedMonth.objects.values_list("resident_id", "month", "community_id", "wishes")),
        "facts": sorted(
            (f.wish_id, f.community_id, f.duty_type, f.groups, json.dumps(f.contribution, sort_keys=True),
             f.response_pending, f.resolution_pending) for f in WishFact.objects.all()
        ),
    }


def without_zeros(tables: dict) -> dict:
    """Return the tables without the rows whose numbers are all 0 (they add nothing to any figure)."""
    return {
        "months": [r for r in tables["months"] if any(r[4:])],
        "days": [r for r in tables["days"] if r[-1]],
        "served": [r for r in tables["served"] if r[-1]],
        "facts": tables["facts"],
    }


def test_the_monthly_figures_by_hand(world):
    s = scenario(world)
    tutoring, repair = (DutyType.objects.get(code=c).pk for c in ("tutoring", "home_repair"))
    a, b = world.a.pk, world.b.pk
    assert month_row(JAN, a) == {
        "submitted": 2, "escalated": 1, "response_due": 1, "response_met": 1, "resolution_due": 1,
        "resolution_met": 1, "fulfilled": 1, "rated": 1, "satisfied": 1, "member_fulfilled": 1,
        "member_tenth_hours": 25,
    }
    # W3, W4, W5, W8 made; W4 withdrawn unclaimed before its deadline (void); W2 claimed in time, fulfilled
    # after its promise of 10 February; W8 taken up by the project's answer.
    assert month_row(FEB, a) == {
        "submitted": 4, "withdrawn": 1, "response_due": 2, "response_met": 2, "resolution_due": 1,
        "fulfilled": 2, "member_fulfilled": 1, "member_tenth_hours": 15,
    }
    assert month_row(JAN, b, tutoring) == {"submitted": 1, "escalated": 1, "response_due": 1}
    assert month_row(FEB, b, tutoring) == {
        "resolution_due": 1, "resolution_met": 1, "fulfilled": 1, "rated": 1, "member_fulfilled": 1,
    }
    assert month_row(JAN, b) == {"submitted": 1, "rejected": 1}
    assert month_row(FEB, b) == {"submitted": 1, "response_due": 1}
    assert month_row(JAN, b, repair) == {"submitted": 1, "withdrawn": 1}
    assert month_row(FEB, b, repair) == {}
    assert fulfil_days() == {
        (JAN, a, 0, "*", 10, 1), (FEB, a, 0, "*", 14, 1), (FEB, b, tutoring, "*", 25, 1),
        (FEB, a, 0, "*", 2, 1), (FEB, a, 0, "elderly", 2, 1), (FEB, a, 0, "disabled", 2, 1),
    }
    assert set(ServedMonth.objects.exclude(wishes=0).values_list("resident_id", "month", "community_id",
                                                                 "wishes")) == {(s.elder.pk, FEB, a, 1)}


def test_a_priority_household_counts_under_all_and_under_each_of_its_groups(world):
    scenario(world)
    a = world.a.pk
    expected = {"submitted": 1, "response_due": 1, "response_met": 1, "fulfilled": 1}
    assert month_row(FEB, a, group="elderly") == month_row(FEB, a, group="disabled") == expected
    assert set(WishMonth.objects.values_list("group", flat=True)) == {"*", "elderly", "disabled"}
    assert not WishMonth.objects.filter(month=JAN).exclude(group="*").exists()


def test_fact_rows_are_kept_only_for_unfinished_wishes(world):
    s = scenario(world)
    facts = {f.wish_id: f for f in WishFact.objects.all()}
    assert set(facts) == {s.w2.pk, s.w8.pk, s.w9.pk}  # two fulfilled awaiting confirmation, one on the board
    assert facts[s.w9.pk].response_pending == s.w9.claim_due and facts[s.w9.pk].resolution_pending is None
    assert facts[s.w8.pk].groups == ",disabled,elderly,"
    assert all(f.response_pending is None for f in (facts[s.w2.pk], facts[s.w8.pk]))


def test_a_note_on_a_finished_or_open_wish_changes_no_figure(world):
    s = scenario(world)
    before = snapshot()
    later = submit(when(2, 21), world.resident_a, "门锁又坏了")
    act(when(2, 21, 10), later, "merge", world.staff_a, into=s.w1.pk)  # the closed original gets a note
    again = submit(when(2, 21, 11), world.resident_a, "复查还需要陪同")
    act(when(2, 21, 12), again, "merge", world.staff_a, into=s.w2.pk)  # the fulfilled original too
    assert s.w1.events.filter(action="merged_in").count() == 2
    after = snapshot()
    assert after["facts"] == before["facts"] and after["served"] == before["served"]
    assert after["days"] == before["days"]
    changed = set(after["months"]) ^ set(before["months"])
    assert len(changed) == 2  # the February row of community A: two more submitted, nothing else
    old, new = sorted(changed, key=lambda row: row in after["months"])
    assert new[4] == old[4] + 2 and new[:4] == old[:4] and new[5:] == old[5:]


def test_a_rebuild_from_the_events_gives_the_same_tables(world):
    scenario(world)
    before = snapshot()
    assert rollups_rebuild(chunk=3) == 10
    assert snapshot() == before


def test_a_rebuild_gives_the_same_figures_and_refreshing_goes_on_from_it(world):
    s = scenario(world)
    before = snapshot()
    assert before == without_zeros(before)  # a figure taken back leaves no row of zeros
    rollups_rebuild()
    assert snapshot() == before
    act(when(2, 21), s.w9, "claim", world.member_b, promised_date="2026-03-10")  # refreshed from rebuilt facts
    after_event = snapshot()
    assert after_event != before
    assert WishFact.objects.get(wish=s.w9).resolution_pending == dt.datetime(2026, 3, 10, 23, 59, 59, tzinfo=SH)
    rollups_rebuild()
    assert snapshot() == after_event
