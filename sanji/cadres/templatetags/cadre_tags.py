from django import template

from ..models import Skill

register = template.Library()


@register.filter
def skill_labels(codes) -> str:
    """Return the skills ``codes`` as their names, joined with the Chinese enumeration comma."""
    labels = dict(Skill.choices)
    return "、".join(str(labels.get(code, code)) for code in codes or ()) or "—"
