"""Exact decimal scores: scaled to whole int64 numbers for the solver, and summed exactly for the report.

A score is an int, a ``Decimal``, or a float read as its shortest ``repr`` (so ``0.1`` is one tenth). All scores
of an instance are scaled by the smallest power of ten, at most ``10**MAX_PLACES``, that makes them whole. A score
with more than ``MAX_PLACES`` decimal places is refused: rounding it could change which assignment is optimal.
(``ScaledScores.rounded`` is kept for callers and is always False.) Arithmetic on ``Decimal`` runs in
``exact_context()``, whose precision and exponent range are the largest ``decimal`` allows, and which traps nothing.
"""

import math
import numbers
from collections.abc import Sequence
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, ROUND_HALF_EVEN, Context, Decimal, Inexact
from typing import NamedTuple, NoReturn

import numpy as np

from .checks import INT64_MAX, MatchInputError, gettext_noop, quote, refuse_large_scores

MAX_PLACES = 9


class ScaledScores(NamedTuple):
    """Scores as int64 multiples of ``10**-places``; ``rounded`` tells whether some score lost digits."""

    values: np.ndarray
    places: int
    rounded: bool


def scale_scores(scores: Sequence[Decimal | int | float]) -> ScaledScores:
    """Return the scores as exact int64 multiples of the smallest power of ten needed (see the module docstring).

    Refuse a score that is not a number, not finite, negative, or too large once scaled.
    """
    kinds = set(map(type, scores))
    if kinds <= {int}:
        return _scale_ints(scores)
    if kinds == {Decimal}:
        decimals = scores
    else:
        decimals = [s if type(s) is Decimal else _as_decimal(s, position) for position, s in enumerate(scores)]
    if not all(map(Decimal.is_finite, decimals)):
        position = next(i for i, d in enumerate(decimals) if not d.is_finite())
        raise MatchInputError(gettext_noop("%(where)s: the score must be a finite number."), where=f"edges[{position}]")
    if min(decimals) < 0:
        _refuse_negative_score(next(i for i, d in enumerate(decimals) if d < 0))
    largest = max(decimals)
    if largest > INT64_MAX:  # refused before int() builds a huge number
        refuse_large_scores()
    context = exact_context()
    scaleb, integral = context.scaleb, context.to_integral_exact
    whole = [int(integral(scaleb(d, MAX_PLACES))) for d in decimals]
    if context.flags[Inexact]:  # rounding could change the optimum: refuse rather than answer wrongly
        position = next(i for i, d in enumerate(decimals) if scaleb(d, MAX_PLACES) != integral(scaleb(d, MAX_PLACES)))
        raise MatchInputError(
            gettext_noop("%(where)s: the score has more than %(places)s decimal places; round it first."),
            where=f"edges[{position}]", places=MAX_PLACES,
        )
    rounded = False
    common = math.gcd(*whole)
    places = MAX_PLACES
    while places and common % 10 == 0:
        common //= 10
        places -= 1
    if places < MAX_PLACES:
        divisor = 10 ** (MAX_PLACES - places)
        whole = [w // divisor for w in whole]
    try:
        values = np.array(whole, dtype=np.int64)
    except OverflowError:
        refuse_large_scores()
    return ScaledScores(values, places, rounded)


def exact_total(values: np.ndarray) -> int:
    """Return the sum of int64 values >= 0 without overflow (as two 32-bit halves)."""
    return (int((values >> 32).sum()) << 32) + int((values & 0xFFFFFFFF).sum())


def exact_context() -> Context:
    """Return a fresh ``decimal`` context: the largest precision and exponents, half-to-even, no traps."""
    return Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN, rounding=ROUND_HALF_EVEN, traps=[])


def plain_number(value: Decimal) -> Decimal | int:
    """Return ``value`` as an ``int`` when whole, else as a ``Decimal`` without trailing zeros."""
    if value == value.to_integral_value():
        return int(value)
    return exact_context().normalize(value)


def _scale_ints(scores: Sequence[int]) -> ScaledScores:
    try:
        values = np.array(scores, dtype=np.int64)
    except OverflowError:
        if any(s < 0 for s in scores):
            _refuse_negative_score(next(i for i, s in enumerate(scores) if s < 0))
        refuse_large_scores()
    values = values.reshape(len(scores))
    if values.size and values.min() < 0:
        _refuse_negative_score(int(np.argmax(values < 0)))
    return ScaledScores(values, 0, False)


def _as_decimal(score: object, position: int) -> Decimal:
    if isinstance(score, bool) or not isinstance(score, int | float | Decimal | numbers.Integral):
        raise MatchInputError(
            gettext_noop("%(where)s: the score must be a number, not %(value)s."),
            where=f"edges[{position}]",
            value=quote(score),
        )
    if isinstance(score, float):
        return Decimal(repr(float(score)))
    return score if isinstance(score, Decimal) else Decimal(int(score))


def _refuse_negative_score(position: int) -> NoReturn:
    raise MatchInputError(gettext_noop("%(where)s: the score must not be negative."), where=f"edges[{position}]")
