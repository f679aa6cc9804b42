"""Write the Traditional Chinese catalogue from the Simplified one with OpenCC's s2tw (``make messages``).

s2tw changes the characters to the Taiwan standard and keeps the words: the domain's words (社區, 網格, 派單) stay
as the district says them, where s2twp would swap in Taiwan phrases (社區 becomes 社群, "social group").

Only entries whose Traditional text is still empty, or was itself made by this command, are written,
so a translator's own corrections in zh_Hant survive the next run.
"""

from pathlib import Path

import opencc
import polib
from django.conf import settings
from django.core.management.base import BaseCommand

MARK = "opencc"


class Command(BaseCommand):
    help = "Fill sanji/locale/zh_Hant from zh_Hans by OpenCC's s2tw conversion (Taiwan standard characters)."

    def handle(self, *args, **options):
        converter = opencc.OpenCC("s2tw")
        root = Path(settings.LOCALE_PATHS[0])
        hans = polib.pofile(str(root / "zh_Hans/LC_MESSAGES/django.po"))
        hant_path = root / "zh_Hant/LC_MESSAGES/django.po"
        hant = polib.pofile(str(hant_path)) if hant_path.exists() else polib.POFile()
        by_key = {(e.msgctxt, e.msgid): e for e in hant}
        written = 0
        for source in hans:
            if source.obsolete:
                continue
            target = by_key.get((source.msgctxt, source.msgid))
            if target is None:
                target = polib.POEntry(msgctxt=source.msgctxt, msgid=source.msgid,
                                       msgid_plural=source.msgid_plural, occurrences=source.occurrences)
                hant.append(target)
            # A fuzzy entry is makemessages' guess from a similar old string (with that string's comments), never a
            # translator's own work.
            own_work = ((target.msgstr or any(target.msgstr_plural.values())) and MARK not in (target.tcomment or "")
                        and "fuzzy" not in target.flags)
            if own_work:
                continue
            target.msgstr = converter.convert(source.msgstr)
            if source.msgid_plural:
                target.msgstr_plural = {k: converter.convert(v) for k, v in source.msgstr_plural.items()}
            target.tcomment = MARK
            target.previous_msgid = target.previous_msgid_plural = None
            target.flags = [f for f in source.flags if f != "fuzzy"] if "fuzzy" not in source.flags else ["fuzzy"]
            written += 1
        hant.metadata = dict(hans.metadata, Language="zh_Hant")
        hant_path.parent.mkdir(parents=True, exist_ok=True)
        hant.save(str(hant_path))
        self.stdout.write(f"zh_Hant: {written} entries written from zh_Hans")
