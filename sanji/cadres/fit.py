"""How well a cadre fits a community: three visible scores and their weighted total (pure, no ORM).

The district places cadres by three principles, each scored here from 0 to 1:

``ability`` (能力相称)
    The cadre's level against the community's difficulty. A cadre's level is his or her rank (clerk 1, deputy
    section 2, section 3); a community's level is its difficulty (1 ordinary, 2 demanding, 3 hard), one higher
    when its foundations are weak, at most 3. Equal levels score 1, one apart 0.5, two apart 0.
``business`` (业务相关)
    The share of the skills the community wants that the cadre's home agency works in.
``professional`` (专业相适)
    The share of the skills the community wants that the cadre has. A cadre's major is shown to staff beside the
    scores; what it brings is entered among his or her skills, since a major's name alone does not say which
    community work it fits.

A community that wants nothing in particular scores 0 on both shares: nobody is more relevant to it than
anybody else. The total is ``w_a * ability + w_b * business + w_p * professional``. Every score is a
``Decimal`` rounded half-even to ``PLACES`` places, so the pages, the solver and the benchmark see the same
numbers, and the solver (which reads scores exactly) finds the optimum of exactly what is shown.

Hard rules (``acceptable``): a cadre is never placed in the community where he or she lives, nor in one that
the home agency supervises (a street office supervises its street's communities). Areas are given by their
materialised paths, so "supervises" is a prefix test.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction
from functools import cache, lru_cache

PLACES = 4
_QUANTUM = Decimal(1).scaleb(-PLACES)
MAX_LEVEL = 3


@dataclass(frozen=True)
class CadreProfile:
    id: str
    level: int  # 1 clerk, 2 deputy section, 3 section
    skills: frozenset[str]
    agency_business: frozenset[str]
    home_path: str | None = None  # the path of the community he or she lives in
    supervised_paths: tuple[str, ...] = ()  # the areas the home agency supervises


@dataclass(frozen=True)
class NeedProfile:
    id: str
    path: str
    difficulty: int  # 1 ordinary, 2 demanding, 3 hard
    weak: bool
    wanted: frozenset[str]

    @property
    def level(self) -> int:
        return min(MAX_LEVEL, self.difficulty + (1 if self.weak else 0))


@dataclass(frozen=True)
class Weights:
    ability: Decimal = Decimal("0.40")
    business: Decimal = Decimal("0.30")
    professional: Decimal = Decimal("0.30")


DEFAULT_WEIGHTS = Weights()


@dataclass(frozen=True)
class Fit:
    ability: Decimal
    business: Decimal
    professional: Decimal
    total: Decimal


def _round(value: Fraction | Decimal) -> Decimal:
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    return value.quantize(_QUANTUM, rounding=ROUND_HALF_EVEN)


# The parts repeat across a batch (a few level gaps, a few thousand skill sets), so each is computed once: scoring
# 150,000 pairs then takes a fraction of the time it takes to build each Decimal afresh.
@cache
def _ability(gap: int) -> Decimal:
    return _round(1 - Fraction(gap, MAX_LEVEL - 1))


@lru_cache(maxsize=1 << 16)
def _share(have: frozenset[str], wanted: frozenset[str]) -> Decimal:
    return _round(Fraction(len(have & wanted), len(wanted)) if wanted else Fraction(0))


@lru_cache(maxsize=1 << 12)
def _fit(weights: Weights, ability: Decimal, business: Decimal, professional: Decimal) -> Fit:
    total = _round(weights.ability * ability + weights.business * business + weights.professional * professional)
    return Fit(ability, business, professional, total)


def fit(cadre: CadreProfile, need: NeedProfile, weights: Weights = DEFAULT_WEIGHTS) -> Fit:
    """Return the three scores and the weighted total of placing ``cadre`` in ``need``'s community."""
    return _fit(weights, _ability(abs(cadre.level - need.level)), _share(cadre.agency_business, need.wanted),
                _share(cadre.skills, need.wanted))


def _under(path: str, area_path: str) -> bool:
    return path.startswith(area_path)


def acceptable(cadre: CadreProfile, need: NeedProfile) -> bool:
    """Return True unless a hard rule forbids placing ``cadre`` in ``need``'s community."""
    return refusal(cadre, need) is None


def refusal(cadre: CadreProfile, need: NeedProfile) -> str | None:
    """Return which hard rule forbids the pair (``"home"`` or ``"supervised"``), or None if it is allowed."""
    if cadre.home_path is not None and cadre.home_path.startswith(need.path):  # the community or a grid in it
        return "home"
    if any(_under(need.path, supervised) for supervised in cadre.supervised_paths):
        return "supervised"
    return None
