"""Two people acting at the same instant, on PostgreSQL: the row locks keep capacities and single reports true."""

import datetime as dt
import threading

import pytest
from django.db import connection

from sanji.cadres.models import Placement, ProposedPair, WhistleCall
from sanji.cadres.services import batches, pool, proposals, whistles
from sanji.core import clock
from sanji.core.errors import Conflict, IllegalTransition
from tests.cadres.helpers import T0, batch_with_everyone, placed
from tests.conftest import on_postgres
from tests.factories import UserFactory, fresh

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not on_postgres(), reason="row locks and concurrent connections need PostgreSQL"),
]


def at_once(calls, moment) -> list[str]:
    """Run each of ``calls`` in its own connection at the same instant; return the sorted outcomes."""
    barrier = threading.Barrier(len(calls))
    outcomes = []

    def run(call):
        try:
            barrier.wait(timeout=10)
            with clock.at(moment):  # the clock is per thread
                call()
            outcomes.append("done")
        except (Conflict, IllegalTransition) as refused:
            outcomes.append(type(refused).__name__)
        except Exception as exc:  # noqa: BLE001 - the test reports any other outcome
            outcomes.append(f"error: {exc!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(outcomes)


def test_two_moves_into_the_last_place_of_a_community_leave_it_full_not_overfull(district):
    batch = batch_with_everyone(district)
    admin = fresh(district.world.district_admin)
    with clock.at(T0):
        proposal = proposals.proposal_make(actor=admin, batch_id=batch.pk)
    # 八大峡社区 takes two and holds 周晓雯: one place is left, and two moves race for it.
    movers = [district.cadres["李浩然"].pk, district.cadres["孙嘉怡"].pk]
    outcomes = at_once([
        lambda cadre=cadre: proposals.proposal_move(actor=fresh(district.world.district_admin),
                                                    proposal_id=proposal.pk, cadre_id=cadre,
                                                    community_id=district.c.pk)
        for cadre in movers
    ], T0 + dt.timedelta(minutes=1))
    assert outcomes == ["Conflict", "done"], outcomes
    assert ProposedPair.objects.filter(proposal=proposal, community=district.c, role="member").count() == 2


def test_adopting_twice_at_once_places_each_cadre_once(district):
    batch = batch_with_everyone(district)
    with clock.at(T0):
        proposal = proposals.proposal_make(actor=fresh(district.world.district_admin), batch_id=batch.pk)
    outcomes = at_once([
        lambda: batches.batch_transition(actor=fresh(district.world.district_admin), batch_id=batch.pk,
                                         action="place", proposal_id=proposal.pk)
        for _ in range(2)
    ], T0 + dt.timedelta(minutes=1))
    assert outcomes == ["IllegalTransition", "done"], outcomes
    assert Placement.objects.filter(batch=batch).count() == 4


def test_two_desks_of_one_agency_reporting_at_once_record_one_report(district):
    placed(district)
    second_desk = UserFactory(username="desk-petitions-2")
    pool.desk_grant(user=second_desk, agency=district.petitions)
    raised = T0 + dt.timedelta(days=30)
    with clock.at(raised):
        whistle = whistles.whistle_raise(actor=fresh(district.world.staff_a), community_id=district.world.a.pk,
                                         kind="emergency", problem="燃气泄漏", agency_ids=[district.petitions.pk])
    call = whistle.calls.get()
    outcomes = at_once([
        lambda user=user: whistles.whistle_report(actor=fresh(user), call_id=call.pk, attendees=user.username,
                                                  action="到场处置")
        for user in (district.desk_petitions, second_desk)
    ], raised + dt.timedelta(minutes=10))
    assert outcomes == ["IllegalTransition", "done"], outcomes
    assert WhistleCall.objects.get(pk=call.pk).reported_at == raised + dt.timedelta(minutes=10)
