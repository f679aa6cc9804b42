"""Batch dispatch: propose within capacity, edit, confirm through the wish's own transitions."""

import pytest

from sanji.core.errors import IllegalTransition, InvalidInput, NotFound
from sanji.core.models import Claimer
from sanji.dispatch import services
from sanji.dispatch.models import ClaimerProfile, Objective
from sanji.notices.models import Notice
from sanji.wishes.models import DutyType, Wish

from ..factories import fresh, partner_unit
from ..wishes.helpers import act, submit


def published(world, n, category="home_repair"):
    return [act(submit(world, text=f"水龙头漏水{i}", category=category), "approve", world.staff_a) for i in range(n)]


def member_claimer(user):
    return fresh(user).party_member.claimer


def profile(claimer, capacity, *codes):
    return services.profile_set(claimer=claimer, capacity=capacity,
                                duty_types=DutyType.objects.filter(code__in=codes))


def propose(world, objective=Objective.MAX_SCORE, area=None):
    return services.batch_propose(actor=fresh(world.street_officer), area_id=(area or world.street).pk,
                                  objective=objective)


def test_the_proposal_respects_capacity_and_prefers_the_best_fit(world):
    wishes = published(world, 3)
    member = member_claimer(world.member_a)
    profile(member, 2, "home_repair")
    batch = propose(world)
    lines = {line.wish_id: line for line in batch.lines.all()}
    assert set(lines) == {w.pk for w in wishes}
    to_member = [line for line in lines.values() if line.claimer_id == member.pk]
    assert len(to_member) == 2  # the member's capacity
    other = next(line for line in lines.values() if line.claimer_id != member.pk)
    assert other.claimer_id is not None and other.score < to_member[0].score
    assert batch.total_score == sum(line.score for line in lines.values())
    assert {r["code"] for r in to_member[0].reasons} >= {"level", "skill", "distance", "load", "rating"}
    assert Wish.objects.filter(state="published").count() == 3  # nothing sent yet


def test_wishes_outside_the_area_or_needing_policy_are_left_out(world):
    a_wish = published(world, 1)[0]
    policy_wish = act(submit(world, text="要申请廉租房", needs_policy=True), "approve", world.staff_a)
    with pytest.raises(InvalidInput):  # nothing waits in community B
        propose(world, area=world.b)
    batch = propose(world)
    assert list(batch.lines.values_list("wish_id", flat=True)) == [a_wish.pk]
    assert policy_wish.pk not in batch.lines.values_list("wish_id", flat=True)


def test_a_reviewer_of_one_community_cannot_batch_the_street(world):
    with pytest.raises(NotFound):
        services.batch_propose(actor=fresh(world.staff_a), area_id=world.street.pk)
    with pytest.raises(NotFound):
        services.batch_propose(actor=fresh(world.member_a), area_id=world.a.pk)
    with pytest.raises(InvalidInput):
        services.batch_propose(actor=fresh(world.staff_a), area_id=world.a.pk, objective="greedy")


def test_max_count_dispatches_more_wishes_when_capacity_is_scarce(world):
    # One claimer fits both wishes best but holds one; the other claimer answers for one type only.
    repair = published(world, 1, "home_repair")[0]
    tutoring = published(world, 1, "tutoring")[0]
    for claimer in Claimer.objects.all():
        profile(claimer, 0)
    member = member_claimer(world.member_a)
    profile(member, 1, "home_repair", "tutoring")
    unit = partner_unit([world.a], name="物业公司").claimer
    profile(unit, 1, "home_repair")
    best = propose(world, Objective.MAX_SCORE)
    count_first = propose(world, Objective.MAX_COUNT_THEN_SCORE)
    assert best.lines.exclude(claimer=None).count() <= count_first.lines.exclude(claimer=None).count()
    assert count_first.lines.exclude(claimer=None).count() == 2
    chosen = dict(count_first.lines.values_list("wish_id", "claimer_id"))
    assert chosen == {repair.pk: unit.pk, tutoring.pk: member.pk}


def test_confirming_dispatches_each_line_and_tells_the_claimers(world):
    published(world, 2)
    profile(member_claimer(world.member_a), 5, "home_repair")
    batch = propose(world)
    batch = services.batch_decide(actor=fresh(world.street_officer), batch_id=batch.pk, decision="confirm")
    assert batch.state == "confirmed" and batch.decided_by == world.street_officer
    assert set(batch.lines.values_list("outcome", flat=True)) == {"dispatched"}
    assert set(Wish.objects.values_list("state", flat=True)) == {"dispatched"}
    assert Notice.objects.filter(recipient=world.member_a, kind="wish_dispatched", channel="inbox").count() == 2
    with pytest.raises(IllegalTransition):
        services.batch_decide(actor=fresh(world.street_officer), batch_id=batch.pk, decision="confirm")


def test_a_wish_that_moved_on_is_skipped_with_the_reason(world):
    first, second = published(world, 2)
    profile(member_claimer(world.member_a), 5, "home_repair")
    batch = propose(world)
    act(first, "withdraw", world.resident_a)
    services.batch_decide(actor=fresh(world.street_officer), batch_id=batch.pk, decision="confirm")
    outcomes = dict(batch.lines.values_list("wish_id", "outcome"))
    assert outcomes == {first.pk: "skipped", second.pk: "dispatched"}
    assert batch.lines.get(wish=first).outcome_note


def test_discarding_sends_nothing(world):
    published(world, 1)
    batch = propose(world)
    services.batch_decide(actor=fresh(world.street_officer), batch_id=batch.pk, decision="discard")
    assert Wish.objects.get().state == "published"
    with pytest.raises(InvalidInput):
        services.batch_decide(actor=fresh(world.street_officer), batch_id=batch.pk, decision="maybe")


def test_editing_a_line_takes_only_a_candidate_with_room(world):
    w1, w2 = published(world, 2)
    member = member_claimer(world.member_a)
    profile(member, 1, "home_repair")
    batch = propose(world)
    line_to_member = batch.lines.get(claimer=member)
    other_line = batch.lines.exclude(pk=line_to_member.pk).get()
    officer = fresh(world.street_officer)
    with pytest.raises(InvalidInput) as full:
        services.batch_line_set(actor=officer, batch_id=batch.pk, line_id=other_line.pk, claimer_id=member.pk)
    assert full.value.extra["field"] == "claimer" and member.name in str(full.value.message)
    with pytest.raises(InvalidInput):
        services.batch_line_set(actor=officer, batch_id=batch.pk, line_id=other_line.pk, claimer_id=999999)
    services.batch_line_set(actor=officer, batch_id=batch.pk, line_id=line_to_member.pk, claimer_id="")
    batch.refresh_from_db()
    assert batch.lines.get(pk=line_to_member.pk).claimer_id is None
    assert batch.total_score == other_line.score
    services.batch_line_set(actor=officer, batch_id=batch.pk, line_id=other_line.pk, claimer_id=member.pk)
    services.batch_decide(actor=officer, batch_id=batch.pk, decision="confirm")
    assert batch.lines.get(pk=line_to_member.pk).outcome == "skipped"
    with pytest.raises(IllegalTransition):
        services.batch_line_set(actor=officer, batch_id=batch.pk, line_id=other_line.pk, claimer_id="")


def test_another_streets_officer_cannot_see_the_batch(world):
    from ..factories import area, staff

    published(world, 1)
    batch = propose(world)
    elsewhere = staff(area("八大峡街道", "street", world.district), "street_officer", username="far")
    with pytest.raises(NotFound):
        services.batch_decide(actor=elsewhere, batch_id=batch.pk, decision="confirm")


def test_a_claimer_at_capacity_gets_nothing(world):
    published(world, 2)
    for claimer in Claimer.objects.all():
        profile(claimer, 0)
    batch = propose(world)
    assert not batch.lines.exclude(claimer=None).exists()
    assert ClaimerProfile.objects.filter(capacity__gt=0).count() == 0


def test_confirming_skips_a_wish_dispatched_by_hand_since_the_proposal(world):
    wish = published(world, 1)[0]
    batch = propose(world)
    line = batch.lines.get()
    other = next(c["id"] for c in line.candidates if c["id"] != line.claimer_id)
    act(wish, "dispatch", world.staff_a, assignee=other)
    services.batch_decide(actor=fresh(world.street_officer), batch_id=batch.pk, decision="confirm")
    line.refresh_from_db()
    assert line.outcome == "skipped" and line.outcome_note
    assert Wish.objects.get().dispatched_to_id == other


def test_two_batches_cannot_overfill_a_shared_claimer(world):
    act(submit(world, category="home_repair"), "approve", world.staff_a)
    act(submit(world, category="home_repair", text="灯坏了"), "approve", world.staff_a)
    for claimer in Claimer.objects.all():
        profile(claimer, 0)
    unit = partner_unit([world.a], name="物业公司").claimer
    profile(unit, 1, "home_repair")
    first, second = propose(world), propose(world, area=world.a)
    assert first.lines.filter(claimer=unit).count() == 1 and second.lines.filter(claimer=unit).count() == 1
    officer = fresh(world.street_officer)
    services.batch_decide(actor=officer, batch_id=first.pk, decision="confirm")
    services.batch_decide(actor=officer, batch_id=second.pk, decision="confirm")
    assert Wish.objects.filter(dispatched_to=unit).count() == 1


def test_the_pick_is_always_among_the_candidates_offered(world):
    wish = published(world, 1)[0]
    for claimer in Claimer.objects.all():
        profile(claimer, 0)
    for i in range(7):  # better fits that are all full
        profile(partner_unit([world.a], name=f"满员单位{i}").claimer, 0, "home_repair")
    room = partner_unit([world.a], name="有空的单位").claimer
    profile(room, 1)
    line = propose(world).lines.get(wish=wish)
    assert line.claimer_id == room.pk
    assert [c["id"] for c in line.candidates] == [room.pk]


def test_a_district_runs_one_street_at_a_time(world):
    published(world, 1)
    with pytest.raises(NotFound):
        services.batch_propose(actor=fresh(world.district_admin), area_id=world.district.pk)
    assert services.batch_propose(actor=fresh(world.district_admin), area_id=world.street.pk).lines.count() == 1
