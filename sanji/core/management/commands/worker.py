"""``sanji worker``: run the background jobs (escalation scan, notice delivery).

With ``CELERY_BROKER_URL`` set, start a Celery worker with its beat (the periodic schedule); otherwise run
the jobs in this process on a timer. ``--once`` runs each job once and exits (for cron or a check).
"""

import json
import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext

from sanji import worker


class Command(BaseCommand):
    help = "Run the background jobs: escalate overdue wishes and deliver notifications."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="run each job once, print what it did, exit")
        parser.add_argument("--concurrency", type=int, default=2, help="Celery worker processes")

    def handle(self, *args, once, concurrency, **options):
        if once:
            self.stdout.write(json.dumps(worker.run_once(), ensure_ascii=False, default=str))
            return
        if settings.CELERY_BROKER_URL:
            from sanji.celery import app

            schedule = settings.VAR_DIR / "celerybeat-schedule"
            app.worker_main(["worker", "--beat", f"--schedule={schedule}", "--loglevel=INFO",
                             f"--concurrency={concurrency}"])
            return
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        self.stdout.write(gettext("Worker running in-process (no CELERY_BROKER_URL); Ctrl-C stops it."))
        self.stdout.flush()
        worker.run_forever(stop)
