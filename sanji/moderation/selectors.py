"""Reads of the moderation record."""

from .models import Screening, Verdict


def held_reasons(*, source: str, subject_ids) -> dict[int, list[str]]:
    """Return, for each of ``subject_ids`` held for review, the reason codes (one query)."""
    held: dict[int, list[str]] = {}
    rows = Screening.objects.filter(source=source, subject_id__in=list(subject_ids), verdict=Verdict.REVIEW)
    for subject_id, reasons in rows.values_list("subject_id", "reasons"):
        codes = held.setdefault(subject_id, [])
        codes += [r for r in reasons.split(",") if r and r not in codes]
    return held
