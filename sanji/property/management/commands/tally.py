"""``sanji tally FILE``: count an owners' vote under Civil Code art. 278, read as JSON (``-``: stdin)."""

import sys

from django.core.management.base import BaseCommand

from sanji.core.cli_io import InputRefused, report
from sanji.property.cli import USAGE, run


class Command(BaseCommand):
    help = (
        'Read {"matter", "units", "ballots"} as JSON from FILE (or - for standard input) and print the count as '
        "one line of JSON: totals, participation, yes votes, quorum_met and passed. Bad input exits with status 2."
    )
    requires_system_checks = []

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        # An unknown option gets the command's own one translated line, not argparse's usage in English.
        parser.error = lambda message: sys.exit(report(InputRefused(USAGE), sys.stderr))
        return parser

    def add_arguments(self, parser):
        # Any number here, so that a missing or extra FILE gets the command's own one-line usage, not argparse's.
        parser.add_argument("file", nargs="*", help="the vote as JSON, or - to read standard input")

    def handle(self, *args, file, **options):
        status = run(list(file), sys.stdin, self.stdout, self.stderr)
        if status:
            sys.exit(status)
