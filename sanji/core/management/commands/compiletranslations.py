"""Compile the .po catalogues into .mo files with polib, so no system gettext is needed to install."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Compile every django.po under LOCALE_PATHS into django.mo (pure Python)."

    def handle(self, *args, **options):
        for root in settings.LOCALE_PATHS:
            for po_path in sorted(Path(root).glob("*/LC_MESSAGES/django.po")):
                mo_path = po_path.with_suffix(".mo")
                if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                    continue
                polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
                if options["verbosity"] > 1:
                    self.stdout.write(f"compiled {mo_path}")
