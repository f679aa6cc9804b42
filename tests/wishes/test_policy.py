from decimal import Decimal

import pytest

from sanji.wishes.models import WishPolicy
from sanji.wishes.policy import policy_for

pytestmark = pytest.mark.django_db


def test_default_policy_follows_the_domain(world):
    policy = policy_for(world.a)
    assert (policy.review_days, policy.claim_days, policy.max_fulfil_days, policy.followup_days) == (2, 7, 30, 3)
    assert policy.value_cap == Decimal("500.00")


def test_the_nearest_area_policy_wins(world):
    WishPolicy.objects.create(area=world.street, claim_days=5)
    WishPolicy.objects.create(area=world.b, claim_days=3)
    assert policy_for(world.a).claim_days == 5
    assert policy_for(world.b).claim_days == 3


def test_there_is_one_district_default(world):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        WishPolicy.objects.create(area=None)
