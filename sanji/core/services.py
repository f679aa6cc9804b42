"""Writes to places, organisations, people, roles and tokens."""

import uuid

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .clients import client_ip
from .errors import InvalidInput, NotAuthenticated
from .inputs import clean_text, full_clean_or_refuse
from .lockout import lockout_error
from .models import (
    ANY_GROUP,
    ApiToken,
    Area,
    AreaLevel,
    Claimer,
    ClaimerKind,
    PartnerUnit,
    PartyMember,
    PartyOrg,
    PriorityHouseholds,
    Resident,
    Role,
    RoleGrant,
    User,
)
from .models.areas import CHILD_LEVEL


@transaction.atomic
def area_create(*, name: str, level: str, parent: Area | None = None, code: str | None = None) -> Area:
    """Create an area under ``parent`` and give it its materialised path (and its division code, if known)."""
    if parent is None and level != AreaLevel.DISTRICT:
        raise InvalidInput(_("Only a district can stand at the top of the tree."), field="parent")
    if parent is not None and CHILD_LEVEL.get(parent.level) != level:
        raise InvalidInput(_("This level cannot stand under the chosen parent."), field="level")
    # The path needs the row's id; a unique placeholder holds its place until the id is known.
    area = Area(name=name, level=level, parent=parent, path=f"new-{uuid.uuid4().hex}", code=code or None)
    area.full_clean(exclude=["path"])
    area.save()
    area.path = f"{parent.path if parent else '/'}{area.pk}/"
    area.save(update_fields=["path"])
    if level in (AreaLevel.STREET, AreaLevel.COMMUNITY):
        claimer = Claimer.objects.create(kind=level, area=area)
        claimer.service_areas.add(area)
    return area


def user_create(*, username: str, password: str | None = None, display_name: str = "") -> User:
    user = User(username=username, display_name=display_name)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    return user


def role_grant(*, user: User, role: str, area: Area, partner_unit=None, party_org=None) -> RoleGrant:
    grant, _created = RoleGrant.objects.get_or_create(
        user=user, role=role, area=area, partner_unit=partner_unit, party_org=party_org
    )
    for attr in ("_sanji_grants", "_sanji_claimer_ids", "_sanji_served_areas"):
        user.__dict__.pop(attr, None)
    return grant


@transaction.atomic
def resident_create(*, name: str, community: Area, gender: str = "unknown", phone: str = "", address: str = "",
                    id_number: str = "", care_note: str = "", grid: Area | None = None, compound=None,
                    priority_groups=(), user: User | None = None) -> Resident:
    """Register a resident. Phone, address, ID-card number and care note are stored encrypted."""
    if community.level != AreaLevel.COMMUNITY:
        raise InvalidInput(_("A resident belongs to a community."), field="community")
    resident = Resident(
        name=clean_text(name, field="name", max_length=50, required=True), gender=gender,
        phone=clean_text(phone, field="phone", max_length=20),
        address=clean_text(address, field="address", max_length=200),
        id_number=clean_text(id_number, field="id_number", max_length=18).upper(),
        care_note=clean_text(care_note, field="care_note", max_length=500),
        community=community, grid=grid, compound=compound, user=user,
    )
    full_clean_or_refuse(resident)
    resident.save()
    resident.priority_groups.set(priority_groups)
    priority_households_recount(community_ids=[community.pk])
    return resident


def priority_households_recount(*, community_ids=None) -> None:
    """Count again the priority-group households of these communities (of all, when None) from the register.

    Called by ``resident_create`` and by the admin's resident page; ``sanji rollups rebuild`` recounts all.
    """
    memberships = Resident.priority_groups.through.objects.all()
    counts = PriorityHouseholds.objects.all()
    if community_ids is not None:
        memberships = memberships.filter(resident__community_id__in=community_ids)
        counts = counts.filter(community_id__in=community_ids)
    n = Count("resident_id", distinct=True)
    rows = [PriorityHouseholds(community_id=r["resident__community_id"], group=ANY_GROUP, households=r["n"])
            for r in memberships.values("resident__community_id").annotate(n=n).order_by()]
    rows += [PriorityHouseholds(community_id=r["resident__community_id"], group=r["prioritygroup__code"],
                                households=r["n"])
             for r in memberships.values("resident__community_id", "prioritygroup__code").annotate(n=n).order_by()]
    with transaction.atomic():
        counts.delete()
        PriorityHouseholds.objects.bulk_create(rows)


@transaction.atomic
def party_org_create(*, name: str, kind: str, area: Area, parent: PartyOrg | None = None) -> PartyOrg:
    org = PartyOrg(name=name, kind=kind, area=area, parent=parent)
    org.full_clean()
    org.save()
    if kind == "agency":
        claimer = Claimer.objects.create(kind=ClaimerKind.PARTY_ORG, party_org=org)
        claimer.service_areas.add(area)
    return org


@transaction.atomic
def member_report(*, name: str, party_org: PartyOrg, community: Area, phone: str = "", speciality: str = "",
                  occupation: str = "", home_grid: Area | None = None, user: User | None = None) -> PartyMember:
    """Register a party member's report (双报到) to the community where he or she lives."""
    if community.level != AreaLevel.COMMUNITY:
        raise InvalidInput(_("A party member reports to a community."), field="community")
    if home_grid is not None and home_grid.parent_id != community.pk:
        raise InvalidInput(_("The grid must lie in the community reported to."), field="home_grid")
    member = PartyMember(name=name, party_org=party_org, reported_community=community, phone=phone,
                         speciality=speciality, occupation=occupation, home_grid=home_grid, user=user)
    member.full_clean()
    member.save()
    claimer = Claimer.objects.create(kind=ClaimerKind.MEMBER, member=member)
    claimer.service_areas.add(community)
    return member


@transaction.atomic
def partner_unit_create(*, name: str, kind: str, communities, services: str = "") -> PartnerUnit:
    unit = PartnerUnit(name=name, kind=kind, services=services)
    unit.full_clean()
    unit.save()
    unit.communities.set(communities)
    claimer = Claimer.objects.create(kind=ClaimerKind.PARTNER_UNIT, partner_unit=unit)
    claimer.service_areas.set(communities)
    return unit


def partner_unit_add_community(*, unit: PartnerUnit, community: Area) -> None:
    unit.communities.add(community)
    unit.claimer.service_areas.add(community)


def token_issue(*, request, username: str, password: str) -> str:
    """Check the credentials and return a new raw bearer token (only its digest is kept).

    ``request`` is the HTTP request that carries them: django-axes counts each failure per user name and client
    address, and refuses a locked-out pair with ``LockedOut`` before the password is checked (see ``lockout``).
    """
    if "\x00" in username or "\x00" in password:
        raise NotAuthenticated(_("Wrong user name or password."))
    user = authenticate(request, username=username, password=password)
    if getattr(request, "axes_locked_out", False):
        raise lockout_error(request, {"username": username})
    if user is None or not user.is_active:
        raise NotAuthenticated(_("Wrong user name or password."))
    if settings.AXES_ENABLED and settings.AXES_RESET_ON_SUCCESS:  # as axes does after a login on the page
        axes_reset(ip=getattr(request, "axes_ip_address", None) or client_ip(request), username=username)
    raw = ApiToken.new_raw()
    ApiToken.objects.create(user=user, digest=ApiToken.digest_of(raw))
    return raw


def token_user(raw: str) -> User | None:
    """Return the active user of a raw bearer token, or None."""
    token = ApiToken.objects.select_related("user").filter(digest=ApiToken.digest_of(raw)).first()
    if token is None or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


__all__ = [
    "Role",
    "area_create",
    "member_report",
    "partner_unit_add_community",
    "partner_unit_create",
    "party_org_create",
    "resident_create",
    "role_grant",
    "token_issue",
    "token_user",
    "user_create",
]
