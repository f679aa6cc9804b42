"""Owners' votes: drafting, the 15-day notice and the frozen roll, ballots in the window, the count, the log."""

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.db import connection

from sanji.core import clock
from sanji.core.errors import Conflict, IllegalTransition, InvalidInput, NotFound
from sanji.property.models import Ballot, Owner, OwnersVote, RollUnit, Unit, VoteEvent
from sanji.property.selectors import owner_votes, vote_progress
from sanji.property.services.votes import ballot_enter, ballot_void, vote_create, vote_transition

from ..conftest import on_postgres
from ..factories import fresh
from .helpers import DAY, SECOND, SHANGHAI, T0, announced, cast, drafted, yard

pytestmark = pytest.mark.django_db


@pytest.fixture
def place(world):
    return yard(world.a)


def move(actor, vote, action, *, at, **kw):
    with clock.at(at):
        return vote_transition(actor=fresh(actor), vote_id=vote.pk, action=action, **kw)


def enter(actor, vote, owner, choice="yes", *, at=None, **kw):
    with clock.at(at or vote.opens_at):
        return ballot_enter(actor=fresh(actor), vote_id=vote.pk, owner_id=owner.pk, choice=choice, **kw)


def events(vote) -> list[tuple]:
    return list(VoteEvent.objects.filter(vote=vote).order_by("at", "pk").values_list("kind", "actor"))


# -- drafting ------------------------------------------------------------------------------------------------------

def test_a_vote_is_drafted_with_its_window(world, place):
    vote = drafted(world.staff_a, place.compound, matter="7")
    assert (vote.state, vote.matter, vote.opens_at, vote.closes_at) == ("draft", 7, T0 + 15 * DAY, T0 + 22 * DAY)
    assert events(vote) == [("drafted", world.staff_a.pk)]
    assert vote_progress(vote) is None


def test_a_time_without_zone_is_read_in_qingdao(world, place):
    with clock.at(T0):
        vote = vote_create(actor=world.staff_a, compound_id=place.compound.pk, matter=4, title="选聘物业",
                           proposal="选聘", opens_at="2026-03-20 08:00", closes_at="2026-03-27T20:00")
    assert vote.opens_at == dt.datetime(2026, 3, 20, 8, 0, tzinfo=SHANGHAI)


BAD_DRAFTS = [
    ({"matter": 0}, "matter"),
    ({"matter": 10}, "matter"),
    ({"matter": "三"}, "matter"),
    ({"matter": True}, "matter"),
    ({"title": " "}, "title"),
    ({"title": "长" * 121}, "title"),
    ({"proposal": ""}, "proposal"),
    ({"opens_at": "soon"}, "opens_at"),
    ({"opens_at": "1999-03-20 08:00"}, "opens_at"),
    ({"closes_at": "2026-03-20 08:00"}, "closes_at"),  # closes when it opens
    ({"closes_at": "2026-03-19 08:00"}, "closes_at"),
    ({"closes_at": "2026-06-20 08:00:01"}, "closes_at"),  # open more than 92 days
]


def test_a_bad_draft_is_refused(world, place):
    for values, field in BAD_DRAFTS:
        fields = {"matter": 4, "title": "选聘物业", "proposal": "选聘", "opens_at": "2026-03-20 08:00",
                  "closes_at": "2026-03-27 08:00"} | values
        with pytest.raises(InvalidInput) as refused:
            vote_create(actor=world.staff_a, compound_id=place.compound.pk, **fields)
        assert refused.value.extra["field"] == field, values
    assert not OwnersVote.objects.exists()


def test_a_window_of_92_days_is_allowed(world, place):
    assert drafted(world.staff_a, place.compound, window=92 * DAY).state == "draft"
    with pytest.raises(InvalidInput):
        drafted(world.staff_a, place.compound, window=92 * DAY + SECOND)


# -- announcing ----------------------------------------------------------------------------------------------------

def test_announcing_exactly_15_days_ahead_freezes_the_roll(world, place):
    vote = drafted(world.staff_a, place.compound)
    vote = move(world.staff_a, vote, "announce", at=vote.opens_at - 15 * DAY)
    assert (vote.state, vote.announced_at) == ("announced", T0)
    assert RollUnit.objects.filter(vote=vote).count() == 7
    assert events(vote)[-1] == ("announced", world.staff_a.pk)
    progress = vote_progress(vote)
    assert (progress.roll_owners, progress.roll_area, progress.voted_owners) == (5, Decimal("632.00"), 0)


def test_announcing_a_second_too_late_is_refused(world, place):
    vote = drafted(world.staff_a, place.compound)
    with pytest.raises(IllegalTransition) as refused:
        move(world.staff_a, vote, "announce", at=vote.opens_at - 15 * DAY + SECOND)
    assert "2026-03-17" in str(refused.value.message)  # the earliest day the ballot could open, announced now
    vote.refresh_from_db()
    assert vote.state == "draft" and not RollUnit.objects.exists() and len(events(vote)) == 1


def test_a_compound_without_units_cannot_announce(world):
    place = yard(world.a, [])
    vote = drafted(world.staff_a, place.compound)
    with pytest.raises(IllegalTransition):
        move(world.staff_a, vote, "announce", at=T0)


def test_later_registry_changes_do_not_move_the_count(world, place):
    vote = announced(world.staff_a, place.compound)
    wang, li = place.owner("王秀英"), place.owner("李建国")
    Unit.objects.filter(pk=place.units[("1号楼", "101")].pk).update(area=Decimal("999.99"))
    Unit.objects.filter(pk=place.units[("1号楼", "201")].pk).update(owner=wang)
    Unit.objects.create(building=place.units[("1号楼", "101")].building, number="301", area=500, owner=wang)
    assert RollUnit.objects.filter(vote=vote).count() == 7
    assert vote_progress(vote).roll_area == Decimal("632.00")
    enter(world.staff_a, vote, li)  # 李建国 sold after the announcement, and still votes on this one
    vote = move(world.staff_a, vote, "count", at=vote.closes_at)
    assert (vote.result["total_area"], vote.result["total_owners"], vote.result["yes_area"]) == ("632.00", 5, "90.00")


# -- ballots -------------------------------------------------------------------------------------------------------

def test_ballots_are_taken_only_while_the_window_is_open(world, place):
    vote = announced(world.staff_a, place.compound)
    wang, li, zhao = place.owner("王秀英"), place.owner("李建国"), place.owner("赵志刚")
    with pytest.raises(IllegalTransition):
        enter(world.staff_a, vote, wang, at=vote.opens_at - SECOND)
    enter(world.staff_a, vote, wang, at=vote.opens_at)
    enter(world.staff_a, vote, li, at=vote.closes_at - SECOND)
    with pytest.raises(IllegalTransition):
        enter(world.staff_a, vote, zhao, at=vote.closes_at)
    with pytest.raises(IllegalTransition):
        enter(world.staff_a, vote, zhao, at=vote.closes_at + DAY)
    assert Ballot.objects.filter(vote=vote).count() == 2


def test_a_draft_takes_no_ballot(world, place):
    vote = drafted(world.staff_a, place.compound)
    with pytest.raises(IllegalTransition):
        enter(world.staff_a, vote, place.owner("王秀英"))


def test_a_ballot_needs_an_owner_on_the_roll_and_a_known_choice(world, place):
    vote = announced(world.staff_a, place.compound)
    other = yard(world.a, [("1号楼", "101", "50", "外院", False)], name="仰口路19号院")
    late = place.compound.owners.create(name="新业主")
    for owner in (other.owner("外院"), late):
        with pytest.raises(InvalidInput) as refused:
            enter(world.staff_a, vote, owner)
        assert refused.value.extra["field"] == "owner"
    for choice, channel, field in (("maybe", "paper", "choice"), ("", "paper", "choice"), ("yes", "fax", "channel")):
        with pytest.raises(InvalidInput) as refused:
            enter(world.staff_a, vote, place.owner("王秀英"), choice, channel=channel)
        assert refused.value.extra["field"] == field
    assert not Ballot.objects.exists()


def test_one_ballot_per_owner_until_it_is_voided(world, place):
    vote = announced(world.staff_a, place.compound)
    wang = place.owner("王秀英")
    first = enter(world.staff_a, vote, wang, "no")
    with pytest.raises(Conflict):
        enter(world.staff_a, vote, wang, "yes")
    with pytest.raises(InvalidInput) as refused:
        with clock.at(vote.opens_at + SECOND):
            ballot_void(actor=world.staff_a, vote_id=vote.pk, ballot_id=first.pk, reason=" ")
    assert refused.value.extra["field"] == "reason"
    with clock.at(vote.opens_at + SECOND):
        voided = ballot_void(actor=fresh(world.street_officer), vote_id=vote.pk, ballot_id=first.pk,
                             reason="录错了选项")
    assert (voided.voided_at, voided.void_reason) == (vote.opens_at + SECOND, "录错了选项")
    with pytest.raises(NotFound), clock.at(vote.opens_at + SECOND):
        ballot_void(actor=world.staff_a, vote_id=vote.pk, ballot_id=first.pk, reason="再作废一次")
    second = enter(world.staff_a, vote, wang, "yes", at=vote.opens_at + 2 * SECOND)
    assert list(Ballot.objects.filter(vote=vote, voided_at__isnull=True)) == [second]
    assert events(vote)[2:] == [("ballot_entered", world.staff_a.pk), ("ballot_voided", world.street_officer.pk),
                                ("ballot_entered", world.staff_a.pk)]
    logged = VoteEvent.objects.filter(vote=vote, kind="ballot_voided").get().params
    assert logged == {"ballot": first.pk, "owner": wang.pk, "reason": "录错了选项"}


def test_no_ballot_is_voided_once_the_window_closed(world, place):
    vote = announced(world.staff_a, place.compound)
    [ballot] = cast(world.staff_a, vote, {place.owner("王秀英"): "yes"})
    with pytest.raises(IllegalTransition), clock.at(vote.closes_at):
        ballot_void(actor=world.staff_a, vote_id=vote.pk, ballot_id=ballot.pk, reason="太晚了")


def test_an_owner_votes_online_only_as_himself(world, place):
    vote = announced(world.staff_a, place.compound)
    wang, li = place.owner("王秀英"), place.owner("李建国")
    wang.user = world.resident_a
    wang.save()
    assert list(owner_votes(world.resident_a)) == [vote] and not owner_votes(world.resident_b).exists()
    with pytest.raises(InvalidInput):
        enter(world.resident_a, vote, li, channel="online")
    with pytest.raises(NotFound):
        enter(world.resident_a, vote, wang, channel="paper")  # paper ballots are entered by staff
    with pytest.raises(NotFound):
        enter(world.resident_b, vote, wang, channel="online")
    ballot = enter(world.resident_a, vote, wang, "no", channel="online")
    assert (ballot.channel, ballot.entered_by) == ("online", world.resident_a)
    assert events(vote)[-1] == ("ballot_entered", world.resident_a.pk)
    with pytest.raises(Conflict):
        enter(world.staff_a, vote, wang, "yes")


def test_an_owner_sees_no_draft(world, place):
    vote = drafted(world.staff_a, place.compound)
    Owner.objects.filter(pk=place.owner("王秀英").pk).update(user=world.resident_a)
    assert not owner_votes(world.resident_a).exists()
    with pytest.raises(NotFound):
        enter(world.resident_a, vote, place.owner("王秀英"), channel="online")


# -- counting ------------------------------------------------------------------------------------------------------

def test_the_count_waits_for_the_close(world, place):
    vote = announced(world.staff_a, place.compound)
    with pytest.raises(IllegalTransition):
        move(world.staff_a, vote, "count", at=vote.closes_at - SECOND)
    assert move(world.staff_a, vote, "count", at=vote.closes_at).counted_at == vote.closes_at


@pytest.mark.parametrize("matter, passed", [(4, True), (3, True), (7, False), (6, False)])
def test_the_count_is_art_278_arithmetic(world, place, matter, passed):
    """王秀英 (2 units, 146.45 m²), 李建国 (90.00), 赵志刚 (120.05) yes; the developer (2 units, 200.00) no;
    张桂兰 (75.50) does not vote. Five owners, 632.00 m² in all.

    Participation: 556.50 / 632.00 and 4 / 5, both at least 2/3. Yes: 356.50 / 556.50 (0.64) and 3 / 4: more than
    half on both (matters 1-5, 9 pass); 0.64 is below 3/4 (matters 6-8 fail, though 3/4 of owners is enough).
    """
    vote = announced(world.staff_a, place.compound, matter=matter)
    cast(world.staff_a, vote, {place.owner("王秀英"): "yes", place.owner("李建国"): "yes",
                               place.owner("赵志刚"): "yes", place.owner("海信地产"): "no"})
    progress = vote_progress(vote)
    assert (progress.voted_owners, progress.voted_area) == (4, Decimal("556.50"))
    vote = move(world.staff_a, vote, "count", at=vote.closes_at)
    result = vote.result
    assert (result["total_area"], result["total_owners"]) == ("632.00", 5)
    assert (result["participating_area"], result["participating_owners"]) == ("556.50", 4)
    assert (result["yes_area"], result["yes_owners"], result["no_area"], result["no_owners"]) == ("356.50", 3,
                                                                                                  "200.00", 1)
    assert (Decimal(result["abstain_area"]), result["abstain_owners"]) == (0, 0)
    assert result["quorum_met"] is True and result["passed"] is passed
    checks = {c["name"]: (c["numerator"], c["denominator"], c["threshold"], c["met"]) for c in result["checks"]}
    approval = "1/2" if matter in (3, 4) else "3/4"
    assert checks == {
        "quorum_area": ("556.50", "632.00", "2/3", True),
        "quorum_owners": (4, 5, "2/3", True),
        "approval_area": ("356.50", "556.50", approval, passed),
        "approval_owners": (3, 4, approval, True),
    }
    assert events(vote)[-1] == ("counted", world.staff_a.pk)
    assert VoteEvent.objects.filter(vote=vote, kind="counted").get().params == {"passed": passed}


def test_without_a_quorum_nothing_passes(world, place):
    """王秀英 and 李建国 alone: 236.45 / 632.00 of the area, 2 / 5 owners, both below 2/3."""
    vote = announced(world.staff_a, place.compound)
    cast(world.staff_a, vote, {place.owner("王秀英"): "yes", place.owner("李建国"): "yes"})
    result = move(world.staff_a, vote, "count", at=vote.closes_at).result
    assert (result["participating_area"], result["participating_owners"]) == ("236.45", 2)
    assert result["quorum_met"] is False and result["passed"] is False


def test_exactly_half_of_the_owners_is_not_a_majority(world, place):
    """王秀英 and 赵志刚 yes (266.50 m²), 李建国 and 张桂兰 no (165.50 m²): participation 432.00 / 632.00 and 4 / 5;
    more than half of the area says yes, but 2 of 4 owners is exactly half, not more than half."""
    vote = announced(world.staff_a, place.compound)
    cast(world.staff_a, vote, {place.owner("王秀英"): "yes", place.owner("赵志刚"): "yes",
                               place.owner("李建国"): "no", place.owner("张桂兰"): "no"})
    result = move(world.staff_a, vote, "count", at=vote.closes_at).result
    checks = {c["name"]: c["met"] for c in result["checks"]}
    assert (result["participating_area"], result["yes_area"], result["yes_owners"]) == ("432.00", "266.50", 2)
    assert checks == {"quorum_area": True, "quorum_owners": True, "approval_area": True, "approval_owners": False}
    assert result["passed"] is False


def test_a_voided_ballot_does_not_count(world, place):
    vote = announced(world.staff_a, place.compound)
    [ballot] = cast(world.staff_a, vote, {place.owner("海信地产"): "yes"})
    with clock.at(vote.opens_at):
        ballot_void(actor=world.staff_a, vote_id=vote.pk, ballot_id=ballot.pk, reason="非开发商授权代表")
    result = move(world.staff_a, vote, "count", at=vote.closes_at).result
    assert (result["participating_owners"], result["participating_area"]) == (0, "0")


# -- cancelling and the order of things ----------------------------------------------------------------------------

def test_a_vote_is_cancelled_with_a_reason(world, place):
    vote = announced(world.staff_a, place.compound)
    with pytest.raises(InvalidInput) as refused:
        move(world.staff_a, vote, "cancel", at=T0 + DAY, reason="")
    assert refused.value.extra["field"] == "reason"
    vote = move(world.staff_a, vote, "cancel", at=T0 + DAY, reason="议题需重新拟定")
    assert vote.state == "cancelled"
    assert VoteEvent.objects.get(vote=vote, kind="cancelled").params == {"reason": "议题需重新拟定"}
    with pytest.raises(IllegalTransition):
        enter(world.staff_a, vote, place.owner("王秀英"))


@pytest.mark.parametrize("state, action", [
    ("draft", "count"), ("announced", "announce"), ("counted", "announce"), ("counted", "count"),
    ("counted", "cancel"), ("cancelled", "announce"), ("cancelled", "count"), ("cancelled", "cancel"),
])
def test_illegal_moves_are_refused(world, place, state, action):
    vote = drafted(world.staff_a, place.compound)
    if state != "draft":
        vote = move(world.staff_a, vote, "announce", at=T0)
    if state == "counted":
        vote = move(world.staff_a, vote, "count", at=vote.closes_at)
    if state == "cancelled":
        vote = move(world.staff_a, vote, "cancel", at=T0, reason="取消")
    with pytest.raises(IllegalTransition):
        move(world.staff_a, vote, action, at=vote.closes_at + DAY, reason="再来")
    vote.refresh_from_db()
    assert vote.state == state


def test_an_unknown_action_is_refused(world, place):
    vote = drafted(world.staff_a, place.compound)
    with pytest.raises(InvalidInput):
        move(world.staff_a, vote, "publish", at=T0)


def test_votes_out_of_scope_read_as_missing(world, place):
    with pytest.raises(NotFound):
        drafted(world.staff_b, place.compound)
    vote = announced(world.staff_a, place.compound)
    for user in (world.staff_b, world.resident_a, world.member_a, world.unit_a):
        with pytest.raises(NotFound):
            move(user, vote, "cancel", at=T0, reason="越权")
        with pytest.raises(NotFound):
            enter(user, vote, place.owner("王秀英"))
    assert OwnersVote.objects.get(pk=vote.pk).state == "announced" and not Ballot.objects.exists()


# -- two ballots of one owner at the same instant (PostgreSQL) -----------------------------------------------------

def at_once(vote, owner, entries) -> list[str]:
    """Enter a ballot for ``owner`` by each (user, choice) of ``entries`` at the same instant; return the outcomes."""
    barrier = threading.Barrier(len(entries))
    outcomes = []
    moment = clock.now()

    def ballot(user, choice):
        try:
            barrier.wait(timeout=10)
            with clock.at(moment):  # the clock is per thread: set it in the thread
                ballot_enter(actor=fresh(user), vote_id=vote.pk, owner_id=owner.pk, choice=choice)
            outcomes.append("entered")
        except Conflict:
            outcomes.append("Conflict")
        except Exception as exc:  # noqa: BLE001 - the test reports any other outcome
            outcomes.append(f"error: {exc!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=ballot, args=entry) for entry in entries]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(outcomes)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not on_postgres(), reason="row locks and concurrent connections need PostgreSQL")
def test_two_ballots_of_one_owner_at_once_end_with_one_ballot_and_one_conflict(world):
    place = yard(world.a)
    vote = announced(world.staff_a, place.compound)
    wang = place.owner("王秀英")
    for round_ in range(3):
        with clock.at(vote.opens_at + round_ * SECOND):
            outcomes = at_once(vote, wang, [(world.staff_a, "yes"), (world.street_officer, "no")])
            assert outcomes == ["Conflict", "entered"], outcomes
            assert Ballot.objects.filter(vote=vote, owner=wang, voided_at__isnull=True).count() == 1
            assert VoteEvent.objects.filter(vote=vote, kind="ballot_entered").count() == round_ + 1
            valid = Ballot.objects.get(vote=vote, owner=wang, voided_at__isnull=True)
            ballot_void(actor=world.staff_a, vote_id=vote.pk, ballot_id=valid.pk, reason="再试一次")
