"""``sanji rollups rebuild``: recompute the monthly figures of every wish from the events."""

import time

from django.core.management.base import BaseCommand
from django.utils.translation import gettext

from sanji.wishes.rollups import rollups_rebuild


class Command(BaseCommand):
    help = (
        "rebuild: empty the monthly rollups of the wishes and recompute them from every wish's events, in one "
        "transaction (the dashboards keep the old figures until the new ones are complete)."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild"])
        parser.add_argument("--chunk", type=int, default=5000, help="wishes read at a time (default 5000)")

    def handle(self, *args, action, chunk, **options):
        started = time.monotonic()

        def progress(done: int) -> None:
            if options["verbosity"] > 1:
                self.stderr.write(gettext("%(count)s wishes read") % {"count": done})

        count = rollups_rebuild(chunk=max(1, chunk), progress=progress)
        self.stdout.write(gettext("Rebuilt the rollups of %(count)s wishes in %(seconds)s s.")
                          % {"count": count, "seconds": f"{time.monotonic() - started:.1f}"})
