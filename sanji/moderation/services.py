"""Screening of public text where it enters: the one place that asks the moderator and keeps its record."""

from django.utils.translation import gettext as _

from sanji.core.errors import Blocked

from .models import Screening
from .verdict import SPAM, Verdict, moderate, reason_label


def text_screen(*, actor, text: str, source: str, community=None, field: str = "text") -> Verdict:
    """Return the moderator's verdict on ``text``; record and refuse spam with ``Blocked``.

    Call it before the transaction that stores the text, so that the record of a blocked text stays although
    nothing else is written. A text held for review is recorded by ``screening_record`` once its object exists.
    """
    verdict = moderate(text)
    if verdict.verdict == SPAM:
        Screening.objects.create(actor=actor if getattr(actor, "pk", None) else None, source=source, text=text,
                                 verdict=SPAM, reasons=",".join(verdict.reasons), community=community)
        raise Blocked(field=field, extra={"reasons": [str(reason_label(r)) for r in verdict.reasons]})
    return verdict


def screening_record(*, actor, text: str, source: str, verdict: Verdict, subject_id: int, community=None) -> None:
    """Record that the text of ``subject_id`` (in ``source``) is held for staff to look at."""
    if verdict.passed:
        return
    Screening.objects.create(actor=actor if getattr(actor, "pk", None) else None, source=source, text=text,
                             verdict=verdict.verdict, reasons=",".join(verdict.reasons), community=community,
                             subject_id=subject_id)


def held_note(reasons: list[str]) -> str:
    """Return the staff-facing line that says why a text is held."""
    return _("Held for a look before publishing: %(reasons)s") % {
        "reasons": "、".join(str(reason_label(r)) for r in reasons)}
