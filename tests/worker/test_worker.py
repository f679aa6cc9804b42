"""Background jobs run in-process by default and on Celery with Redis when a broker is set.

The Celery tests start a real worker thread against the Redis on 127.0.0.1:6379 (database 15), which
``.ci/run`` starts when it is not running.
"""

import datetime as dt
import json
import threading
import time

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from django.core.management import call_command

from sanji import worker
from sanji.celery import app
from sanji.core import clock
from sanji.dispatch.models import Escalation
from sanji.dispatch.tasks import escalate_overdue
from sanji.notices.models import Notice
from sanji.wishes.models import Wish

from ..conftest import on_postgres
from ..factories import build_world
from ..wishes.helpers import submit

REDIS_URL = "redis://127.0.0.1:6379/15"


def overdue_wish(world) -> Wish:
    with clock.at(clock.now() - dt.timedelta(days=3)):
        return submit(world)


def wait_for(condition, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_run_once_runs_every_job(world):
    wish = overdue_wish(world)
    results = worker.run_once()
    assert results == {"sanji.dispatch.escalate": 1, "sanji.notices.deliver": {"sent": 1, "retried": 0, "failed": 0},
                       "sanji.classes.regroup": 1, "sanji.property.flag_missed": 0}
    wish.refresh_from_db()
    assert wish.escalation_level == "street"


def test_the_command_once_prints_what_it_did(world, capsys):
    overdue_wish(world)
    call_command("worker", "--once")
    assert json.loads(capsys.readouterr().out)["sanji.dispatch.escalate"] == 1


def explode():
    raise RuntimeError("the gateway is down")


def test_a_failing_job_does_not_stop_the_others(world, settings, caplog):
    settings.SANJI_PERIODIC_JOBS = [("boom", f"{__name__}.explode", 1), *settings.SANJI_PERIODIC_JOBS]
    overdue_wish(world)
    results = worker.run_once()
    assert results["boom"] == "RuntimeError: the gateway is down"
    assert "job boom failed" in caplog.text
    assert results["sanji.dispatch.escalate"] == 1


@pytest.mark.django_db(transaction=True)
def test_the_in_process_loop_escalates_by_itself(settings):
    settings.SANJI_PERIODIC_JOBS = [
        ("sanji.dispatch.escalate", "sanji.dispatch.tasks.escalate_overdue", 0.2),
        ("sanji.notices.deliver", "sanji.notices.tasks.deliver_notices", 0.2),
    ]
    world = build_world()
    wish = overdue_wish(world)
    stop = threading.Event()
    thread = threading.Thread(target=worker.run_forever, args=(stop,), kwargs={"tick": 0.1}, daemon=True)
    thread.start()
    try:
        assert wait_for(lambda: Notice.objects.filter(state="sent").exists(), timeout=20)
    finally:
        stop.set()
        thread.join(10)
    assert not thread.is_alive()
    wish.refresh_from_db()
    assert wish.escalation_level == "street"


def test_the_celery_beat_schedule_comes_from_the_settings():
    app.loader.import_default_modules()
    app.finalize()
    assert {"sanji.dispatch.escalate", "sanji.notices.deliver"} <= set(app.conf.beat_schedule)


@pytest.fixture
def celery_on_redis(settings):
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.ConnectionError:
        pytest.fail("Redis is not running on 127.0.0.1:6379; .ci/run starts it (or: redis-server --daemonize yes)")
    redis.Redis.from_url(REDIS_URL).flushdb()
    settings.CELERY_BROKER_URL = REDIS_URL
    old = app.conf.broker_url
    app.conf.broker_url = REDIS_URL
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            yield app
    finally:
        app.conf.broker_url = old


@pytest.mark.postgres
@pytest.mark.skipif(not on_postgres(), reason="a Celery worker thread and the test share the database; SQLite's "
                    "in-memory test database locks its tables across threads (make test runs this on PostgreSQL)")
@pytest.mark.django_db(transaction=True)
def test_on_celery_the_escalation_task_escalates_and_its_notices_are_delivered(celery_on_redis):
    world = build_world()
    wish = overdue_wish(world)
    escalate_overdue.delay()
    assert wait_for(lambda: Escalation.objects.filter(wish=wish).exists())
    # The notices written with the escalation asked the queue to deliver them at once.
    assert wait_for(lambda: Notice.objects.filter(recipient=world.street_officer, state="sent").exists())
    escalate_overdue.delay()
    time.sleep(1)
    assert Escalation.objects.filter(wish=wish).count() == 1
