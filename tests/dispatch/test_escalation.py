"""The escalation scan: one level at a time, told to the responsible people, never twice."""

import datetime as dt

import pytest
from django.db import transaction

from sanji.core import clock
from sanji.dispatch.escalation import escalate_overdue
from sanji.dispatch.models import Escalation
from sanji.notices.models import Notice
from sanji.wishes.models import Wish, WishEvent, WishPolicy

from ..factories import fresh
from ..wishes.helpers import act, submit, to_state

DAY = dt.timedelta(days=1)


def later(days: float) -> dt.datetime:
    return clock.now() + dt.timedelta(days=days)


def test_a_new_wish_escalates_when_its_review_is_due(world):
    wish = submit(world)
    assert wish.escalate_at == wish.review_due
    assert wish.escalation_level == "community"


def test_nothing_escalates_before_the_deadline(world):
    submit(world)
    assert escalate_overdue(now=later(1.9)) == 0


def test_an_overdue_review_escalates_to_the_street_and_tells_its_officer(world):
    wish = submit(world)
    moment = later(2.5)
    assert escalate_overdue(now=moment) == 1
    wish.refresh_from_db()
    assert wish.escalation_level == "street"
    assert wish.escalated_at == moment
    assert wish.escalate_at == moment + 2 * DAY  # the street has the policy's two days
    assert wish.state == "submitted"  # escalation does not change the step
    esc = Escalation.objects.get(wish=wish)
    assert (esc.from_level, esc.to_level, esc.step, esc.due_at) == ("community", "street", "review", wish.review_due)
    event = WishEvent.objects.get(wish=wish, action="escalate_street")
    assert event.actor is None and event.note == "review"
    notice = Notice.objects.get(recipient=world.street_officer, channel="inbox")
    assert notice.kind == "wish_escalated"
    assert notice.params["wishes"][0]["id"] == wish.pk
    assert not Notice.objects.filter(recipient=world.district_admin).exists()


def test_running_the_scan_twice_escalates_nothing_twice(world):
    submit(world)
    submit(world, text="第二个心愿")
    moment = later(3)
    assert escalate_overdue(now=moment) == 2
    assert escalate_overdue(now=moment) == 0
    assert escalate_overdue(now=moment + DAY) == 0
    assert Escalation.objects.count() == 2
    assert WishEvent.objects.filter(action__startswith="escalate").count() == 2
    assert Notice.objects.filter(recipient=world.street_officer, channel="inbox").count() == 1


def test_the_street_gets_its_days_then_the_district_is_told_and_nothing_goes_higher(world):
    wish = submit(world)
    first = later(3)
    escalate_overdue(now=first)
    assert escalate_overdue(now=first + 1.9 * DAY) == 0
    assert escalate_overdue(now=first + 2 * DAY) == 1
    wish.refresh_from_db()
    assert wish.escalation_level == "district"
    assert wish.escalate_at is None
    assert Notice.objects.filter(recipient=world.district_admin, kind="wish_escalated").exists()
    assert escalate_overdue(now=first + 100 * DAY) == 0
    assert list(Escalation.objects.filter(wish=wish).values_list("to_level", flat=True).order_by("at")) == [
        "street", "district"]


def test_acting_on_an_escalated_wish_moves_its_next_escalation_to_the_new_deadline(world):
    wish = submit(world)
    moment = later(3)
    escalate_overdue(now=moment)
    with clock.at(moment + dt.timedelta(hours=1)):
        wish = act(wish, "approve", world.staff_a)
    assert wish.escalation_level == "street"
    # claim due in 7 days is later than the street's 2 days: the claim deadline rules.
    assert wish.escalate_at == wish.claim_due


def test_a_closed_wish_never_escalates(world):
    wish = to_state(world, "closed")
    assert wish.escalate_at is None
    assert escalate_overdue(now=later(400)) == 0


@pytest.mark.parametrize("state, step", [
    ("published", "claim"), ("dispatched", "claim"), ("claimed", "fulfil"), ("in_progress", "fulfil"),
    ("fulfilled", "followup"),
])
def test_every_open_step_escalates_on_its_own_deadline(world, state, step):
    wish = to_state(world, state)
    due = {"claim": wish.claim_due, "fulfil": wish.fulfil_due, "followup": wish.followup_due}[step]
    assert wish.escalate_at == due
    assert escalate_overdue(now=due - dt.timedelta(seconds=1)) == 0
    assert escalate_overdue(now=due) == 1
    assert Escalation.objects.get(wish=wish).step == step


def test_a_street_policy_overrides_the_days_to_act(world):
    WishPolicy.objects.create(area=world.street, escalation_days=5)
    wish = submit(world)
    moment = later(3)
    escalate_overdue(now=moment)
    wish.refresh_from_db()
    assert wish.escalate_at == moment + 5 * DAY


def test_a_scan_rolled_back_leaves_no_trace(world):
    submit(world)
    with pytest.raises(RuntimeError), transaction.atomic():
        escalate_overdue(now=later(3))
        raise RuntimeError
    assert Wish.objects.get().escalation_level == "community"
    assert not Escalation.objects.exists() and not Notice.objects.exists()


def test_chunks_cover_every_due_wish(world):
    for i in range(7):
        submit(world, text=f"心愿{i}")
    assert escalate_overdue(now=later(3), chunk=3) == 7
    assert Escalation.objects.count() == 7


def test_the_digest_names_each_community_and_missed_step(world):
    submit(world)
    with clock.at(clock.now()):
        from sanji.wishes import services

        services.wish_submit(actor=fresh(world.resident_b), text="邻居装修太吵")
    escalate_overdue(now=later(3))
    notice = Notice.objects.get(recipient=world.street_officer, channel="inbox")
    assert {w["community"] for w in notice.params["wishes"]} == {"仰口路社区", "湛山一路社区"}
    assert {w["step"] for w in notice.params["wishes"]} == {"review"}


def test_every_chunk_of_a_backlog_reaches_the_responsible_people(world):
    wishes = [submit(world, text=f"心愿{i}") for i in range(3)]
    assert escalate_overdue(now=later(3), chunk=1) == 3
    told = [w["id"] for n in Notice.objects.filter(recipient=world.street_officer, channel="inbox")
            for w in n.params["wishes"]]
    assert sorted(told) == sorted(w.pk for w in wishes)


def test_a_wish_scheduled_without_a_deadline_does_not_block_the_others(world):
    broken = to_state(world, "published")
    Wish.objects.filter(pk=broken.pk).update(claim_due=None)  # as if written by hand in the database
    fine = submit(world, text="正常的心愿")
    assert escalate_overdue(now=later(400)) == 1
    assert Escalation.objects.get().wish_id == fine.pk
    broken.refresh_from_db()
    assert broken.escalate_at is None


def test_a_dropped_row_does_not_end_the_run_early(world):
    broken = to_state(world, "published")
    Wish.objects.filter(pk=broken.pk).update(claim_due=None, escalate_at=clock.now() - 10 * DAY)
    fine = submit(world, text="正常的心愿")
    assert escalate_overdue(now=later(3), chunk=1) == 1
    assert Escalation.objects.get().wish_id == fine.pk


def test_a_street_without_an_officer_has_the_district_told(world):
    from sanji.core.models import RoleGrant

    RoleGrant.objects.filter(user=world.street_officer).delete()
    submit(world)
    escalate_overdue(now=later(3))
    notice = Notice.objects.get(recipient=world.district_admin, channel="inbox")
    assert notice.params["area"] == world.street.name
