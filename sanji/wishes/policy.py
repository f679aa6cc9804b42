"""Which deadlines and cap apply to a wish: the policy of the nearest area up the tree."""

import datetime as dt

from django.db.models import Q

from sanji.core.models import Area

from .models import WishPolicy


def policy_for(community: Area) -> WishPolicy:
    """Return the policy of the nearest ancestor of ``community`` that has one, else the default."""
    ids = community.ancestor_ids()
    policies = {p.area_id: p for p in WishPolicy.objects.filter(Q(area_id__in=ids) | Q(area__isnull=True))}
    for area_id in [*reversed(ids), None]:
        if area_id in policies:
            return policies[area_id]
    return WishPolicy()


def days_after(moment: dt.datetime, days: int) -> dt.datetime:
    return moment + dt.timedelta(days=days)
