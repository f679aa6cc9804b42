"""A rate that keeps its numerator and denominator, so every figure shown can be checked by hand."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction


@dataclass(frozen=True)
class Rate:
    numerator: int
    denominator: int

    @property
    def value(self) -> Fraction | None:
        """Return the exact share, or None when nothing was due (0 of 0 is not 100 %)."""
        return Fraction(self.numerator, self.denominator) if self.denominator else None

    def percent(self, places: int = 1) -> Decimal | None:
        """Return the share in per cent, rounded half up to ``places`` decimals, or None."""
        value = self.value
        if value is None:
            return None
        exact = Decimal(value.numerator * 100) / Decimal(value.denominator)
        return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)

    def as_json(self) -> dict:
        """Return ``{"rate", "numerator", "denominator"}``; ``rate`` is a 4-place decimal string or null."""
        value = self.value
        rate = None
        if value is not None:
            exact = Decimal(value.numerator) / Decimal(value.denominator)
            rate = str(exact.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP))
        return {"rate": rate, "numerator": self.numerator, "denominator": self.denominator}

    def __add__(self, other: "Rate") -> "Rate":
        return Rate(self.numerator + other.numerator, self.denominator + other.denominator)


def median_of_counts(counts: dict[int, int]) -> Decimal | None:
    """Return the exact median of values given as ``{value: how many}``, or None when there are none.

    With an even number of values the median is the mean of the two middle ones (so it may end in .5).
    """
    total = sum(n for n in counts.values() if n > 0)
    if total == 0:
        return None
    lower_rank, upper_rank = (total - 1) // 2, total // 2
    seen, lower, upper = 0, None, None
    for value in sorted(v for v, n in counts.items() if n > 0):
        seen += counts[value]
        if lower is None and seen > lower_rank:
            lower = value
        if seen > upper_rank:
            upper = value
            break
    return (Decimal(lower) + Decimal(upper)) / 2
