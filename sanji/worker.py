"""The in-process worker: runs ``settings.SANJI_PERIODIC_JOBS`` on a timer, with no server to install.

Used by ``sanji worker`` when no ``CELERY_BROKER_URL`` is set (and so by ``make demo``). Each job is a
Celery task called directly, so both set-ups run the very same code. A job that fails is logged and
tried again at its next turn; the loop itself never stops on an error.
"""

import logging
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils.module_loading import import_string

from sanji.audit.context import running_task

log = logging.getLogger("sanji.worker")


@dataclass
class Job:
    name: str
    func: object
    every: float
    next_at: float = 0.0


def jobs() -> list[Job]:
    return [Job(name, import_string(path), float(every)) for name, path, every in settings.SANJI_PERIODIC_JOBS]


def run_once(selected: list[Job] | None = None) -> dict[str, object]:
    """Run every job once now; return each job's result (or the error it raised, as text)."""
    results = {}
    for job in selected or jobs():
        results[job.name] = _run(job)
    return results


def _run(job: Job):
    _drop_stale_connections()
    try:
        with running_task(job.name):  # the audit log's source: task:<name>
            return job.func()
    except Exception as error:  # logged and retried at the next turn; the worker keeps going
        log.exception("job %s failed", job.name)
        return f"{type(error).__name__}: {error}"
    finally:
        _drop_stale_connections()


def _drop_stale_connections() -> None:
    """Close connections past their age or broken, as a request would; never inside a transaction."""
    if not connection.in_atomic_block:
        close_old_connections()


def run_forever(stop: threading.Event, *, tick: float = 1.0) -> None:
    """Run each job every ``every`` seconds until ``stop`` is set."""
    schedule = jobs()
    while not stop.is_set():
        now = time.monotonic()
        for job in schedule:
            if now >= job.next_at:
                result = _run(job)
                if result:
                    log.info("job %s: %s", job.name, result)
                job.next_at = time.monotonic() + job.every
        stop.wait(tick)
