"""Several workers at once: each notice is sent exactly once, each wish escalates exactly once.

Runs on PostgreSQL with real concurrent connections (one per thread). ``SKIP LOCKED`` lets the workers
share the queue; a slow channel keeps every worker busy at the same time.
"""

import datetime as dt
import threading
import time
from collections import Counter

import pytest
from django.db import connection

from sanji.core import clock
from sanji.dispatch.escalation import escalate_overdue
from sanji.dispatch.models import Escalation
from sanji.notices.models import Notice
from sanji.notices.services import notices_deliver, notices_queue
from sanji.wishes.models import WishEvent

from ..conftest import on_postgres
from ..factories import UserFactory, build_world
from ..wishes.helpers import submit

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not on_postgres(), reason="row locks and concurrent connections need PostgreSQL "
                                                 "(make test runs this on PostgreSQL)"),
]

WORKERS = 4
SENT = Counter()
SENT_LOCK = threading.Lock()


class SlowCountingChannel:
    def send(self, notice, text):
        time.sleep(0.01)
        with SENT_LOCK:
            SENT[notice.pk] += 1


def in_parallel(func, n=WORKERS):
    barrier = threading.Barrier(n)
    results, errors = [], []

    def run():
        try:
            barrier.wait(timeout=10)
            results.append(func())
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == []
    return results


def test_workers_sharing_the_queue_send_each_notice_once(settings):
    settings.SANJI_NOTICE_CHANNELS = {code: f"{__name__}.SlowCountingChannel" for code in ("inbox", "email", "sms")}
    SENT.clear()
    people = [UserFactory(username=f"p{i}", email=f"p{i}@example.org") for i in range(20)]
    for i in range(5):
        notices_queue(recipients=people, kind="wish_fulfilled", params={"id": i}, key=f"k{i}")
    total = Notice.objects.count()
    assert total == 20 * 5 * 2
    reports = in_parallel(notices_deliver)
    assert sum(r.sent for r in reports) == total
    assert len(SENT) == total and set(SENT.values()) == {1}
    assert sum(1 for r in reports if r.sent) > 1  # the work really was shared
    assert set(Notice.objects.values_list("state", flat=True)) == {"sent"}


def test_simultaneous_scans_escalate_each_wish_once():
    world = build_world()
    with clock.at(clock.now() - dt.timedelta(days=3)):
        wishes = [submit(world, text=f"心愿{i}") for i in range(30)]
    moved = in_parallel(lambda: escalate_overdue(chunk=4))
    assert sum(moved) == len(wishes)
    assert Escalation.objects.count() == len(wishes)
    assert WishEvent.objects.filter(action="escalate_street").count() == len(wishes)
