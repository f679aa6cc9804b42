"""Likely duplicates of a wish being written: the same beneficiary, or the same compound, a similar text, recent.

A resident sees only her own earlier wishes; staff see those of the beneficiary and of the beneficiary's compound
that lie in their scope. The text measure is ``sanji.classes.similarity`` (pure).
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from sanji.classes.similarity import DUPLICATE_LIKENESS, likeness, profile
from sanji.core import clock, scope
from sanji.core.inputs import parse_id
from sanji.core.models import Resident

from .models import NO_LONGER_NEEDED, Wish

RECENT_DAYS = 90
MAX_SHOWN = 5
MAX_COMPARED = 500


@dataclass(frozen=True)
class Duplicate:
    wish: Wish
    likeness: float
    same_person: bool


def likely_duplicates(user, *, text: str, resident_id=None, exclude_id=None) -> list[Duplicate]:
    """Return up to ``MAX_SHOWN`` recent wishes that look like ``text``, most alike first."""
    text = (text or "").strip()
    beneficiary = _beneficiary(user, resident_id)
    if not text or beneficiary is None:
        return []
    near = Q(beneficiary=beneficiary)
    if scope.is_staff_for(user, beneficiary.community, beneficiary.grid) and beneficiary.compound_id:
        near |= Q(beneficiary__compound_id=beneficiary.compound_id) & scope.staff_q(user, "community", "grid")
    since = clock.now() - dt.timedelta(days=RECENT_DAYS)
    candidates = (
        Wish.objects.filter(near, created_at__gte=since)
        .exclude(state__in=NO_LONGER_NEEDED).exclude(pk=parse_id(exclude_id))
        .select_related("community").order_by("-created_at")[:MAX_COMPARED]
    )
    typed = profile(text)
    found = []
    for wish in candidates:
        score = likeness(typed, wish.text)
        if score >= DUPLICATE_LIKENESS:
            found.append(Duplicate(wish, score, wish.beneficiary_id == beneficiary.pk))
    found.sort(key=lambda d: (-d.same_person, -d.likeness, -d.wish.pk))
    return found[:MAX_SHOWN]


def _beneficiary(user, resident_id) -> Resident | None:
    """Return the resident the new wish is for: a staff member's pick in scope, else the user's own record."""
    if resident_id not in (None, "") and scope.is_staff(user):
        resident = Resident.objects.filter(pk=parse_id(resident_id)).first() if parse_id(resident_id) else None
        return resident if resident and scope.is_staff_for(user, resident.community, resident.grid) else None
    return getattr(user, "resident", None) if getattr(user, "is_authenticated", False) else None
