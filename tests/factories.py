"""Factories for tests. Rows with invariants (area paths, claimers) are made through the services."""

import itertools
from dataclasses import dataclass

import factory

from sanji.core import services as core
from sanji.core.models import Area, PartnerUnit, PartyMember, Resident, Role, User

_names = itertools.count(1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.django.Password("pw-for-tests")


def area(name: str, level: str, parent: Area | None = None) -> Area:
    return core.area_create(name=name, level=level, parent=parent)


def resident(community: Area, *, name="林志强", gender="male", user: User | None = None, **kw) -> Resident:
    return core.resident_create(name=name, community=community, gender=gender, phone=kw.pop("phone", "13906428815"),
                                address=kw.pop("address", "仰口路17号2单元302户"), user=user, **kw)


def staff(area_: Area, role: str = Role.COMMUNITY_STAFF, **kw) -> User:
    user = UserFactory(**kw)
    core.role_grant(user=user, role=role, area=area_)
    return user


def member(community: Area, *, org, user: User | None = None, name: str | None = None) -> PartyMember:
    return core.member_report(name=name or f"党员{next(_names)}", party_org=org, community=community,
                              user=user or UserFactory())


def partner_unit(communities, *, name: str | None = None) -> PartnerUnit:
    return core.partner_unit_create(name=name or f"共建单位{next(_names)}", kind="university",
                                    communities=communities)


@dataclass
class World:
    """A small district: one street with communities A and B, and one person of each role."""

    district: Area
    street: Area
    a: Area
    b: Area
    resident_a: User
    resident_b: User
    staff_a: User
    staff_b: User
    member_a: User
    member_b: User
    unit_a: User
    street_officer: User
    district_admin: User
    outsider: User


def restore_reference_data():
    """Put back the rows the data migrations made; transactional tests and ``flush`` remove them."""
    from sanji.core.models import PriorityGroup
    from sanji.core.reference import ensure_priority_groups
    from sanji.wishes.models import DutyCategory, DutyType, WishPolicy
    from sanji.wishes.reference import ensure_catalogue

    ensure_priority_groups(PriorityGroup)
    ensure_catalogue(DutyCategory, DutyType, WishPolicy)
    from sanji.dispatch.models import Responsibility
    from sanji.dispatch.reference import ensure_matrix

    ensure_matrix(DutyType, Responsibility)


def build_world() -> World:
    restore_reference_data()
    district = area("市南区", "district")
    street = area("湛山街道", "street", district)
    a = area("仰口路社区", "community", street)
    b = area("湛山一路社区", "community", street)
    org = core.party_org_create(name="区教育和体育局机关党委", kind="agency", area=district)
    resident_a = UserFactory(username="resident-a")
    resident(a, user=resident_a)
    resident_b = UserFactory(username="resident-b")
    resident(b, name="王秀英", gender="female", user=resident_b, phone="13588880000", address="湛山一路3号1单元101户")
    member_a = UserFactory(username="member-a")
    member(a, org=org, user=member_a)
    member_b = UserFactory(username="member-b")
    member(b, org=org, user=member_b)
    unit = partner_unit([a], name="青岛大学")
    unit_a = UserFactory(username="unit-a")
    core.role_grant(user=unit_a, role=Role.UNIT_COORDINATOR, area=street, partner_unit=unit)
    return World(
        district=district, street=street, a=a, b=b, resident_a=resident_a, resident_b=resident_b,
        staff_a=staff(a, username="staff-a"), staff_b=staff(b, username="staff-b"), member_a=member_a,
        member_b=member_b, unit_a=unit_a, street_officer=staff(street, Role.STREET_OFFICER, username="street"),
        district_admin=staff(district, Role.DISTRICT_ADMIN, username="district"),
        outsider=UserFactory(username="outsider"),
    )


def fresh(user: User) -> User:
    """Return the user re-read, without the per-request caches of roles."""
    return User.objects.get(pk=user.pk)
