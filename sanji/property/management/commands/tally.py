"""``sanji tally FILE``: count an owners' vote under Civil Code art. 278, read as JSON (``-``: stdin)."""

import sys

from django.core.management.base import BaseCommand

from sanji.property.cli import run


class Command(BaseCommand):
    help = (
        'Read {"matter", "units", "ballots"} as JSON from FILE (or - for standard input) and print the count as '
        "one line of JSON: totals, participation, yes votes, quorum_met and passed. Bad input exits with status 2."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        # Optional here so that a missing FILE gets the command's own one-line usage, not argparse's.
        parser.add_argument("file", nargs="?", help="the vote as JSON, or - to read standard input")

    def handle(self, *args, file, **options):
        status = run([file] if file is not None else [], sys.stdin, self.stdout, self.stderr)
        if status:
            sys.exit(status)
