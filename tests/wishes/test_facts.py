"""What one wish's history adds to the monthly figures (``wishes.facts``), on hand-built histories."""

import datetime as dt
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sanji.wishes.facts import COUNTERS, Contribution, Step, contribution, delta

SH = ZoneInfo("Asia/Shanghai")
UTC = dt.UTC
JAN, FEB, MAR = dt.date(2026, 1, 1), dt.date(2026, 2, 1), dt.date(2026, 3, 1)


def t(month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    """Return a moment of 2026, local to Shanghai, as the database gives it back (UTC)."""
    return dt.datetime(2026, month, day, hour, minute, tzinfo=SH).astimezone(UTC)


def promised(month: int, day: int) -> dt.datetime:
    return dt.datetime(2026, month, day, 23, 59, 59, tzinfo=SH).astimezone(UTC)


def figures(history, **kw) -> Contribution:
    return contribution(history, tz=SH, **kw)


def counts(*items) -> Counter:
    """Return the expected counters from (month, counter, n) triples, n defaulting to 1."""
    return Counter({(m, k): (rest[0] if rest else 1) for m, k, *rest in items})


def board(submitted=None, published=None) -> list[Step]:
    """Submitted (5 January) and published (6 January), with the claim deadline 7 days after publication."""
    submitted, published = submitted or t(1, 5, 9), published or t(1, 6)
    return [Step(submitted, "submit", "submitted", submitted + dt.timedelta(days=2)),
            Step(published, "approve", "published", published + dt.timedelta(days=7))]


def worked() -> list[Step]:
    """Board, then claimed on 8 January promising 20 January, then started."""
    return [*board(), Step(t(1, 8), "claim", "claimed", promised(1, 20)),
            Step(t(1, 8, 11), "start", "in_progress", promised(1, 20))]


def fulfil(at) -> Step:
    return Step(at, "fulfil", "fulfilled", at + dt.timedelta(days=3))


ON_TIME = [*worked(), fulfil(t(1, 15)), Step(t(1, 16), "confirm", "closed", None)]


@pytest.mark.parametrize("rating, satisfied", [("satisfied", 1), ("basically_satisfied", 1), ("unsatisfied", 0)])
def test_a_wish_claimed_and_fulfilled_on_time_and_rated(rating, satisfied):
    c = figures(ON_TIME, satisfaction=rating)
    assert c.counts == counts(
        (JAN, "submitted"), (JAN, "response_due"), (JAN, "response_met"), (JAN, "resolution_due"),
        (JAN, "resolution_met"), (JAN, "fulfilled"), (JAN, "rated"), (JAN, "satisfied", satisfied),
    )
    assert c.days == Counter({(JAN, 9): 1})  # published 6 January, fulfilled 15 January
    assert c.served == Counter()
    assert (c.response_pending, c.resolution_pending) == (None, None)


def test_a_fulfilled_wish_not_yet_rated_counts_as_fulfilled_only():
    c = figures(ON_TIME[:-1])
    assert c.counts[JAN, "fulfilled"] == 1 and c.counts[JAN, "resolution_met"] == 1
    assert c.counts[JAN, "rated"] == 0


def test_a_claim_after_the_deadline_misses_the_response_and_the_resolution_waits():
    c = figures([*board(), Step(t(1, 14), "claim", "claimed", promised(2, 10))])
    assert c.counts == counts((JAN, "submitted"), (JAN, "response_due"), (FEB, "resolution_due"))
    assert c.response_pending is None
    assert c.resolution_pending == promised(2, 10)


def test_later_deadlines_do_not_move_the_first_ones():
    decline = [*board()[:1], Step(t(1, 6), "dispatch", "dispatched", t(1, 13)),
               Step(t(1, 12), "decline", "published", t(1, 19))]
    c = figures([*decline, Step(t(1, 18), "claim", "claimed", promised(1, 30)),
                 Step(t(1, 20), "release", "published", t(1, 27)), Step(t(1, 21), "claim", "claimed", promised(2, 20)),
                 Step(t(1, 22), "start", "in_progress", promised(2, 20)), fulfil(t(2, 10))])
    assert c.counts == counts((JAN, "submitted"), (JAN, "response_due"), (JAN, "resolution_due"), (FEB, "fulfilled"))


def test_a_deadline_across_the_month_end_counts_in_its_own_month():
    published = t(1, 28)
    c = figures([*board(t(1, 27), published)])
    assert published + dt.timedelta(days=7) == t(2, 4)
    assert c.counts == counts((JAN, "submitted"), (FEB, "response_due"))
    assert c.response_pending == t(2, 4)


def test_months_and_days_are_local_not_utc():
    late_january = dt.datetime(2026, 1, 31, 23, 30, tzinfo=SH)  # 15:30 UTC, January both ways
    first_february = dt.datetime(2026, 2, 1, 0, 30, tzinfo=SH)  # 31 January 16:30 UTC
    assert first_february.astimezone(UTC).date() == dt.date(2026, 1, 31)
    history = [Step(late_january.astimezone(UTC), "submit", "submitted", late_january),
               Step(late_january.astimezone(UTC), "approve", "published", first_february.astimezone(UTC)),
               Step(first_february.astimezone(UTC), "answer", "fulfilled", first_february + dt.timedelta(days=3))]
    c = figures(history)
    assert c.counts == counts((JAN, "submitted"), (FEB, "response_due"), (FEB, "response_met"), (FEB, "fulfilled"))
    assert c.days == Counter({(FEB, 1): 1})  # one local calendar day, though the same UTC date


def test_an_escalation_counts_in_its_month_and_changes_no_rate():
    plain = [*board(t(1, 29), t(2, 3)), Step(t(2, 5), "claim", "claimed", promised(2, 20))]
    escalated = [plain[0], Step(t(1, 31, 12), "escalate_street", "submitted", t(1, 31, 9)),
                 Step(t(2, 2, 12), "escalate_district", "submitted", t(1, 31, 9)), *plain[1:]]
    before, after = figures(plain), figures(escalated)
    assert after.counts - before.counts == counts((JAN, "escalated"), (FEB, "escalated"))
    assert before.counts - after.counts == Counter()
    assert (after.response_pending, after.resolution_pending) == (before.response_pending, before.resolution_pending)


def test_a_wish_withdrawn_before_its_claim_deadline_is_no_failure():
    c = figures([*board(), Step(t(1, 10), "withdraw", "withdrawn", None)])
    assert c.counts == counts((JAN, "submitted"), (JAN, "withdrawn"))
    assert c.response_pending is None


def test_a_wish_withdrawn_unclaimed_after_its_deadline_is_a_miss():
    c = figures([*board(), Step(t(2, 2), "withdraw", "withdrawn", None)])
    assert c.counts == counts((JAN, "submitted"), (FEB, "withdrawn"), (JAN, "response_due"))
    assert c.response_pending is None


def test_a_wish_withdrawn_while_held_before_its_promise_leaves_the_resolution_void():
    c = figures([*worked(), Step(t(1, 18), "withdraw", "withdrawn", None)])
    assert c.counts == counts((JAN, "submitted"), (JAN, "withdrawn"), (JAN, "response_due"), (JAN, "response_met"))


def test_a_rejected_wish_has_no_response_deadline():
    c = figures([board()[0], Step(t(1, 6), "reject", "rejected", None)])
    assert c.counts == counts((JAN, "submitted"), (JAN, "rejected"))
    assert c.days == Counter() and c.response_pending is None


def test_a_merged_wish_counts_as_submitted_only_unless_its_deadline_had_passed():
    merged = Step(t(1, 7), "merge", "merged", None)
    assert figures([board()[0], merged]).counts == counts((JAN, "submitted"))
    assert figures([*board(), merged]).counts == counts((JAN, "submitted"))
    late = figures([*board(), Step(t(1, 20), "merge", "merged", None)])
    assert late.counts == counts((JAN, "submitted"), (JAN, "response_due"))


def test_a_wish_not_yet_due_is_pending():
    c = figures(board())
    assert c.counts == counts((JAN, "submitted"), (JAN, "response_due"))
    assert c.response_pending == t(1, 13) and c.resolution_pending is None
    held = figures(worked())
    assert held.counts[JAN, "response_met"] == 1 and held.counts[JAN, "resolution_due"] == 1
    assert held.response_pending is None and held.resolution_pending == promised(1, 20)


def test_a_disputed_fulfilment_does_not_stand_until_fulfilled_again():
    disputed = [*worked(), fulfil(t(1, 15)), Step(t(1, 16), "dispute", "in_progress", t(1, 23))]
    c = figures(disputed)
    assert c.counts[JAN, "fulfilled"] == 0 and c.days == Counter()
    assert c.counts[JAN, "resolution_due"] == 1 and c.counts[JAN, "resolution_met"] == 0
    assert c.resolution_pending == promised(1, 20)
    on_time = figures([*disputed, fulfil(t(1, 19))])
    assert on_time.counts[JAN, "fulfilled"] == on_time.counts[JAN, "resolution_met"] == 1
    assert on_time.days == Counter({(JAN, 13): 1}) and on_time.resolution_pending is None
    late = figures([*disputed, fulfil(t(2, 1)), Step(t(2, 2), "confirm", "closed", None)], satisfaction="satisfied")
    assert late.counts == counts(
        (JAN, "submitted"), (JAN, "response_due"), (JAN, "response_met"), (JAN, "resolution_due"),
        (FEB, "fulfilled"), (FEB, "rated"), (FEB, "satisfied"),
    )
    assert late.days == Counter({(FEB, 26): 1})
    withdrawn = figures([*disputed, Step(t(1, 25), "withdraw", "withdrawn", None)])
    assert withdrawn.counts[JAN, "resolution_due"] == 1 and withdrawn.counts[JAN, "resolution_met"] == 0
    assert withdrawn.counts[JAN, "fulfilled"] == 0 and withdrawn.resolution_pending is None


def test_a_wish_answered_by_a_project_without_a_claim():
    c = figures([*board(), Step(t(1, 10), "answer", "fulfilled", t(1, 13))])
    assert c.counts == counts((JAN, "submitted"), (JAN, "response_due"), (JAN, "response_met"), (JAN, "fulfilled"))
    assert c.days == Counter({(JAN, 4): 1})  # from publication
    assert (c.response_pending, c.resolution_pending) == (None, None)
    unpublished = figures([board()[0], Step(t(1, 10), "answer", "fulfilled", t(1, 13))])
    assert unpublished.counts == counts((JAN, "submitted"), (JAN, "fulfilled"))
    assert unpublished.days == Counter({(JAN, 5): 1})  # never published: from its submission on 5 January
    late = figures([*board(), Step(t(1, 20), "answer", "fulfilled", t(1, 23))])
    assert late.counts[JAN, "response_due"] == 1 and late.counts[JAN, "response_met"] == 0
    held = figures([*worked(), Step(t(1, 18), "answer", "fulfilled", t(1, 21))])  # the claim's promise still counts
    assert held.counts[JAN, "resolution_due"] == held.counts[JAN, "resolution_met"] == 1
    assert held.days == Counter({(JAN, 12): 1})


def test_a_member_fulfilment_counts_its_hours_and_a_priority_household_is_served():
    c = figures(ON_TIME, satisfaction="satisfied", by_member=True, member_tenth_hours=25, served_resident=7)
    assert c.counts[JAN, "member_fulfilled"] == 1 and c.counts[JAN, "member_tenth_hours"] == 25
    assert c.served == Counter({(7, JAN): 1})
    unfinished = figures(worked(), by_member=True, member_tenth_hours=25, served_resident=7)
    assert unfinished.counts[JAN, "member_fulfilled"] == unfinished.counts[JAN, "member_tenth_hours"] == 0
    assert unfinished.served == Counter()


def test_notes_and_escalations_in_a_held_state_are_no_fulfilment():
    notes = [Step(t(1, 9), "record_volunteer", "in_progress", promised(1, 20)),
             Step(t(1, 16), "add_photos", "fulfilled", t(1, 18)), Step(t(1, 17), "merged_in", "fulfilled", t(1, 18)),
             Step(t(2, 2), "escalate_street", "fulfilled", t(1, 18))]
    c = figures([*worked(), notes[0], fulfil(t(1, 15)), *notes[1:]])
    assert c.counts == figures([*worked(), fulfil(t(1, 15))]).counts + counts((FEB, "escalated"))
    assert c.days == Counter({(JAN, 9): 1})


def test_json_round_trip_and_delta():
    c = figures(ON_TIME, satisfaction="satisfied", by_member=True, member_tenth_hours=25, served_resident=7)
    back = Contribution.from_json(c.as_json())
    assert (back.counts, back.days, back.served) == (c.counts, c.days, c.served)
    assert Contribution.from_json(None).as_json() == {"c": [], "d": [], "s": []}
    d = delta(figures(board()), c)
    assert d.counts[JAN, "fulfilled"] == -1 and d.counts[JAN, "response_due"] == 0


# A random walk through the state table, with notes and escalations between the moves.
MOVES = {
    "submitted": [("approve", "published"), ("reject", "rejected"), ("dispatch", "dispatched"),
                  ("withdraw", "withdrawn"), ("merge", "merged"), ("answer", "fulfilled")],
    "published": [("dispatch", "dispatched"), ("claim", "claimed"), ("withdraw", "withdrawn"), ("merge", "merged"),
                  ("answer", "fulfilled")],
    "dispatched": [("dispatch", "dispatched"), ("recall", "published"), ("decline", "published"),
                   ("claim", "claimed"), ("withdraw", "withdrawn"), ("merge", "merged"), ("answer", "fulfilled")],
    "claimed": [("release", "published"), ("start", "in_progress"), ("withdraw", "withdrawn"),
                ("answer", "fulfilled")],
    "in_progress": [("release", "published"), ("fulfil", "fulfilled"), ("withdraw", "withdrawn"),
                    ("answer", "fulfilled")],
    "fulfilled": [("confirm", "closed"), ("dispute", "in_progress")],
}
NOTES = ["escalate_street", "escalate_district", "record_volunteer", "add_photos", "merged_in"]
START = dt.datetime(2025, 12, 20, tzinfo=UTC)


@st.composite
def histories(draw) -> list[Step]:
    at, state, history = START, "submitted", []
    history.append(Step(at, "submit", state, at + dt.timedelta(days=2)))
    for _ in range(draw(st.integers(0, 12))):
        at += dt.timedelta(minutes=draw(st.integers(0, 60 * 24 * 9)))
        moves = MOVES.get(state, [])
        if draw(st.integers(0, 3)) == 0 or not moves:  # a finished wish takes notes, never escalates
            action, to_state = draw(st.sampled_from(NOTES if moves else NOTES[2:])), state
        else:
            action, to_state = draw(st.sampled_from(moves))
        due = None if to_state in ("closed", "rejected", "withdrawn", "merged") else (
            at + dt.timedelta(minutes=draw(st.integers(0, 60 * 24 * 30))))
        history.append(Step(at, action, to_state, due))
        state = to_state
    return history


def contributions():
    return st.builds(
        lambda h, s, m, tenths, r: figures(h, satisfaction=s, by_member=m, member_tenth_hours=tenths,
                                           served_resident=r),
        histories(), st.sampled_from(["", "satisfied", "basically_satisfied", "unsatisfied"]), st.booleans(),
        st.integers(0, 1000), st.none() | st.integers(1, 5),
    )


@given(contributions())
def test_every_history_gives_sane_figures(c):
    assert all(n > 0 for n in (*c.counts.values(), *c.days.values(), *c.served.values()))
    assert all(k in COUNTERS and m.day == 1 for m, k in c.counts)
    assert sum(n for (_m, k), n in c.counts.items() if k == "submitted") == 1
    assert sum(n for (_m, k), n in c.counts.items() if k == "fulfilled") == sum(c.days.values()) <= 1
    assert all(d >= 0 for _m, d in c.days)
    for month in {m for m, _k in c.counts}:
        assert c.counts[month, "response_met"] <= c.counts[month, "response_due"]
        assert c.counts[month, "resolution_met"] <= c.counts[month, "resolution_due"]
        assert c.counts[month, "satisfied"] <= c.counts[month, "rated"]
        assert c.counts[month, "member_fulfilled"] <= c.counts[month, "fulfilled"]
    back = Contribution.from_json(c.as_json())
    assert (back.counts, back.days, back.served) == (c.counts, c.days, c.served)
    empty = delta(c, c)
    assert not (empty.counts or empty.days or empty.served)


@given(contributions(), contributions())
def test_a_delta_added_to_the_old_gives_the_new(a, b):
    d = delta(a, b)
    for name in ("counts", "days", "served"):
        total = Counter(getattr(b, name))
        for key, n in getattr(d, name).items():
            total[key] += n
        assert +total == getattr(a, name)
        assert all(n != 0 for n in getattr(d, name).values())


def test_a_first_deadline_written_before_deadlines_were_recorded_is_never_replaced_by_a_later_one():
    # An upgraded history: the publication and the claim carry no deadline; events after them do.
    history = [Step(t(1, 5, 9), "submit", "submitted"), Step(t(1, 6), "approve", "published"),
               Step(t(1, 20), "escalate_street", "published", t(1, 25)), Step(t(1, 21), "claim", "claimed"),
               Step(t(1, 22), "record_volunteer", "claimed", t(2, 10))]
    c = figures(history)
    assert c.counts == counts((JAN, "submitted"), (JAN, "escalated"))
    assert (c.response_pending, c.resolution_pending) == (None, None)
