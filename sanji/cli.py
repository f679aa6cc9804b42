"""The ``sanji`` command: Django's management commands under the project's own name.

``sanji demo`` loads the demo district and serves it; ``sanji serve`` serves with gunicorn; every other
word is a management command (``sanji migrate``, ``sanji createsuperuser``...). Every command honours
``DATABASE_URL``.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanji.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["sanji", *(argv if argv is not None else sys.argv[1:])])


if __name__ == "__main__":
    main()
