"""``sanji classes FILE``: the class of each wish in a JSON-lines file, printed as JSON lines (``-``: stdin)."""

import sys

from django.core.management.base import BaseCommand

from sanji.classes.cli import run


class Command(BaseCommand):
    help = (
        'Read {"id", "text"} JSON lines from FILE (or - for standard input) and print {"id", "class", "label"} '
        "for each, in the same order. Bad input exits with status 2."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        # Optional here so that a missing FILE gets the command's own one-line usage, not argparse's.
        parser.add_argument("file", nargs="?", help="wishes as JSON lines, or - to read standard input")

    def handle(self, *args, file, **options):
        status = run([file] if file is not None else [], sys.stdin, self.stdout, self.stderr)
        if status:
            sys.exit(status)
