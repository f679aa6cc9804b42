"""``sanji moderate FILE``: the verdict on each text of a JSON-lines file, printed as JSON lines (``-``: stdin)."""

import sys

from django.core.management.base import BaseCommand

from sanji.moderation.cli import run


class Command(BaseCommand):
    help = (
        'Read {"id"?, "text"} JSON lines from FILE (or - for standard input) and print {"id"?, "verdict", '
        '"reasons"} for each, in the same order; verdict is ok, review or spam. Bad input exits with status 2.'
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        # Optional here so that a missing FILE gets the command's own one-line usage, not argparse's.
        parser.add_argument("file", nargs="?", help="texts as JSON lines, or - to read standard input")

    def handle(self, *args, file, **options):
        status = run([file] if file is not None else [], sys.stdin, self.stdout, self.stderr)
        if status:
            sys.exit(status)
