"""Reads of door-to-door consultations: coverage, the opinion split, and who is still to be visited."""

from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction

from django.db.models import QuerySet

from sanji.core.errors import NotFound
from sanji.core.inputs import parse_id
from sanji.core.scope import area_q

from ..models import REACHED, Consultation, Opinion, Unit, Visit
from ..rules import property_areas
from .registry import natural_key


def consultations_of(compound) -> QuerySet:
    return Consultation.objects.filter(compound=compound).order_by("-opened_at", "-pk")


def consultation_access(user, consultation_id, *, lock: bool = False) -> Consultation:
    """Return the consultation if its compound is in ``user``'s property scope; otherwise 404."""
    pk = parse_id(consultation_id)
    found = Consultation.objects.filter(area_q(property_areas(user), "compound__community"), pk=pk) if pk else (
        Consultation.objects.none())
    if lock:
        found = found.select_for_update(of=("self",))
    consultation = found.select_related("compound__community").first()
    if consultation is None:
        raise NotFound()
    return consultation


@dataclass
class Coverage:
    """Where a consultation stands: households in all, reached, and the latest opinion of each reached one."""

    households: int
    reached: int
    split: dict = field(default_factory=dict)  # opinion -> households
    attempts: int = 0  # visits, including those that found nobody home

    @property
    def share(self) -> Fraction:
        return Fraction(self.reached, self.households) if self.households else Fraction(0)

    def opinion_share(self, opinion: str) -> Fraction:
        return Fraction(self.split.get(opinion, 0), self.reached) if self.reached else Fraction(0)


def latest_opinions(consultation: Consultation) -> dict[int, Visit]:
    """Return, per unit id, the latest visit that reached the household."""
    latest = {}
    for visit in Visit.objects.filter(consultation=consultation, opinion__in=REACHED).order_by("visited_at", "pk"):
        latest[visit.unit_id] = visit
    return latest


def consultation_coverage(consultation: Consultation) -> Coverage:
    """Return the live coverage and opinion split of ``consultation``."""
    households = Unit.objects.filter(building__compound=consultation.compound_id).count()
    latest = latest_opinions(consultation)
    split = Counter(visit.opinion for visit in latest.values())
    return Coverage(
        households=households,
        reached=len(latest),
        split={opinion: split.get(opinion, 0) for opinion in REACHED},
        attempts=Visit.objects.filter(consultation=consultation).count(),
    )


@dataclass(frozen=True)
class Unvisited:
    building: str
    units: list  # of Unit, each with .tries: visits that found nobody home


def unvisited_by_building(consultation: Consultation) -> list[Unvisited]:
    """Return the households not yet reached, grouped by building, for the next round of visits."""
    reached = set(latest_opinions(consultation))
    tries = Counter(
        Visit.objects.filter(consultation=consultation, opinion=Opinion.NOT_HOME).values_list("unit_id", flat=True)
    )
    groups: dict[str, list] = {}
    units = Unit.objects.filter(building__compound=consultation.compound_id).select_related("building", "owner")
    for unit in sorted(units, key=lambda u: (natural_key(u.building.name), natural_key(u.number))):
        if unit.pk in reached:
            continue
        unit.tries = tries.get(unit.pk, 0)
        groups.setdefault(unit.building.name, []).append(unit)
    return [Unvisited(name, items) for name, items in groups.items()]


def households_by_building(consultation: Consultation) -> list[tuple[str, list]]:
    """Return every household by building, each unit carrying ``.opinion``: its latest opinion, or None."""
    latest = latest_opinions(consultation)
    groups: dict[str, list] = {}
    units = Unit.objects.filter(building__compound=consultation.compound_id).select_related("building")
    for unit in sorted(units, key=lambda u: (natural_key(u.building.name), natural_key(u.number))):
        visit = latest.get(unit.pk)
        unit.opinion = visit.opinion if visit else None
        groups.setdefault(unit.building.name, []).append(unit)
    return list(groups.items())
