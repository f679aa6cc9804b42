"""``sanji demo``: migrate, load the demo district, collect static files, print the accounts, serve."""

import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext

from sanji.demo.builder import ACCOUNTS, DEMO_PASSWORD, build_demo


class Command(BaseCommand):
    help = "Load the demo district (idempotent) and serve it at http://127.0.0.1:PORT."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--no-serve", action="store_true", help="load the data and stop")
        parser.add_argument("--no-worker", action="store_true",
                            help="do not start the background worker (escalation, notifications)")

    def handle(self, *args, port, host, no_serve, no_worker, **options):
        call_command("migrate", interactive=False, verbosity=0)
        counts = build_demo()
        if not (settings.STATIC_ROOT / "staticfiles.json").exists() or settings.DEBUG:
            call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(self.style.SUCCESS(
            "Demo district ready: {areas} areas, {residents} residents, {members} party members, "
            "{wishes} wishes; {units} units of {owners} owners, {votes} owners' votes with {ballots} ballots."
            .format(**counts)))
        self.stdout.write(f"Demo accounts (password: {DEMO_PASSWORD}):")
        for username, role in ACCOUNTS:
            self.stdout.write(f"  {username:<15} {role}")
        if no_serve:
            return
        if not no_worker:
            # The worker is a child process: it outlives the exec into gunicorn below and stops with the
            # terminal's Ctrl-C, which reaches the whole process group.
            subprocess.Popen([sys.executable, "-m", "sanji.cli", "worker"])
            self.stdout.write(gettext("Background worker started: overdue wishes escalate, notices are delivered."))
        self.stdout.write(f"Serving at http://{host}:{port}/  (API docs: http://{host}:{port}/api/v1/docs)")
        call_command("serve", host=host, port=port)
