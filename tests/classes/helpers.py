"""Shortcuts for the class tests: wishes of known kinds, a regrouping, and who a wish's class is."""

import datetime as dt

from sanji.classes.models import Membership, WishClass
from sanji.classes.services import classes_regroup
from sanji.core.models import Claimer, ClaimerKind
from sanji.wishes import services

from ..factories import fresh

#: Three ways of asking for the same need each; the grouping puts each triple in one class.
WHEELCHAIR = ["轮椅坏了，想找人修一下", "家里老人的轮椅坏了需要维修", "轮椅轮子坏了请帮忙修理"]
TUTORING = ["希望有人辅导孩子数学", "孩子数学跟不上，想找人辅导", "想给孩子找个数学辅导老师"]
#: Wishes like no other: each stays alone.
LONERS = ["想学用智能手机", "社区能不能办个书法班"]


def wish_of(user, text, **kw):
    """Return a new wish of the resident ``user`` (or, with ``resident=``, entered by staff ``user``)."""
    return services.wish_submit(actor=fresh(user), text=text, **kw)


def regroup(world):
    return classes_regroup(district=world.district)


def class_of(wish) -> WishClass | None:
    membership = Membership.objects.filter(wish=wish).select_related("wish_class").first()
    return membership.wish_class if membership else None


def seed(world) -> dict[str, list]:
    """Make the wheelchair and tutoring wishes (residents A and B taking turns) and the loners, and regroup."""
    residents = [world.resident_a, world.resident_b]
    made = {
        "wheelchair": [wish_of(residents[i % 2], text) for i, text in enumerate(WHEELCHAIR)],
        "tutoring": [wish_of(residents[i % 2], text) for i, text in enumerate(TUTORING)],
        "loners": [wish_of(world.resident_a, text) for text in LONERS],
    }
    regroup(world)
    return made


def claimer(kind: str, **kw) -> Claimer:
    return Claimer.objects.get(kind=kind, **kw)


def street_claimer(world) -> Claimer:
    return claimer(ClaimerKind.STREET, area=world.street)


def today() -> dt.date:
    from django.utils import timezone

    from sanji.core import clock

    return timezone.localtime(clock.now()).date()


def other_district():
    """Return (district, its admin, a class of it): a second district, outside the world's."""
    from sanji.core import clock
    from sanji.core.models import Role

    from ..factories import area, staff

    district = area("崂山区", "district")
    street = area("中韩街道", "street", district)
    area("株洲路社区", "community", street)
    admin = staff(district, Role.DISTRICT_ADMIN, username="laoshan")
    wish_class = WishClass.objects.create(district=district, label="路灯 维修", key="c0", created_at=clock.now())
    return district, admin, wish_class
