from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django import template

register = template.Library()


@register.filter
def share(value) -> str:
    """Render a share (a Fraction from 0 to 1) as a percentage with one decimal, rounded half up."""
    exact = Fraction(value or 0) * 100
    return f"{(Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(Decimal('0.1'), ROUND_HALF_UP)}%"


@register.filter
def area(value) -> str:
    """Render an area in m² with thousands separators, as registered (two decimals)."""
    return f"{Decimal(str(value)):,.2f}"
