from fractions import Fraction

from django import template

register = template.Library()


@register.filter
def percent(value) -> str:
    """Render a share (a Fraction from 0 to 1) as a whole percentage, rounded half up."""
    share = Fraction(value or 0) * 100
    return f"{int(share + Fraction(1, 2))}%"
