"""Candidate scoring: how well a claimer fits a wish, in whole points, with the reasons.

Pure: no ORM. ``sanji.dispatch.selectors`` gathers the facts; this module weighs them, so a page, the
batch proposal, tests and benchmarks score alike. Points (at most 120):

    level      0-20   the claimer's level has rank 1/2/3/4+ in the duty type's responsibility order
    skill      0-25   the claimer declared the wish's duty type (a member's willingness, a unit's services)
    speciality 0-10   a word of the claimer's speciality, occupation or service list appears in the wish
    distance   3-20   same grid 20, same community 15, same street 8, same district 3
    load       0-15   share of the claimer's capacity still free
    rating     0-10   past satisfaction, smoothed towards 80% so one rating does not decide
    priority   0-20   10 for each priority group of the beneficiary (一老一小, 低保, 残疾...), at most 20

A claimer whose level does not answer for the duty type, or who does not serve the wish's community,
is not a candidate at all. The priority points are the same for every candidate of a wish; they matter
in a batch, where they make a priority household's wish win scarce capacity.
"""

import re
from dataclasses import dataclass, field
from fractions import Fraction

LEVEL_POINTS = (20, 14, 8, 4)
SKILL_POINTS = 25
SPECIALITY_POINTS = 10
DISTANCE_POINTS = {"grid": 20, "community": 15, "street": 8, "district": 3}
LOAD_POINTS = 15
RATING_POINTS = 10
PRIORITY_POINTS_EACH = 10
PRIORITY_POINTS_MAX = 20
#: Smoothing of the rating: as if every claimer started with two ratings averaging 80% satisfied.
RATING_PRIOR_COUNT = 2
RATING_PRIOR_MEAN = Fraction(4, 5)
MIN_TERM_LENGTH = 2


@dataclass(frozen=True)
class WishFacts:
    id: int
    duty_type_id: int | None
    text: str
    duty_type_name: str = ""
    #: The wish's place, nearest first: {"grid": id, "community": id, "street": id, "district": id}.
    places: dict = field(default_factory=dict)
    priority_groups: tuple[str, ...] = ()


@dataclass(frozen=True)
class ClaimerFacts:
    id: int
    level: str
    served_area_ids: frozenset
    duty_type_ids: frozenset = frozenset()
    terms: tuple[str, ...] = ()
    home_grid_id: int | None = None
    capacity: int = 3
    load: int = 0
    satisfied: int = 0
    basically_satisfied: int = 0
    unsatisfied: int = 0

    @property
    def free(self) -> int:
        return max(0, self.capacity - self.load)


@dataclass(frozen=True)
class Reason:
    code: str
    points: int
    detail: str = ""


@dataclass(frozen=True)
class Scored:
    claimer_id: int
    total: int
    reasons: tuple[Reason, ...]


def _round(value: Fraction) -> int:
    """Round half up, exactly."""
    return int(value + Fraction(1, 2)) if value >= 0 else -int(-value + Fraction(1, 2))


def level_reason(wish: WishFacts, claimer: ClaimerFacts, order: dict[str, int]) -> Reason | None:
    """Return the level's points, or None if the claimer's level does not answer for the duty type.

    ``order`` maps each responsible level to its rank (1 first; ranks may be shared). A wish without a duty
    type, or a duty type with no order at all, lets every level answer, for no points.
    """
    if wish.duty_type_id is None or not order:
        return Reason("level_any", 0)
    if claimer.level not in order:
        return None
    rank = order[claimer.level]
    return Reason("level", LEVEL_POINTS[min(rank, len(LEVEL_POINTS)) - 1], str(rank))


def distance_reason(wish: WishFacts, claimer: ClaimerFacts) -> Reason | None:
    """Return the nearness points, or None if the claimer serves none of the wish's places."""
    if claimer.home_grid_id is not None and claimer.home_grid_id == wish.places.get("grid"):
        return Reason("distance", DISTANCE_POINTS["grid"], "grid")
    for level in ("community", "street", "district"):
        place = wish.places.get(level)
        if place is not None and place in claimer.served_area_ids:
            return Reason("distance", DISTANCE_POINTS[level], level)
    return None


def skill_reasons(wish: WishFacts, claimer: ClaimerFacts) -> list[Reason]:
    reasons = []
    if wish.duty_type_id is not None and wish.duty_type_id in claimer.duty_type_ids:
        reasons.append(Reason("skill", SKILL_POINTS, wish.duty_type_name))
    haystack = f"{wish.duty_type_name} {wish.text}"
    matched = next((t for t in claimer.terms if len(t) >= MIN_TERM_LENGTH and t in haystack), None)
    if matched:
        reasons.append(Reason("speciality", SPECIALITY_POINTS, matched))
    return reasons


def load_reason(claimer: ClaimerFacts) -> Reason:
    if claimer.capacity <= 0:
        return Reason("load", 0, f"{claimer.load}/0")
    return Reason(
        "load", _round(Fraction(LOAD_POINTS * claimer.free, claimer.capacity)), f"{claimer.load}/{claimer.capacity}"
    )


def rating_reason(claimer: ClaimerFacts) -> Reason:
    count = claimer.satisfied + claimer.basically_satisfied + claimer.unsatisfied
    good = claimer.satisfied + Fraction(claimer.basically_satisfied, 2)
    mean = (good + RATING_PRIOR_MEAN * RATING_PRIOR_COUNT) / (count + RATING_PRIOR_COUNT)
    return Reason("rating", _round(RATING_POINTS * mean), str(count))


def priority_reason(wish: WishFacts) -> Reason | None:
    if not wish.priority_groups:
        return None
    points = min(PRIORITY_POINTS_MAX, PRIORITY_POINTS_EACH * len(wish.priority_groups))
    return Reason("priority", points, "、".join(wish.priority_groups))


def score(wish: WishFacts, claimer: ClaimerFacts, order: dict[str, int]) -> Scored | None:
    """Return the claimer's fit for the wish, or None if the claimer is not a candidate.

    ``order`` is the duty type's responsibility order: level -> rank, 1 answering first.
    """
    level = level_reason(wish, claimer, order)
    distance = distance_reason(wish, claimer)
    if level is None or distance is None:
        return None
    reasons = [level, *skill_reasons(wish, claimer), distance, load_reason(claimer), rating_reason(claimer)]
    priority = priority_reason(wish)
    if priority is not None:
        reasons.append(priority)
    return Scored(claimer.id, sum(r.points for r in reasons), tuple(reasons))


def rank(wish: WishFacts, claimers, order: dict[str, int]) -> list[Scored]:
    """Return the candidates among ``claimers``, best first (ties: more free capacity, then lower id)."""
    free = {c.id: c.free for c in claimers}
    scored = [s for c in claimers if (s := score(wish, c, order)) is not None]
    return sorted(scored, key=lambda s: (-s.total, -free[s.claimer_id], s.claimer_id))


def split_terms(*texts: str) -> tuple[str, ...]:
    """Split free-text specialities and service lists into words to look for in a wish."""

    words = []
    for text in texts:
        words.extend(w.strip() for w in re.split(r"[\s,，、;；/|。.()（）]+", text or ""))
    return tuple(dict.fromkeys(w for w in words if len(w) >= MIN_TERM_LENGTH))
