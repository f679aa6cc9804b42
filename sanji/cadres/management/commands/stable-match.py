"""``sanji stable-match FILE``: place young cadres in communities by stable matching, read as JSON (``-``: stdin).

The file name holds a hyphen so that the command is ``stable-match``: Django finds commands by file name and loads
them with ``importlib.import_module``, which takes any name; nothing imports this module by a plain ``import``.
"""

import sys

from django.core.management.base import BaseCommand

from sanji.cadres.stable_cli import USAGE, run
from sanji.core.cli_io import InputRefused, report


class Command(BaseCommand):
    help = (
        'Read {"cadres", "communities", "optimal"} as JSON from FILE (or - for standard input) and print the '
        'cadre-optimal or community-optimal stable placement as one line of JSON: {"matching", "unmatched"}. '
        "Bad input exits with status 2."
    )
    requires_system_checks = []

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        # An unknown option gets the command's own one translated line, not argparse's usage in English.
        parser.error = lambda message: sys.exit(report(InputRefused(USAGE), sys.stderr))
        return parser

    def add_arguments(self, parser):
        # Any number here, so that a missing or extra FILE gets the command's own one-line usage, not argparse's.
        parser.add_argument("file", nargs="*", help="the instance as JSON, or - to read standard input")

    def handle(self, *args, file, **options):
        status = run(list(file), sys.stdin, self.stdout, self.stderr)
        if status:
            sys.exit(status)
