"""Many wishes of one community change at the same instant: the monthly rollup loses none of the changes.

Each transition adds to the same ``WishMonth`` row in its own transaction (an upsert that adds to the
row); on PostgreSQL, with one connection per thread, the row lock serialises the additions.
"""

import threading

import pytest
from django.db import connection

from sanji.wishes.models import ALL_GROUPS, WishMonth
from sanji.wishes.rollups import rollups_rebuild
from sanji.wishes.transitions import transition

from ..conftest import on_postgres
from ..factories import fresh
from .helpers import to_state

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not on_postgres(), reason="row locks and concurrent connections need PostgreSQL "
                                                 "(make test runs this on PostgreSQL)"),
]

WISHES = 8


def _snapshot():
    return sorted(WishMonth.objects.values_list("month", "community_id", "duty_type", "group", "submitted",
                                                "response_due", "response_met"))


def test_simultaneous_claims_of_different_wishes_all_reach_the_rollup(world):
    wishes = [to_state(world, "published") for _ in range(WISHES)]
    barrier = threading.Barrier(WISHES)
    errors = []

    def claim(wish):
        try:
            barrier.wait(timeout=10)
            transition(wish_id=wish.pk, action="claim", actor=fresh(world.member_a))
        except Exception as exc:  # noqa: BLE001 - the test reports any failure
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=claim, args=(w,)) for w in wishes]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert errors == []
    rows = WishMonth.objects.filter(community=world.a, group=ALL_GROUPS)
    assert sum(r.submitted for r in rows) == WISHES
    assert sum(r.response_due for r in rows) == WISHES
    assert sum(r.response_met for r in rows) == WISHES  # every one claimed at once, well before its deadline
    live = _snapshot()
    rollups_rebuild()
    assert _snapshot() == live


def test_a_change_made_during_a_rebuild_waits_for_it_and_is_counted_once(world, monkeypatch):
    from sanji.wishes import rollups

    wish = to_state(world, "published")
    paused, order, errors = threading.Event(), [], []
    original = rollups._contributions

    def slow(wishes):  # the rebuild has emptied the tables and is about to read the histories
        if threading.current_thread().name == "rebuild":
            paused.set()
            threading.Event().wait(1.5)
        return original(wishes)

    monkeypatch.setattr(rollups, "_contributions", slow)

    def rebuild():
        try:
            rollups_rebuild()
            order.append("rebuild")
        except Exception as exc:  # noqa: BLE001
            errors.append(repr(exc))
        finally:
            connection.close()

    def claim():
        try:
            paused.wait(timeout=10)
            transition(wish_id=wish.pk, action="claim", actor=fresh(world.member_a))
            order.append("claim")
        except Exception as exc:  # noqa: BLE001
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=rebuild, name="rebuild"), threading.Thread(target=claim, name="claim")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert errors == [] and order == ["rebuild", "claim"]  # the claim waited for the rebuild to commit
    rows = WishMonth.objects.filter(community=world.a, group=ALL_GROUPS)
    assert sum(r.submitted for r in rows) == 1 and sum(r.response_met for r in rows) == 1  # counted once
    live = _snapshot()
    monkeypatch.setattr(rollups, "_contributions", original)
    rollups_rebuild()
    assert _snapshot() == live
