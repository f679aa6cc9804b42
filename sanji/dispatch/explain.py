"""Reasons of a score in words, in the reader's language."""

from django.utils.translation import gettext_lazy as _

from .models import ResponsibleLevel

DISTANCE = {
    "grid": _("lives in the wish's grid"),
    "community": _("serves the wish's community"),
    "street": _("serves the wish's street"),
    "district": _("serves the whole district"),
}


def reason_text(code: str, detail: str) -> str:
    """Return one reason as a phrase, e.g. "offers 家居维修"."""
    if code == "level":
        return str(_("answers at rank %(rank)s of the responsibility order")) % {"rank": detail}
    if code == "level_any":
        return str(_("no category: any level may answer"))
    if code == "skill":
        return str(_("offers %(type)s")) % {"type": detail}
    if code == "speciality":
        return str(_("speciality matches “%(word)s”")) % {"word": detail}
    if code == "distance":
        return str(DISTANCE.get(detail, detail))
    if code == "load":
        held, _sep, capacity = detail.partition("/")
        return str(_("holds %(held)s of at most %(capacity)s wishes")) % {"held": held, "capacity": capacity}
    if code == "rating":
        if detail in ("", "0"):
            return str(_("no satisfaction ratings yet: counted as 8 in 10 satisfied"))
        return str(_("satisfaction in %(count)s rated wishes")) % {"count": detail}
    if code == "priority":
        return str(_("priority household: %(groups)s")) % {"groups": detail}
    return code


def explain(reasons) -> list[dict]:
    """Return ``[{"text", "points"}]`` for stored reasons (dicts) or scoring ``Reason`` objects."""
    rows = []
    for r in reasons:
        code, points, detail = (
            (r["code"], r["points"], r["detail"]) if isinstance(r, dict) else (r.code, r.points, r.detail)
        )
        rows.append({"text": reason_text(code, detail), "points": points})
    return rows


def level_labels(levels) -> list[str]:
    labels = dict(ResponsibleLevel.choices)
    return [str(labels.get(level, level)) for level in levels]
