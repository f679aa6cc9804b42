"""Who may see what: a user's scope as data.

A staff grant on an area covers its subtree; the subtree is a prefix match on ``Area.path``. A row is
placed by its community and, when it has one, its grid, so that a grid worker (whose grant is on a grid,
below the community) covers the residents and wishes of that grid. Every selector in Sanji builds its
filter from these functions, so a page, an endpoint and the CLI see the same rows.
"""

from functools import reduce
from operator import or_

from django.db.models import Q

from .models import Area, Claimer, ClaimerKind, Role, RoleGrant
from .models.roles import REVIEWER_ROLES, STAFF_ROLES


def _grants(user) -> list[RoleGrant]:
    if not getattr(user, "is_authenticated", False):
        return []
    cache = getattr(user, "_sanji_grants", None)
    if cache is None:
        cache = list(RoleGrant.objects.filter(user=user).select_related("area"))
        user._sanji_grants = cache
    return cache


def _areas(user, roles) -> list[Area]:
    return sorted({g.area for g in _grants(user) if g.role in roles}, key=lambda a: a.path)


def staff_areas(user) -> list[Area]:
    """Return the areas on which ``user`` holds a staff role (enter, see and follow up wishes)."""
    return _areas(user, STAFF_ROLES)


def reviewer_areas(user) -> list[Area]:
    """Return the areas on which ``user`` may review, publish and dispatch wishes."""
    return _areas(user, REVIEWER_ROLES)


def role_areas(user, *roles: str) -> list[Area]:
    """Return the areas on which ``user`` holds one of ``roles`` (from the grants already read, if any)."""
    return _areas(user, frozenset(roles))


def is_staff(user) -> bool:
    return bool(staff_areas(user))


def is_reviewer(user) -> bool:
    return bool(reviewer_areas(user))


def _covers(grant_areas, places) -> bool:
    return any(a.contains(place) for a in grant_areas for place in places if place is not None)


def is_staff_for(user, *places: Area | None) -> bool:
    """Return True if one of ``user``'s staff grants covers any of ``places`` (a community, a grid)."""
    return _covers(staff_areas(user), places)


def is_reviewer_for(user, *places: Area | None) -> bool:
    return _covers(reviewer_areas(user), places)


def area_q(areas, *fields: str) -> Q:
    """Return a filter that keeps rows for which any of ``fields`` (Area relations; none for Area itself)
    lies under any of ``areas``."""
    if not areas:
        return Q(pk__in=[])
    lookups = [f"{field}__path__startswith" for field in fields] or ["path__startswith"]
    return reduce(or_, (Q(**{lookup: a.path}) for a in areas for lookup in lookups))


def staff_q(user, *fields: str) -> Q:
    """Return the staff-scope filter of ``user`` on the Area relations ``fields`` (any may match)."""
    return area_q(staff_areas(user), *fields)


def reviewer_q(user, *fields: str) -> Q:
    return area_q(reviewer_areas(user), *fields)


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


def users_acting_for(claimer: Claimer) -> list:
    """Return the people who act for ``claimer`` (the inverse of ``claimers_of``)."""
    from .models import User

    if claimer.kind == ClaimerKind.MEMBER:
        q = Q(party_member__claimer=claimer)
    elif claimer.kind == ClaimerKind.PARTNER_UNIT:
        q = Q(grants__role=Role.UNIT_COORDINATOR, grants__partner_unit=claimer.partner_unit_id)
    elif claimer.kind == ClaimerKind.PARTY_ORG:
        q = Q(grants__role=Role.AGENCY_COORDINATOR, grants__party_org=claimer.party_org_id)
    else:
        q = Q(grants__role__in=REVIEWER_ROLES, grants__area=claimer.area_id)
    return list(User.objects.filter(q, is_active=True).distinct())
