"""``sanji match FILE``: the optimal assignment of a JSON matching instance, printed as JSON (``-``: stdin)."""

import sys

from django.core.management.base import BaseCommand

from sanji.dispatch.match_cli import run


class Command(BaseCommand):
    help = (
        'Read {"left", "right", "edges", "objective"} as JSON from FILE (or - for standard input) and print '
        '{"assignments", "total_score", "assigned", "unassigned_left"}. Bad input exits with status 2.'
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        # Optional here so that a missing FILE gets the command's own one-line usage, not argparse's.
        parser.add_argument("file", nargs="?", help="the instance as JSON, or - to read standard input")

    def handle(self, *args, file, **options):
        status = run([file] if file is not None else [], sys.stdin, self.stdout, self.stderr)
        if status:
            sys.exit(status)
