"""Who may see what: a user's scope as data.

A staff grant on an area covers its subtree; the subtree is a prefix match on ``Area.path``. Every
selector in Sanji builds its filter from these functions, so a page, an endpoint and the CLI see the
same rows.
"""

from functools import reduce
from operator import or_

from django.db.models import Q

from .models import Area, Claimer, ClaimerKind, Role, RoleGrant
from .models.roles import STAFF_ROLES


def staff_areas(user) -> list[Area]:
    """Return the areas on which ``user`` holds a staff role (reviewer, dispatcher, follow-up)."""
    if not getattr(user, "is_authenticated", False):
        return []
    cache = getattr(user, "_sanji_staff_areas", None)
    if cache is None:
        grants = RoleGrant.objects.filter(user=user, role__in=STAFF_ROLES).select_related("area")
        cache = sorted({g.area for g in grants}, key=lambda a: a.path)
        user._sanji_staff_areas = cache
    return cache


def is_staff(user) -> bool:
    return bool(staff_areas(user))


def is_staff_for(user, area: Area) -> bool:
    """Return True if one of ``user``'s staff grants covers ``area``."""
    return any(a.contains(area) for a in staff_areas(user))


def area_q(areas, field: str = "") -> Q:
    """Return a filter that keeps rows whose ``field`` (an Area relation; "" for Area itself) lies under
    any of ``areas``."""
    if not areas:
        return Q(pk__in=[])
    lookup = f"{field}__path__startswith" if field else "path__startswith"
    return reduce(or_, (Q(**{lookup: a.path}) for a in areas))


def staff_q(user, field: str) -> Q:
    """Return the staff-scope filter of ``user`` on the Area relation ``field``."""
    return area_q(staff_areas(user), field)


def areas_visible_to(user):
    """Return the areas ``user`` may browse as staff: the subtrees of the staff grants."""
    return Area.objects.filter(area_q(staff_areas(user)))


def serves(claimer: Claimer, area: Area) -> bool:
    """Return True if one of the claimer's service areas covers ``area``."""
    return any(served.contains(area) for served in claimer.service_areas.all())


def claimers_of(user):
    """Return the claimers ``user`` acts for: own membership, coordinated units and orgs, staffed areas."""
    if not getattr(user, "is_authenticated", False):
        return Claimer.objects.none()
    grants = RoleGrant.objects.filter(user=user)
    q = Q(kind=ClaimerKind.MEMBER, member__user=user)
    q |= Q(kind=ClaimerKind.PARTNER_UNIT, partner_unit__in=grants.filter(role=Role.UNIT_COORDINATOR)
           .values("partner_unit"))
    q |= Q(kind=ClaimerKind.PARTY_ORG, party_org__in=grants.filter(role=Role.AGENCY_COORDINATOR)
           .values("party_org"))
    q |= Q(kind__in=[ClaimerKind.STREET, ClaimerKind.COMMUNITY],
           area__in=grants.filter(role__in=STAFF_ROLES).values("area"))
    return Claimer.objects.filter(q)
