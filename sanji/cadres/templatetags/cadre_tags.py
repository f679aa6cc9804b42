from django import template
from django.utils.translation import gettext_lazy, ngettext

from ..models import Skill

register = template.Library()


@register.filter
def skill_labels(codes) -> str:
    """Return the skills ``codes`` as their names, joined with the Chinese enumeration comma."""
    labels = dict(Skill.choices)
    return "、".join(str(labels.get(code, code)) for code in codes or ()) or "—"


@register.filter
def signed(value) -> str:
    """Return a change in fit with its sign: +0.1500, −0.3000, 0."""
    if value is None:
        return ""
    if value > 0:
        return f"+{value}"
    if value < 0:
        return f"−{-value}"
    return "0"


WHISTLE_EVENTS = {
    "raised": gettext_lazy("whistle blown"),
    "called": gettext_lazy("more agencies named"),
    "reported": gettext_lazy("an agency reported"),
    "close": gettext_lazy("confirmed and closed by the community"),
    "withdraw": gettext_lazy("withdrawn"),
}


@register.filter
def whistle_event(kind: str) -> str:
    return str(WHISTLE_EVENTS.get(kind, kind))


@register.filter
def duration(span) -> str:
    """Return a time span as people say it: in days, hours or minutes, whichever is whole."""
    minutes = int(span.total_seconds() // 60)
    if minutes and minutes % (24 * 60) == 0:
        days = minutes // (24 * 60)
        return ngettext("%(n)d day", "%(n)d days", days) % {"n": days}
    if minutes and minutes % 60 == 0:
        hours = minutes // 60
        return ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours}
    return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}
