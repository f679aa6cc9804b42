"""``sanji serve``: migrate-free production server (gunicorn) on the given address."""

import os
import sys

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve Sanji with gunicorn (static files by WhiteNoise)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=int(os.environ.get("SANJI_WORKERS", "2")))

    def handle(self, *args, host, port, workers, **options):
        if not 0 < port < 65536:
            self.stderr.write("port must be between 1 and 65535")
            sys.exit(2)
        argv = [sys.executable, "-m", "gunicorn", "sanji.wsgi:application", "--bind", f"{host}:{port}",
                "--workers", str(workers), "--threads", "4", "--access-logfile", "-"]
        sys.stdout.flush()
        os.execv(sys.executable, argv)
