"""Many claimers press "claim" on one wish at the same instant: exactly one wins.

Runs on PostgreSQL with real concurrent connections (one per thread); the row lock taken by
``transition`` makes the losers wait and then see the wish claimed.
"""

import threading

import pytest
from django.db import connection

from sanji.core.errors import AlreadyClaimed
from sanji.core.models import PartyOrg
from sanji.wishes.models import Claim, WishEvent
from sanji.wishes.transitions import transition

from ..conftest import on_postgres
from ..factories import UserFactory, fresh, member
from .helpers import to_state

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not on_postgres(), reason="row locks and concurrent connections need PostgreSQL "
                                                 "(make test runs this on PostgreSQL)"),
]

CLAIMERS = 8


def race(wish_id, users):
    barrier = threading.Barrier(len(users))
    outcomes = []
    lock = threading.Lock()

    def claim(user):
        try:
            barrier.wait(timeout=10)
            transition(wish_id=wish_id, action="claim", actor=fresh(user))
            result = "won"
        except AlreadyClaimed:
            result = "already_claimed"
        except Exception as exc:  # noqa: BLE001 - the test reports any other outcome
            result = f"error: {exc!r}"
        finally:
            connection.close()
        with lock:
            outcomes.append((user.pk, result))

    threads = [threading.Thread(target=claim, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return outcomes


def test_exactly_one_of_many_simultaneous_claimers_wins(world):
    org = PartyOrg.objects.get()
    users = [world.member_a, world.unit_a]
    for _ in range(CLAIMERS - 2):
        user = UserFactory()
        member(world.a, org=org, user=user)
        users.append(user)
    for round_ in range(3):
        wish = to_state(world, "published")
        outcomes = race(wish.pk, users)
        results = sorted(r for _, r in outcomes)
        assert results == ["already_claimed"] * (CLAIMERS - 1) + ["won"], (round_, outcomes)
        winner = next(pk for pk, r in outcomes if r == "won")
        wish.refresh_from_db()
        assert wish.state == "claimed"
        claims = Claim.objects.filter(wish=wish)
        assert claims.count() == 1 and claims.get().claimed_by_id == winner
        assert WishEvent.objects.filter(wish=wish, action="claim").count() == 1

