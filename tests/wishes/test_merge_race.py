"""Two reviewers merge two wishes into each other at the same instant: never a loop, never a deadlock.

Runs on PostgreSQL with real concurrent connections; the merge takes the original's row lock without waiting.
"""

import threading

import pytest
from django.db import connection

from sanji.core.errors import Conflict, InvalidInput
from sanji.wishes.models import Wish
from sanji.wishes.transitions import transition

from ..conftest import on_postgres
from ..factories import fresh
from .helpers import submit

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not on_postgres(), reason="row locks and concurrent connections need PostgreSQL "
                                                 "(make test runs this on PostgreSQL)"),
]


def crossed(first, second, first_user, second_user) -> dict:
    """Merge ``first`` into ``second`` and ``second`` into ``first`` at once; return each wish's outcome."""
    barrier = threading.Barrier(2)
    outcomes = {}

    def merge(wish, into, user):
        try:
            barrier.wait(timeout=10)
            transition(wish_id=wish.pk, action="merge", actor=fresh(user), params={"into": into.pk})
            outcomes[wish.pk] = "merged"
        except (Conflict, InvalidInput) as refused:
            outcomes[wish.pk] = type(refused).__name__
        except Exception as exc:  # noqa: BLE001 - the test reports any other outcome
            outcomes[wish.pk] = f"error: {exc!r}"
        finally:
            connection.close()

    threads = [threading.Thread(target=merge, args=(first, second, first_user)),
               threading.Thread(target=merge, args=(second, first, second_user))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_crossed_merges_end_without_a_loop_or_an_error(world):
    for _ in range(5):
        first, second = submit(world), submit(world)
        outcomes = crossed(first, second, world.staff_a, world.district_admin)
        assert not any(o.startswith("error") for o in outcomes.values()), outcomes
        states = sorted(Wish.objects.filter(pk__in=[first.pk, second.pk]).values_list("state", flat=True))
        assert states.count("merged") == list(outcomes.values()).count("merged") <= 1, (outcomes, states)
