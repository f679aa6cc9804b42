"""Every message in the Chinese catalogues is translated (English is the source language)."""

from pathlib import Path

import polib
import pytest
from django.conf import settings


@pytest.mark.parametrize("language", ["zh_Hans", "zh_Hant"])
def test_catalogue_is_complete(language):
    catalogue = polib.pofile(str(Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "django.po"))
    missing = [e.msgid for e in catalogue.untranslated_entries() + catalogue.fuzzy_entries() if not e.obsolete]
    assert missing == []
    assert len(catalogue) > 300
