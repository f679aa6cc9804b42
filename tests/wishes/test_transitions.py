"""Every transition of domain.md §2, who may make it, and every refusal."""

import datetime as dt
from decimal import Decimal

import pytest

from sanji.core import clock
from sanji.core.errors import AlreadyClaimed, Forbidden, IllegalTransition, InvalidInput, NotFound
from sanji.wishes.models import Claim, WishEvent, WishState
from sanji.wishes.transitions import ACTIONS, available_actions

from ..factories import fresh
from .helpers import act, submit, to_state

pytestmark = pytest.mark.django_db
S = WishState


def events(wish):
    return list(WishEvent.objects.filter(wish=wish).values_list("action", "from_state", "to_state"))


def test_submit_records_an_event_and_the_review_deadline(world):
    moment = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    with clock.at(moment):
        wish = submit(world)
    assert wish.state == S.SUBMITTED
    assert wish.community == world.a
    assert wish.review_due == moment + dt.timedelta(days=2)
    assert events(wish) == [("submit", "", "submitted")]
    event = wish.events.get()
    assert event.actor == world.resident_a and event.at == moment


def test_full_loop_writes_one_event_per_change(world):
    wish = to_state(world, "closed")
    assert wish.state == S.CLOSED
    assert [e[0] for e in events(wish)] == ["submit", "approve", "claim", "start", "fulfil", "confirm"]
    assert [e[2] for e in events(wish)] == ["submitted", "published", "claimed", "in_progress", "fulfilled",
                                             "closed"]
    assert wish.satisfaction == "satisfied"
    assert not Claim.objects.filter(wish=wish, active=True).exists()


def test_deadlines_follow_each_step(world):
    start = dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC)
    with clock.at(start):
        wish = submit(world)
    with clock.at(start + dt.timedelta(days=1)):
        wish = act(wish, "approve", world.staff_a)
    assert wish.claim_due == start + dt.timedelta(days=8)
    with clock.at(start + dt.timedelta(days=2)):
        wish = act(wish, "claim", world.member_a, promised_date="2026-03-20")
    assert wish.fulfil_due.date() == dt.date(2026, 3, 20)
    with clock.at(start + dt.timedelta(days=3)):
        wish = act(wish, "start", world.member_a)
        wish = act(wish, "fulfil", world.member_a, note="完成")
    assert wish.followup_due == start + dt.timedelta(days=6)


def test_promised_date_beyond_the_limit_is_refused(world):
    wish = to_state(world, "published")
    far = (clock.now() + dt.timedelta(days=45)).date().isoformat()
    with pytest.raises(InvalidInput) as refused:
        act(wish, "claim", world.member_a, promised_date=far)
    assert refused.value.extra["field"] == "promised_date"
    wish.refresh_from_db()
    assert wish.state == S.PUBLISHED and not Claim.objects.filter(wish=wish).exists()


@pytest.mark.parametrize("bad", ["not-a-date", "2020-01-01"])
def test_bad_promised_date_names_the_field(world, bad):
    wish = to_state(world, "published")
    with pytest.raises(InvalidInput) as refused:
        act(wish, "claim", world.member_a, promised_date=bad)
    assert refused.value.extra["field"] == "promised_date"


def test_reject_needs_a_reason_and_changes_nothing_without_one(world):
    wish = submit(world)
    with pytest.raises(InvalidInput) as refused:
        act(wish, "reject", world.staff_a, reason="  ")
    assert refused.value.extra["field"] == "reason"
    wish.refresh_from_db()
    assert wish.state == S.SUBMITTED and len(events(wish)) == 1
    wish = act(wish, "reject", world.staff_a, reason="请走临时救助")
    assert wish.state == S.REJECTED and wish.reject_reason == "请走临时救助"


def test_dispatch_then_the_named_claimer_accepts(world):
    unit_claimer = fresh(world.unit_a).grants.get().partner_unit.claimer
    wish = act(submit(world), "dispatch", world.staff_a, assignee=unit_claimer.pk)
    assert wish.state == S.DISPATCHED and wish.dispatched_to == unit_claimer
    with pytest.raises(Forbidden):
        act(wish, "claim", world.member_a)
    wish = act(wish, "claim", world.unit_a)
    assert wish.state == S.CLAIMED and wish.holder == unit_claimer and wish.dispatched_to is None


def test_decline_returns_a_dispatched_wish_to_the_board(world):
    wish = to_state(world, "dispatched")
    with pytest.raises(InvalidInput):
        act(wish, "decline", world.member_a)
    wish = act(wish, "decline", world.member_a, reason="近期出差")
    assert wish.state == S.PUBLISHED and wish.dispatched_to is None and wish.claim_due is not None


def test_dispatch_refuses_a_claimer_who_does_not_serve_the_community(world):
    other = fresh(world.member_b).party_member.claimer
    with pytest.raises(InvalidInput) as refused:
        act(submit(world), "dispatch", world.staff_a, assignee=other.pk)
    assert refused.value.extra["field"] == "assignee"
    with pytest.raises(InvalidInput):
        act(submit(world), "dispatch", world.staff_a, assignee="x")
    with pytest.raises(InvalidInput):
        act(submit(world), "dispatch", world.staff_a)


def test_release_puts_the_wish_back_and_ends_the_claim(world):
    wish = to_state(world, "in_progress")
    wish = act(wish, "release", world.member_a, reason="身体原因无法继续")
    assert wish.state == S.PUBLISHED and wish.holder is None
    assert not Claim.objects.filter(wish=wish, active=True).exists()
    wish = act(wish, "claim", world.unit_a)
    assert wish.state == S.CLAIMED


def test_dispute_sends_a_fulfilled_wish_back_to_work(world):
    wish = to_state(world, "fulfilled")
    with pytest.raises(InvalidInput):
        act(wish, "dispute", world.resident_a)
    wish = act(wish, "dispute", world.resident_a, reason="只来了一次")
    assert wish.state == S.IN_PROGRESS and wish.fulfilled_at is None
    assert wish.holder is not None


def test_confirm_needs_a_known_satisfaction(world):
    wish = to_state(world, "fulfilled")
    for bad in ("", "great"):
        with pytest.raises(InvalidInput) as refused:
            act(wish, "confirm", world.resident_a, satisfaction=bad)
        assert refused.value.extra["field"] == "satisfaction"
    wish = act(wish, "confirm", world.staff_a, satisfaction="basically_satisfied", note="回访")
    assert wish.state == S.CLOSED and wish.closed_at is not None


@pytest.mark.parametrize("state", ["submitted", "published", "dispatched", "claimed", "in_progress"])
def test_withdraw_before_fulfilment(world, state):
    wish = act(to_state(world, state), "withdraw", world.resident_a)
    assert wish.state == S.WITHDRAWN and wish.holder is None


#: For every state, the actions its table allows; everything else must be refused with 409.
ALLOWED = {
    "submitted": {"approve", "reject", "dispatch", "withdraw", "merge", "answer"},
    "rejected": set(),
    "withdrawn": set(),
    "published": {"dispatch", "claim", "withdraw", "merge", "answer"},
    "dispatched": {"dispatch", "recall", "claim", "decline", "withdraw", "merge", "answer"},
    "claimed": {"release", "start", "withdraw", "answer"},
    "in_progress": {"release", "fulfil", "withdraw", "answer"},
    "fulfilled": {"confirm", "dispute"},
    "closed": set(),
    "merged": set(),
}


def test_the_table_matches_the_domain():
    table = {state: {a.name for a in ACTIONS.values() if state in a.sources} for state in S.values}
    assert table == ALLOWED


@pytest.mark.parametrize("state", list(ALLOWED))
def test_illegal_transitions_are_refused_and_change_nothing(world, state):
    wish = to_state(world, state)
    before = events(wish)
    for action in {name for name, spec in ACTIONS.items() if spec.offered} - ALLOWED[state]:
        expected = AlreadyClaimed if action == "claim" and wish.holder_id else IllegalTransition
        with pytest.raises(expected):
            act(wish, action, world.district_admin, reason="x", note="x", satisfaction="satisfied")
        wish.refresh_from_db()
        assert wish.state == state
    assert events(wish) == before


def test_an_action_not_offered_is_unknown_unless_a_service_takes_it(world):
    wish = to_state(world, "claimed")
    with pytest.raises(InvalidInput):
        act(wish, "answer", world.district_admin, note="由项目统一解决")
    wish.refresh_from_db()
    assert wish.state == S.CLAIMED and wish.holder_id is not None
    from sanji.wishes.transitions import transition

    answered = transition(wish_id=wish.pk, action="answer", actor=fresh(world.district_admin),
                          params={"note": "由项目统一解决"}, internal=True)
    assert answered.state == S.FULFILLED and answered.holder_id is None
    assert not answered.claims.filter(active=True).exists()


def test_people_without_the_right_are_forbidden(world):
    wish = submit(world)
    with pytest.raises(Forbidden):
        act(wish, "approve", world.resident_a)
    published = to_state(world, "published")
    with pytest.raises(Forbidden):
        act(published, "claim", world.staff_b.__class__.objects.get(pk=world.resident_a.pk))
    claimed = to_state(world, "claimed")
    with pytest.raises(Forbidden):
        act(claimed, "start", world.unit_a)
    fulfilled = to_state(world, "fulfilled")
    with pytest.raises(Forbidden):
        act(fulfilled, "confirm", world.member_a, satisfaction="satisfied")


def test_outside_scope_reads_as_not_found(world):
    wish = submit(world)
    for user in (world.staff_b, world.resident_b, world.member_b, world.outsider):
        with pytest.raises(NotFound):
            act(wish, "approve", user)
    wish.refresh_from_db()
    assert wish.state == S.SUBMITTED


def test_street_and_district_cover_their_subtree(world):
    assert act(submit(world), "approve", world.street_officer).state == S.PUBLISHED
    assert act(submit(world), "approve", world.district_admin).state == S.PUBLISHED


def test_claim_of_a_held_wish_says_already_claimed(world):
    wish = to_state(world, "claimed")
    with pytest.raises(AlreadyClaimed):
        act(wish, "claim", world.unit_a)


def test_unknown_action(world):
    with pytest.raises(InvalidInput):
        act(submit(world), "explode", world.staff_a)


def test_available_actions_for_each_role(world):
    wish = submit(world)
    names = lambda user: {a.name for a in available_actions(fresh(user), wish)}  # noqa: E731
    assert names(world.staff_a) == {"approve", "reject", "dispatch", "withdraw", "merge"}
    assert names(world.resident_a) == {"withdraw"}
    assert names(world.member_a) == set()
    published = to_state(world, "published")
    assert {a.name for a in available_actions(fresh(world.member_a), published)} == {"claim"}


def test_submit_validates_text_value_and_resident(world):
    with pytest.raises(InvalidInput) as refused:
        submit(world, text="   ")
    assert refused.value.extra["field"] == "text"
    with pytest.raises(InvalidInput) as refused:
        submit(world, promised_value="800")
    assert refused.value.extra["field"] == "promised_value"
    assert submit(world, promised_value="800", needs_policy=True).promised_value == Decimal("800.00")
    with pytest.raises(InvalidInput) as refused:
        submit(world, promised_value="abc")
    assert refused.value.extra["field"] == "promised_value"
    with pytest.raises(InvalidInput) as refused:
        submit(world, category="nope")
    assert refused.value.extra["field"] == "category"
    assert submit(world, category="tutoring").duty_type.code == "tutoring"


def test_staff_submits_for_a_resident_in_scope_only(world):
    from sanji.core.models import Resident
    from sanji.wishes.services import wish_submit

    resident_a = Resident.objects.get(user=world.resident_a)
    resident_b = Resident.objects.get(user=world.resident_b)
    wish = wish_submit(actor=fresh(world.staff_a), text="老人想要一台轮椅", resident=resident_a.pk)
    assert wish.channel == "visit" and wish.beneficiary == resident_a and wish.submitted_by == world.staff_a
    with pytest.raises(InvalidInput) as refused:
        wish_submit(actor=fresh(world.staff_a), text="x", resident=resident_b.pk)
    assert refused.value.extra["field"] == "resident"
    with pytest.raises(InvalidInput):
        wish_submit(actor=fresh(world.staff_a), text="x")


def test_external_ref_makes_a_retry_return_the_same_wish(world):
    first = submit(world, external_ref="visit-7f3a")
    again = submit(world, external_ref="visit-7f3a")
    assert first.pk == again.pk
    from sanji.wishes.models import Wish

    assert Wish.objects.filter(external_ref="visit-7f3a").count() == 1


def test_the_database_refuses_a_second_active_claim(world):
    from django.db import IntegrityError, transaction

    wish = to_state(world, "claimed")
    claim = Claim.objects.get(wish=wish)
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.create(wish=wish, claimer=claim.claimer, claimed_at=claim.claimed_at)
