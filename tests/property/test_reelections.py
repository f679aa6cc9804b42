"""Owners' committee re-election: the steps in their order, who may take them, and the deadlines of each."""

import datetime as dt

import pytest

from sanji.core import clock
from sanji.core.errors import Conflict, Forbidden, IllegalTransition, InvalidInput, NotFound
from sanji.property.models import Candidate, CommitteeMember, CommitteeTerm, OwnersVote, Reelection, ReelectionEvent
from sanji.property.selectors import deadlines_of
from sanji.property.services.reelections import (
    CRITERIA,
    candidate_nominate,
    candidate_review,
    objection_answer,
    objection_raise,
    reelection_start,
    reelection_transition,
)
from sanji.property.services.votes import vote_transition

from ..factories import fresh
from .helpers import (
    ANNOUNCE_AT,
    CLOSES,
    DAY,
    FILE_AT,
    HANDOVER_AT,
    LARGER,
    OFFICERS_AT,
    OPENS,
    SECOND,
    SHANGHAI,
    SLATE,
    STEPS,
    T0,
    cast,
    committee,
    nominate,
    walk,
    yard,
)

pytestmark = pytest.mark.django_db

NEXT = {"preparing": "announce", "announced": "elect", "elected": "choose_officers",
        "officers_chosen": "hand_over", "handed_over": "file"}
#: The last moment the committee may start itself: 2026-06-01 less 60 days, to the end of that day in Qingdao.
LAST_START = dt.datetime(2026, 4, 2, 23, 59, 59, tzinfo=SHANGHAI)


@pytest.fixture
def place(world):
    return yard(world.a, LARGER)


def started(world, place, *, actor=None, at=T0, **kw):
    with clock.at(at):
        return reelection_start(actor=fresh(actor or world.staff_a), compound_id=place.compound.pk,
                                **({"term_years": 5} | kw))


def step(world, reelection, action, *, at, actor=None, **details):
    with clock.at(at):
        return reelection_transition(actor=fresh(actor or world.staff_a), reelection_id=reelection.pk,
                                     action=action, **details)


def kinds(reelection) -> list[str]:
    return list(ReelectionEvent.objects.filter(reelection=reelection).values_list("kind", flat=True))


# -- the whole path ------------------------------------------------------------------------------------------------

def test_the_whole_path_from_preparing_to_filed(world, place):
    reelection = walk(world, place, "filed")
    assert reelection.step == "filed"
    assert (reelection.started_at, reelection.announced_at, reelection.elected_at, reelection.officers_at,
            reelection.handed_over_at, reelection.filed_at) == (T0, ANNOUNCE_AT, CLOSES, OFFICERS_AT, HANDOVER_AT,
                                                                FILE_AT)
    assert kinds(reelection) == ["started"] + ["nominated", "reviewed"] * 3 + [
        "announce", "elect", "choose_officers", "hand_over", "file"]
    assert ReelectionEvent.objects.get(reelection=reelection, kind="file").actor == world.street_officer
    vote = reelection.vote
    assert (vote.matter, vote.state, vote.opens_at, vote.closes_at, vote.result["passed"]) == (3, "counted", OPENS,
                                                                                               CLOSES, True)
    assert all(name in vote.proposal for name in SLATE)
    old, new = reelection.outgoing, reelection.elected
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.state, new.state, new.number) == ("former", "current", 2)
    assert (new.starts_on, new.ends_on) == (dt.date(2026, 3, 25), dt.date(2031, 3, 25))
    assert sorted(CommitteeMember.objects.filter(term=new).values_list("owner__name", "role")) == [
        ("李建国", "chair"), ("王秀英", "member"), ("赵志刚", "vice_chair")]
    assert [d.missed for d in deadlines_of(reelection, today=dt.date(2026, 12, 31))] == [False] * 5


def test_the_terms_switch_only_at_the_hand_over(world, place):
    reelection = walk(world, place, "officers_chosen")
    assert CommitteeTerm.objects.get(pk=reelection.outgoing_id).state == "current"
    assert CommitteeTerm.objects.get(pk=reelection.elected_id).state == "elected"
    with pytest.raises(InvalidInput) as refused:
        step(world, reelection, "hand_over", at=HANDOVER_AT, note=" ")
    assert refused.value.extra["field"] == "note"
    step(world, reelection, "hand_over", at=HANDOVER_AT, note="档案、公章")
    assert CommitteeTerm.objects.get(pk=reelection.outgoing_id).state == "former"
    assert CommitteeTerm.objects.get(pk=reelection.elected_id).state == "current"


@pytest.mark.parametrize("at", STEPS)
def test_no_step_can_be_skipped_or_repeated(world, place, at):
    reelection = walk(world, place, at)
    for action in ("announce", "elect", "choose_officers", "hand_over", "file"):
        if action == NEXT.get(at):
            continue
        with pytest.raises(IllegalTransition):
            step(world, reelection, action, at=FILE_AT + DAY, actor=world.street_officer, opens_at=FILE_AT + 20 * DAY,
                 closes_at=FILE_AT + 25 * DAY, chair=place.owner("王秀英").pk, vice_chair=place.owner("李建国").pk,
                 note="越级")
    assert Reelection.objects.get(pk=reelection.pk).step == at


def test_an_unknown_action_is_refused(world, place):
    reelection = walk(world, place, "preparing")
    with pytest.raises(InvalidInput):
        step(world, reelection, "skip_ahead", at=T0)


# -- starting ------------------------------------------------------------------------------------------------------

def test_the_committee_starts_until_60_days_before_its_term_ends(world, place):
    committee(world.staff_a, place)
    with pytest.raises(IllegalTransition) as refused:
        started(world, place, at=LAST_START + SECOND)
    assert "2026-04-02" in str(refused.value.message)
    reelection = started(world, place, at=LAST_START)
    assert (reelection.initiator, reelection.term_years, reelection.step) == ("committee", 5, "preparing")
    assert [(d.key, d.due, d.missed) for d in deadlines_of(reelection)] == [("start", dt.date(2026, 4, 2), False)]


def test_after_that_the_street_forms_a_group(world, place):
    committee(world.staff_a, place)
    late = LAST_START + SECOND
    with pytest.raises(Forbidden):
        started(world, place, at=late, by_street=True, group_members="社区党委、居委会")
    with pytest.raises(InvalidInput) as refused:
        started(world, place, actor=world.street_officer, at=late, by_street=True, group_members=" ")
    assert refused.value.extra["field"] == "group_members" and not Reelection.objects.exists()
    members = "湛山街道、仰口路社区党委、社区居委会、业主代表刘洋和陈静"
    reelection = started(world, place, actor=world.street_officer, at=late, by_street=True, group_members=members,
                         term_years="3")
    assert (reelection.initiator, reelection.group_members, reelection.term_years) == ("street_group", members, 3)
    assert ReelectionEvent.objects.get(reelection=reelection).params == {"initiator": "street_group"}
    [start] = deadlines_of(reelection)
    assert (start.due, start.done_on, start.missed) == (dt.date(2026, 4, 2), dt.date(2026, 4, 3), True)


def test_the_district_may_form_the_group_too(world, place):
    committee(world.staff_a, place)
    reelection = started(world, place, actor=world.district_admin, at=T0 + 60 * DAY, by_street=True,
                         group_members="区住建局、街道、社区")
    assert reelection.initiator == "street_group"


def test_the_new_term_is_1_to_5_years(world, place):
    committee(world.staff_a, place)
    for years in (0, 6, "五", None, -1, True):
        with pytest.raises(InvalidInput) as refused:
            started(world, place, term_years=years)
        assert refused.value.extra["field"] == "term_years"
    assert started(world, place, term_years=1).term_years == 1


def test_a_start_needs_a_committee_in_office_and_none_under_way(world, place):
    with pytest.raises(IllegalTransition):
        started(world, place)
    committee(world.staff_a, place)
    started(world, place)
    with pytest.raises(Conflict):
        started(world, place, actor=world.street_officer, by_street=True, group_members="街道、社区")
    assert Reelection.objects.count() == 1


def test_a_start_out_of_scope_reads_as_missing(world, place):
    committee(world.staff_a, place)
    for user in (world.staff_b, world.resident_a, world.outsider):
        with pytest.raises(NotFound):
            started(world, place, actor=user)


# -- nominating and reviewing --------------------------------------------------------------------------------------

@pytest.fixture
def preparing(world, place):
    committee(world.staff_a, place)
    return started(world, place)


def nominated(world, reelection, owner, route="self", *, actor=None, **kw):
    with clock.at(T0):
        return candidate_nominate(actor=fresh(actor or world.staff_a), reelection_id=reelection.pk,
                                  owner_id=owner.pk if hasattr(owner, "pk") else owner, route=route, **kw)


def reviewed(world, candidate, met, reason="经审查", *, actor=None):
    with clock.at(T0):
        return candidate_review(actor=fresh(actor or world.staff_a), reelection_id=candidate.reelection_id,
                                candidate_id=candidate.pk, met=met, reason=reason)


@pytest.mark.parametrize("route, nominators", [("self", ""), ("owners", "刘洋、陈静、张桂兰"), ("party_org", ""),
                                               ("residents_committee", "")])
def test_candidates_come_by_four_routes(world, place, preparing, route, nominators):
    candidate = nominated(world, preparing, place.owner("陈静"), route, nominators=nominators, statement="愿意服务")
    assert (candidate.route, candidate.nominators, candidate.qualified, candidate.nominated_by) == (
        route, nominators, None, world.staff_a)
    assert ReelectionEvent.objects.filter(reelection=preparing, kind="nominated").get().params["route"] == route


def test_a_joint_nomination_names_its_nominators(world, place, preparing):
    with pytest.raises(InvalidInput) as refused:
        nominated(world, preparing, place.owner("陈静"), "owners", nominators="  ")
    assert refused.value.extra["field"] == "nominators"
    with pytest.raises(InvalidInput) as refused:
        nominated(world, preparing, place.owner("陈静"), "appointed")
    assert refused.value.extra["field"] == "route" and not Candidate.objects.exists()


def test_a_candidate_is_an_owner_of_a_unit_of_the_compound(world, place, preparing):
    other = yard(world.a, [("1号楼", "101", "50", "外院业主", False)], name="仰口路19号院")
    unitless = place.compound.owners.create(name="已售业主", phone="13900000000")
    for owner in (place.owner("海信地产"), other.owner("外院业主"), unitless, 987654):
        with pytest.raises(InvalidInput) as refused:
            nominated(world, preparing, owner)
        assert refused.value.extra["field"] == "owner"
    nominated(world, preparing, place.owner("陈静"))
    with pytest.raises(Conflict):
        nominated(world, preparing, place.owner("陈静"), "party_org")
    assert Candidate.objects.count() == 1


def test_a_review_is_qualified_only_when_all_four_criteria_are_met(world, place, preparing):
    candidate = nominated(world, preparing, place.owner("陈静"))
    with pytest.raises(InvalidInput) as refused:
        reviewed(world, candidate, set(CRITERIA), reason=" ")
    assert refused.value.extra["field"] == "reason"
    with pytest.raises(InvalidInput) as refused:
        reviewed(world, candidate, {"capacity", "rich"})
    assert refused.value.extra["field"] == "met"
    assert Candidate.objects.get(pk=candidate.pk).qualified is None
    for missing in CRITERIA:
        assert reviewed(world, candidate, set(CRITERIA) - {missing}, reason=f"不符合：{missing}").qualified is False
    candidate = reviewed(world, candidate, set(CRITERIA), reason="已补缴物业费，符合条件", actor=world.street_officer)
    assert (candidate.qualified, candidate.review_reason, candidate.reviewed_by) == (
        True, "已补缴物业费，符合条件", world.street_officer)
    last = ReelectionEvent.objects.filter(reelection=preparing, kind="reviewed").last().params
    assert last["met"] == sorted(CRITERIA) and last["qualified"] is True


def test_a_review_of_another_reelections_candidate_reads_as_missing(world, place, preparing):
    other = yard(world.a, LARGER, name="仰口路19号院")
    committee(world.staff_a, other)
    elsewhere = started(world, other)
    candidate = nominated(world, elsewhere, other.owner("陈静"))
    with pytest.raises(NotFound), clock.at(T0):
        candidate_review(actor=world.staff_a, reelection_id=preparing.pk, candidate_id=candidate.pk,
                         met=set(CRITERIA), reason="符合")


def test_nominating_is_out_of_scope_for_other_communities(world, place, preparing):
    with pytest.raises(NotFound):
        nominated(world, preparing, place.owner("陈静"), actor=world.staff_b)


# -- announcing ----------------------------------------------------------------------------------------------------

def announce(world, reelection, *, at=ANNOUNCE_AT, opens=OPENS, closes=CLOSES):
    return step(world, reelection, "announce", at=at, opens_at=opens, closes_at=closes)


def test_the_announcement_needs_every_candidate_reviewed(world, place, preparing):
    with pytest.raises(IllegalTransition):
        announce(world, preparing)  # nobody nominated
    nominate(world.staff_a, preparing, place, SLATE)
    nominated(world, preparing, place.owner("陈静"))
    with pytest.raises(IllegalTransition):
        announce(world, preparing)
    assert not OwnersVote.objects.exists()


@pytest.mark.parametrize("qualified, unqualified, ok", [
    (("王秀英", "李建国", "赵志刚"), ("陈静",), True),
    (("王秀英", "李建国", "赵志刚", "刘洋", "陈静"), (), True),
    (("王秀英", "李建国", "赵志刚", "陈静"), (), False),
    (("王秀英", "李建国"), ("陈静",), False),
    (("王秀英",), (), False),
])
def test_the_slate_is_the_qualified_candidates_an_odd_number_at_least_three(world, place, preparing, qualified,
                                                                           unqualified, ok):
    nominate(world.staff_a, preparing, place, qualified)
    nominate(world.staff_a, preparing, place, unqualified, qualified=False)
    if ok:
        reelection = announce(world, preparing)
        assert reelection.step == "announced" and reelection.vote.state == "announced"
        assert ReelectionEvent.objects.get(reelection=reelection, kind="announce").params["slate"] == list(qualified)
        assert all(n in reelection.vote.proposal for n in qualified)
        assert not any(n in reelection.vote.proposal for n in unqualified)
    else:
        with pytest.raises(InvalidInput) as refused:
            announce(world, preparing)
        assert refused.value.extra["field"] == "candidates" and not OwnersVote.objects.exists()


def test_the_vote_opens_at_least_15_days_after_the_announcement(world, place, preparing):
    nominate(world.staff_a, preparing, place, SLATE)
    with pytest.raises(IllegalTransition):
        announce(world, preparing, opens=ANNOUNCE_AT + 15 * DAY - SECOND)
    with pytest.raises(InvalidInput) as refused:
        announce(world, preparing, opens=None)
    assert refused.value.extra["field"] == "opens_at"
    assert not OwnersVote.objects.exists() and Reelection.objects.get(pk=preparing.pk).step == "preparing"
    assert announce(world, preparing, opens=ANNOUNCE_AT + 15 * DAY).announced_at == ANNOUNCE_AT


def test_no_nomination_or_review_after_the_announcement(world, place):
    reelection = walk(world, place, "announced")
    with pytest.raises(IllegalTransition):
        nominated(world, reelection, place.owner("陈静"))
    with pytest.raises(IllegalTransition):
        reviewed(world, Candidate.objects.filter(reelection=reelection).first(), set())


# -- objections and the election -----------------------------------------------------------------------------------

def count(world, reelection, choice="yes", place=None):
    vote = reelection.vote
    if choice:
        cast(world.staff_a, vote, {o: choice for o in place.owners.values() if not o.is_developer})
    with clock.at(CLOSES):
        vote_transition(actor=world.staff_a, vote_id=vote.pk, action="count")


def test_objections_are_answered_before_the_election(world, place):
    reelection = walk(world, place, "announced")
    with clock.at(ANNOUNCE_AT + DAY):
        objection = objection_raise(actor=world.staff_a, reelection_id=reelection.pk, text="候选人赵志刚欠物业费",
                                    raised_by="3号楼 刘洋")
    for values, field in (({"text": " ", "raised_by": "刘洋"}, "text"), ({"text": "有异议", "raised_by": ""},
                                                                          "raised_by")):
        with pytest.raises(InvalidInput) as refused:
            objection_raise(actor=world.staff_a, reelection_id=reelection.pk, **values)
        assert refused.value.extra["field"] == field
    count(world, reelection, place=place)
    with pytest.raises(IllegalTransition):
        step(world, reelection, "elect", at=CLOSES)
    with pytest.raises(InvalidInput), clock.at(CLOSES):
        objection_answer(actor=world.staff_a, reelection_id=reelection.pk, objection_id=objection.pk, answer="")
    with clock.at(CLOSES):
        answered = objection_answer(actor=world.staff_a, reelection_id=reelection.pk, objection_id=objection.pk,
                                    answer="经核实已于3月结清")
    assert (answered.answered_by, answered.answered_at) == (world.staff_a, CLOSES)
    with pytest.raises(NotFound), clock.at(CLOSES):
        objection_answer(actor=world.staff_a, reelection_id=reelection.pk, objection_id=objection.pk, answer="再答")
    assert step(world, reelection, "elect", at=CLOSES).step == "elected"
    objections = next(d for d in deadlines_of(reelection, today=dt.date(2026, 3, 25)) if d.key == "objections")
    assert (objections.due, objections.done_on, objections.missed) == (dt.date(2026, 3, 17), dt.date(2026, 3, 25),
                                                                       True)


def test_objections_are_raised_only_while_announced(world, place):
    reelection = walk(world, place, "preparing")
    with pytest.raises(IllegalTransition):
        objection_raise(actor=world.staff_a, reelection_id=reelection.pk, text="有异议", raised_by="刘洋")


def test_the_election_waits_for_the_count(world, place):
    reelection = walk(world, place, "announced")
    with pytest.raises(IllegalTransition):
        step(world, reelection, "elect", at=CLOSES - SECOND)
    assert Reelection.objects.get(pk=reelection.pk).step == "announced"


def test_a_failed_vote_returns_to_nominating_and_a_new_vote_follows(world, place):
    reelection = walk(world, place, "announced")
    first_vote = reelection.vote
    count(world, reelection, "no", place=place)
    reelection = step(world, reelection, "elect", at=CLOSES)
    assert (reelection.step, reelection.vote, reelection.announced_at, reelection.elected) == (
        "preparing", None, None, None)
    assert ReelectionEvent.objects.get(reelection=reelection, kind="elect").params == {"vote": first_vote.pk,
                                                                                       "passed": False}
    assert not CommitteeTerm.objects.filter(state="elected").exists()
    nominated(world, reelection, place.owner("陈静"))
    with pytest.raises(IllegalTransition):  # the new candidate is not reviewed yet
        announce(world, reelection, at=CLOSES + DAY, opens=CLOSES + 16 * DAY, closes=CLOSES + 20 * DAY)
    nominate(world.staff_a, reelection, place, ["刘洋"])
    Candidate.objects.filter(owner=place.owner("陈静")).update(qualified=True, review_reason="符合")
    reelection = announce(world, reelection, at=CLOSES + DAY, opens=CLOSES + 16 * DAY, closes=CLOSES + 20 * DAY)
    assert reelection.step == "announced" and reelection.vote != first_vote
    assert ReelectionEvent.objects.filter(reelection=reelection, kind="announce").last().params["slate"] == [
        "王秀英", "李建国", "赵志刚", "陈静", "刘洋"]


def test_a_cancelled_vote_returns_to_nominating(world, place):
    reelection = walk(world, place, "announced")
    with clock.at(ANNOUNCE_AT + DAY):
        vote_transition(actor=world.staff_a, vote_id=reelection.vote.pk, action="cancel", reason="会场无法使用")
    reelection = step(world, reelection, "elect", at=ANNOUNCE_AT + DAY)
    assert (reelection.step, reelection.vote) == ("preparing", None)
    reelection = announce(world, reelection, at=ANNOUNCE_AT + DAY, opens=OPENS + 2 * DAY, closes=CLOSES + 2 * DAY)
    assert reelection.step == "announced"


# -- officers, hand-over and filing --------------------------------------------------------------------------------

def test_the_chair_and_vice_chair_are_two_elected_members(world, place):
    reelection = walk(world, place, "elected")
    wang, li, zhang = place.owner("王秀英"), place.owner("李建国"), place.owner("张桂兰")
    for chair, vice, field in ((wang.pk, wang.pk, "vice_chair"), (zhang.pk, wang.pk, "chair"),
                               (wang.pk, zhang.pk, "vice_chair"), (wang.pk, None, "vice_chair"), ("x", li.pk, "chair")):
        with pytest.raises(InvalidInput) as refused:
            step(world, reelection, "choose_officers", at=OFFICERS_AT, chair=chair, vice_chair=vice)
        assert refused.value.extra["field"] == field
    assert not CommitteeMember.objects.filter(term=reelection.elected_id).exclude(role="member").exists()
    reelection = step(world, reelection, "choose_officers", at=OFFICERS_AT, chair=str(wang.pk), vice_chair=li.pk)
    assert dict(CommitteeMember.objects.filter(term=reelection.elected_id).values_list("owner__name", "role")) == {
        "王秀英": "chair", "李建国": "vice_chair", "赵志刚": "member"}


def test_the_filing_is_recorded_by_the_street(world, place):
    reelection = walk(world, place, "handed_over")
    with pytest.raises(Forbidden):  # community staff run the re-election, but do not record its filing
        step(world, reelection, "file", at=FILE_AT, actor=world.staff_a, note="已报备")
    with pytest.raises(NotFound):
        step(world, reelection, "file", at=FILE_AT, actor=world.staff_b, note="已报备")
    assert Reelection.objects.get(pk=reelection.pk).step == "handed_over"
    assert step(world, reelection, "file", at=FILE_AT, actor=world.district_admin).step == "filed"


def test_a_new_reelection_can_start_once_the_last_is_filed(world, place):
    reelection = walk(world, place, "filed")
    again = started(world, place, at=FILE_AT + DAY)
    assert again.outgoing_id == reelection.elected_id


def test_steps_out_of_scope_read_as_missing(world, place):
    reelection = walk(world, place, "announced")
    for user in (world.staff_b, world.resident_a, world.member_a):
        with pytest.raises(NotFound):
            step(world, reelection, "elect", at=CLOSES, actor=user)
        with pytest.raises(NotFound):
            objection_raise(actor=user, reelection_id=reelection.pk, text="有异议", raised_by="某人")


# -- deadlines -----------------------------------------------------------------------------------------------------

def test_the_deadlines_and_what_was_missed_at_chosen_days(world, place):
    reelection = walk(world, place, "elected")

    def on(day):
        return {d.key: (d.due, d.done_on, d.missed, d.days_left) for d in deadlines_of(reelection, today=day)}

    assert on(dt.date(2026, 3, 25)) == {
        "start": (dt.date(2026, 4, 2), dt.date(2026, 3, 2), False, 8),
        "objections": (dt.date(2026, 3, 17), dt.date(2026, 3, 3), False, -8),
        "officers": (dt.date(2026, 3, 28), None, False, 3),
        "handover": (dt.date(2026, 4, 4), None, False, 10),
        "filing": (dt.date(2026, 4, 24), None, False, 30),
    }
    assert on(dt.date(2026, 3, 28))["officers"][2:] == (False, 0)  # due today: not yet missed
    assert on(dt.date(2026, 3, 29))["officers"][2:] == (True, -1)
    assert [k for k, v in on(dt.date(2026, 4, 25)).items() if v[2]] == ["officers", "handover", "filing"]
    late = step(world, reelection, "choose_officers", at=dt.datetime(2026, 3, 29, 0, 30, tzinfo=SHANGHAI),
                chair=place.owner("王秀英").pk, vice_chair=place.owner("李建国").pk)
    officers = next(d for d in deadlines_of(late, today=dt.date(2026, 4, 1)) if d.key == "officers")
    assert (officers.done_on, officers.missed) == (dt.date(2026, 3, 29), True)  # done, but a day late
    assert officers.label


def test_a_deadline_day_is_a_day_in_qingdao(world, place):
    reelection = walk(world, place, "elected")
    # 16:30 UTC on the 28th is already the 29th in Qingdao: the officers were chosen a day late
    late = step(world, reelection, "choose_officers", at=dt.datetime(2026, 3, 28, 16, 30, tzinfo=dt.UTC),
                chair=place.owner("王秀英").pk, vice_chair=place.owner("李建国").pk)
    officers = next(d for d in deadlines_of(late, today=dt.date(2026, 3, 29)) if d.key == "officers")
    assert (officers.done_on, officers.missed) == (dt.date(2026, 3, 29), True)


def test_an_unanswered_objection_is_missed_the_day_before_the_vote_opens(world, place):
    reelection = walk(world, place, "announced")
    with clock.at(ANNOUNCE_AT + DAY):
        objection_raise(actor=world.staff_a, reelection_id=reelection.pk, text="会议地点太远", raised_by="陈静")
    objections = {d.key: d for d in deadlines_of(reelection, today=dt.date(2026, 3, 17))}["objections"]
    assert (objections.due, objections.done_on, objections.missed) == (dt.date(2026, 3, 17), None, False)
    assert {d.key: d for d in deadlines_of(reelection, today=dt.date(2026, 3, 18))}["objections"].missed
