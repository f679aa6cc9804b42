"""Reads of the compound registry."""

import re
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from sanji.core.errors import NotFound
from sanji.core.inputs import parse_id
from sanji.core.models import Compound
from sanji.core.scope import area_q

from ..models import CommitteeState, CommitteeTerm, Owner, Unit
from ..rules import property_areas


def compounds_in_scope(user, *, query: str = "") -> QuerySet:
    """Return the compounds whose community lies under one of ``user``'s property areas."""
    found = Compound.objects.filter(area_q(property_areas(user), "community")).select_related("community")
    if query:
        found = found.filter(Q(name__icontains=query) | Q(community__name__icontains=query))
    return found.annotate(unit_count=Count("buildings__units", distinct=True))


def compound_access(user, compound_id, *, lock: bool = False) -> Compound:
    """Return the compound if ``user`` runs property work on it; missing and out of scope both read as 404."""
    pk = parse_id(compound_id)
    found = Compound.objects.filter(area_q(property_areas(user), "community"), pk=pk) if pk else Compound.objects.none()
    if lock:
        found = found.select_for_update(of=("self",))
    compound = found.select_related("community", "party_branch").first()
    if compound is None:
        raise NotFound()
    return compound


CENT = Decimal("0.01")


@dataclass(frozen=True)
class CompoundSummary:
    buildings: int
    units: int
    owners: int
    total_area: Decimal
    developer_units: int
    committee: CommitteeTerm | None


def compound_summary(compound: Compound) -> CompoundSummary:
    """Return the registry's counts for ``compound`` and its committee in office."""
    units = Unit.objects.filter(building__compound=compound)
    totals = units.aggregate(count=Count("pk"), area=Sum("area"))
    return CompoundSummary(
        buildings=compound.buildings.count(),
        units=totals["count"],
        owners=Owner.objects.filter(compound=compound, units__isnull=False).distinct().count(),
        total_area=(totals["area"] or Decimal("0")).quantize(CENT),  # SQLite's SUM forgets the scale
        developer_units=units.filter(owner__is_developer=True).count(),
        committee=CommitteeTerm.objects.filter(compound=compound, state=CommitteeState.CURRENT)
        .prefetch_related("members__owner").first(),
    )


def owner_choices(compound: Compound, *, query: str = "", limit: int = 50) -> QuerySet:
    """Return the compound's owners (not the developer) matching ``query`` by name or unit, for pickers."""
    found = Owner.objects.filter(compound=compound, is_developer=False)
    if query:
        found = found.filter(Q(name__icontains=query) | Q(units__number__icontains=query)).distinct()
    return found.order_by("name", "pk")[:limit]


def natural_key(text: str) -> tuple:
    """Return a sort key that puts 2号楼 before 10号楼."""
    return tuple((0, int(part), "") if part.isdecimal() else (1, 0, part) for part in re.split(r"(\d+)", text) if part)
