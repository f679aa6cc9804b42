"""Batches and proposals: eligibility, the hard rules, both modes, adjustments with their cost, adoption."""

import datetime as dt
from decimal import Decimal

import pytest

from sanji.cadres.models import BatchState, Placement, ProposedPair, Role
from sanji.cadres.services import batches, proposals
from sanji.core import clock
from sanji.core.errors import Conflict, Forbidden, IllegalTransition, InvalidInput
from tests.cadres.helpers import ENDS, STARTS, T0, batch_with_everyone, needs
from tests.factories import fresh


def lines(proposal):
    return {pair.cadre.name: (pair.community.name if pair.community else None, pair.role, pair.fit)
            for pair in ProposedPair.objects.filter(proposal=proposal).select_related("cadre", "community")}


def test_optimal_proposal_keeps_every_hard_rule_and_finds_the_best_total(district):
    batch = batch_with_everyone(district)
    with clock.at(T0):
        proposal = proposals.proposal_make(actor=fresh(district.world.district_admin), batch_id=batch.pk)
    got = lines(proposal)
    assert got["李浩然"] == ("湛山一路社区", Role.MEMBER, Decimal("0.8000"))
    assert got["孙嘉怡"] == ("仰口路社区", Role.MEMBER, Decimal("0.5500"))
    assert got["周晓雯"] == ("八大峡社区", Role.MEMBER, Decimal("0"))  # she lives in 仰口路; 湛山一路 is taken
    assert got["钱宇"][0] is None  # his street office supervises every community of the street
    assert got["赵立新"] == ("八大峡社区", Role.ASSISTANT, Decimal("0.7000"))
    assert proposal.proposed_total == Decimal("2.0500")
    assert proposal.without_assistant == [district.world.b.pk]


@pytest.mark.parametrize("side", ["cadre", "community"])
def test_stable_proposal_places_within_the_rules(district, side):
    batch = batch_with_everyone(district)
    with clock.at(T0):
        proposal = proposals.proposal_make(actor=fresh(district.world.district_admin), batch_id=batch.pk,
                                           mode="stable", side=side)
    got = lines(proposal)
    assert got["钱宇"][0] is None
    assert got["周晓雯"][0] != "仰口路社区" and got["孙嘉怡"][0] != "湛山一路社区"
    assert proposal.proposed_total <= Decimal("2.0500")


def test_eligibility_rules_are_the_batch_data(district):
    needs(district)
    admin = fresh(district.world.district_admin)
    with clock.at(T0):
        batch = batches.batch_create(actor=admin, name="2026年第二期", starts_on=STARTS, ends_on=ENDS, max_age=29)
        with pytest.raises(InvalidInput, match="older than 29"):
            batches.batch_add_cadre(actor=admin, batch_id=batch.pk, cadre_id=district.cadres["李浩然"].pk)
        with pytest.raises(InvalidInput, match="section-level"):
            batches.batch_add_cadre(actor=admin, batch_id=batch.pk, cadre_id=district.cadres["周晓雯"].pk,
                                    role="assistant")
        # A mature section-level assistant is not held to the age rule.
        batches.batch_add_cadre(actor=admin, batch_id=batch.pk, cadre_id=district.cadres["赵立新"].pk, role="assistant")
        district.cadres["孙嘉怡"].grassroots_experience = True
        district.cadres["孙嘉怡"].save()
        with pytest.raises(InvalidInput, match="grassroots experience"):
            batches.batch_add_cadre(actor=admin, batch_id=batch.pk, cadre_id=district.cadres["孙嘉怡"].pk)
        open_batch = batches.batch_create(actor=admin, name="2026年第三期", starts_on=STARTS, ends_on=ENDS,
                                          without_grassroots_only=False)
        batches.batch_add_cadre(actor=admin, batch_id=open_batch.pk, cadre_id=district.cadres["孙嘉怡"].pk)


def test_batch_input_is_checked(district):
    admin = fresh(district.world.district_admin)
    with pytest.raises(InvalidInput, match="end after"):
        batches.batch_create(actor=admin, name="x", starts_on=ENDS, ends_on=STARTS)
    with pytest.raises(InvalidInput, match="add up to 1"):
        batches.batch_create(actor=admin, name="x", starts_on=STARTS, ends_on=ENDS, weight_ability="0.5")
    with pytest.raises(InvalidInput, match="between 0 and 1"):
        batches.batch_create(actor=admin, name="x", starts_on=STARTS, ends_on=ENDS, weight_ability="NaN")
    with pytest.raises(Forbidden):
        batches.batch_create(actor=fresh(district.world.staff_a), name="x", starts_on=STARTS, ends_on=ENDS)


def adjusted(district):
    batch = batch_with_everyone(district)
    admin = fresh(district.world.district_admin)
    with clock.at(T0):
        proposal = proposals.proposal_make(actor=admin, batch_id=batch.pk)
    return batch, admin, proposal


def test_a_move_records_its_cost_and_keeps_the_rules(district):
    batch, admin, proposal = adjusted(district)
    li = district.cadres["李浩然"].pk
    with clock.at(T0):
        with pytest.raises(Conflict, match="no place left"):
            proposals.proposal_move(actor=admin, proposal_id=proposal.pk, cadre_id=li,
                                    community_id=district.world.a.pk)
        with pytest.raises(InvalidInput, match="lives in this community"):
            proposals.proposal_move(actor=admin, proposal_id=proposal.pk, cadre_id=district.cadres["孙嘉怡"].pk,
                                    community_id=district.world.b.pk)
        with pytest.raises(InvalidInput, match="supervises"):
            proposals.proposal_move(actor=admin, proposal_id=proposal.pk, cadre_id=district.cadres["钱宇"].pk,
                                    community_id=district.c.pk)
        moved = proposals.proposal_move(actor=admin, proposal_id=proposal.pk, cadre_id=li,
                                        community_id=district.c.pk, reason="八大峡更缺调解力量")
    assert moved.delta == Decimal("-0.3000")
    assert lines(proposal)["李浩然"][0] == "八大峡社区"


def test_a_swap_records_the_cost_of_both_moves(district):
    batch, admin, proposal = adjusted(district)
    with clock.at(T0):
        swap = proposals.proposal_swap(actor=admin, proposal_id=proposal.pk, cadre_id=district.cadres["李浩然"].pk,
                                       other_cadre_id=district.cadres["周晓雯"].pk)
        with pytest.raises(InvalidInput, match="cannot swap"):
            proposals.proposal_swap(actor=admin, proposal_id=proposal.pk, cadre_id=district.cadres["李浩然"].pk,
                                    other_cadre_id=district.cadres["赵立新"].pk)
    # 李浩然 b 0.80 -> c 0.50; 周晓雯 c 0 -> b 0: the proposal gives up 0.30.
    assert swap.delta == Decimal("-0.3000")
    got = lines(proposal)
    assert (got["李浩然"][0], got["周晓雯"][0]) == ("八大峡社区", "湛山一路社区")


def test_the_assistant_moves_only_to_a_community_that_takes_one(district):
    batch, admin, proposal = adjusted(district)
    zhao = district.cadres["赵立新"].pk
    with clock.at(T0):
        with pytest.raises(InvalidInput, match="take an assistant"):
            proposals.proposal_move(actor=admin, proposal_id=proposal.pk, cadre_id=zhao,
                                    community_id=district.world.a.pk)
        moved = proposals.proposal_move(actor=admin, proposal_id=proposal.pk, cadre_id=zhao,
                                        community_id=district.world.b.pk)
    assert moved.delta == Decimal("-0.1500")


def test_adopting_places_cadres_and_freezes_the_batch(district):
    batch, admin, proposal = adjusted(district)
    with clock.at(T0):
        newer = proposals.proposal_make(actor=admin, batch_id=batch.pk, mode="stable")
        with pytest.raises(Conflict, match="newer proposal"):
            batches.batch_transition(actor=admin, batch_id=batch.pk, action="place", proposal_id=proposal.pk)
        with pytest.raises(Conflict, match="newer proposal"):
            proposals.proposal_move(actor=admin, proposal_id=proposal.pk, cadre_id=district.cadres["李浩然"].pk)
        batches.batch_transition(actor=admin, batch_id=batch.pk, action="place", proposal_id=newer.pk)
        with pytest.raises(IllegalTransition):
            proposals.proposal_make(actor=admin, batch_id=batch.pk)
        with pytest.raises(IllegalTransition):
            batches.batch_add_community(actor=admin, batch_id=batch.pk, community_id=district.c.pk)
        with pytest.raises(IllegalTransition, match="after its last day"):
            batches.batch_transition(actor=admin, batch_id=batch.pk, action="close")
    batch.refresh_from_db()
    assert batch.state == BatchState.PLACED
    placed = Placement.objects.filter(batch=batch)
    assert placed.count() == ProposedPair.objects.filter(proposal=newer, community__isnull=False).count() == 4
    assert all((p.starts_on, p.ends_on) == (STARTS, ENDS) for p in placed)


def test_a_cadre_is_not_placed_twice_in_overlapping_windows(district):
    batch, admin, proposal = adjusted(district)
    with clock.at(T0):
        batches.batch_transition(actor=admin, batch_id=batch.pk, action="place", proposal_id=proposal.pk)
        later = batches.batch_create(actor=admin, name="2026年第二期", starts_on=ENDS, ends_on=ENDS.replace(year=2027))
        with pytest.raises(Conflict, match="already placed"):
            batches.batch_add_cadre(actor=admin, batch_id=later.pk, cadre_id=district.cadres["李浩然"].pk)


def test_only_the_district_sees_batches(district):
    batch = batch_with_everyone(district)
    from sanji.core.errors import NotFound

    with pytest.raises(NotFound):
        proposals.proposal_make(actor=fresh(district.world.street_officer), batch_id=batch.pk)


def test_a_proposal_made_before_the_batch_changed_is_out_of_date(district):
    batch, admin, proposal = adjusted(district)
    later = T0 + dt.timedelta(hours=1)
    with clock.at(later):
        batches.batch_remove(actor=admin, batch_id=batch.pk, community_id=district.world.b.pk)
        with pytest.raises(Conflict, match="propose again"):
            proposals.proposal_move(actor=admin, proposal_id=proposal.pk, cadre_id=district.cadres["李浩然"].pk)
        with pytest.raises(Conflict, match="propose again"):
            batches.batch_transition(actor=admin, batch_id=batch.pk, action="place", proposal_id=proposal.pk)
    with clock.at(later + dt.timedelta(minutes=5)):
        fresh_one = proposals.proposal_make(actor=admin, batch_id=batch.pk)
        batches.batch_transition(actor=admin, batch_id=batch.pk, action="place", proposal_id=fresh_one.pk)
    assert not Placement.objects.filter(batch=batch, community=district.world.b).exists()


def test_two_batches_with_overlapping_windows_cannot_both_place_a_cadre(district):
    first = batch_with_everyone(district)
    admin = fresh(district.world.district_admin)
    with clock.at(T0):
        second = batches.batch_create(actor=admin, name="2026年第一期（补）", starts_on=STARTS, ends_on=ENDS)
        batches.batch_add_cadre(actor=admin, batch_id=second.pk, cadre_id=district.cadres["李浩然"].pk)
        batches.batch_add_community(actor=admin, batch_id=second.pk, community_id=district.c.pk)
        late = proposals.proposal_make(actor=admin, batch_id=second.pk)
        early = proposals.proposal_make(actor=admin, batch_id=first.pk)
        batches.batch_transition(actor=admin, batch_id=first.pk, action="place", proposal_id=early.pk)
        with pytest.raises(Conflict, match="already placed in"):
            batches.batch_transition(actor=admin, batch_id=second.pk, action="place", proposal_id=late.pk)
    assert Placement.objects.filter(cadre=district.cadres["李浩然"]).count() == 1


def test_adopting_checks_the_needs_as_they_stand_now(district):
    from sanji.cadres.services import pool

    batch, admin, proposal = adjusted(district)
    # 八大峡社区 is no longer weak after the proposal: it takes no assistant now.
    pool.need_publish(actor=admin, community_id=district.c.pk, difficulty=2, weak_foundation=False,
                      wanted=["emergency", "mediation"], capacity=2)
    with clock.at(T0), pytest.raises(Conflict, match="more cadres than it can"):
        batches.batch_transition(actor=admin, batch_id=batch.pk, action="place", proposal_id=proposal.pk)
    assert not Placement.objects.exists()


def test_a_community_left_without_an_assistant_who_could_go_there_is_refused(district):
    batch, admin, proposal = adjusted(district)
    with clock.at(T0):
        proposals.proposal_move(actor=admin, proposal_id=proposal.pk, cadre_id=district.cadres["赵立新"].pk)
        with pytest.raises(Conflict, match="no assistant to its party secretary while 赵立新 is left out"):
            batches.batch_transition(actor=admin, batch_id=batch.pk, action="place", proposal_id=proposal.pk)


def test_the_batch_page_after_a_community_left_offers_only_a_new_proposal(district, client):
    batch, admin, proposal = adjusted(district)
    with clock.at(T0):
        batches.batch_remove(actor=admin, batch_id=batch.pk, community_id=district.c.pk)
    client.force_login(district.world.district_admin)
    page = client.get(f"/cadres/batches/{batch.pk}/", HTTP_HOST="127.0.0.1")
    assert page.status_code == 200
    assert b'name="target"' not in page.content and b'role="alert"' in page.content
