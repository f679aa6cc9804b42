"""The register's count of priority-group households per community, which the figures' coverage divides by."""

import pytest
from django.test import Client

from sanji.core.models import ANY_GROUP, PriorityGroup, PriorityHouseholds
from sanji.core.services import priority_households_recount

from ..factories import UserFactory, resident

pytestmark = pytest.mark.django_db


def counts():
    return {(r.community_id, r.group): r.households for r in PriorityHouseholds.objects.all()}


def groups(*codes):
    return PriorityGroup.objects.filter(code__in=codes)


def test_a_household_in_two_groups_counts_once_for_any_group_and_once_in_each(world):
    resident(world.a, name="王秀英", priority_groups=groups("elderly", "empty_nest"))
    resident(world.a, name="李建国", priority_groups=groups("elderly"))
    resident(world.b, name="赵丽", priority_groups=groups("disabled"))
    resident(world.b, name="张伟")  # in no group
    assert counts() == {
        (world.a.pk, ANY_GROUP): 2, (world.a.pk, "elderly"): 2, (world.a.pk, "empty_nest"): 1,
        (world.b.pk, ANY_GROUP): 1, (world.b.pk, "disabled"): 1,
    }


def test_a_change_made_in_the_admin_is_counted(world):
    someone = resident(world.a, name="王秀英", priority_groups=groups("elderly"))
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    page = client.get(f"/admin/core/resident/{someone.pk}/change/")
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data["priority_groups"] = [g.pk for g in groups("disabled", "low_income")]
    data["community"] = world.b.pk
    data["grid"] = ""
    response = client.post(f"/admin/core/resident/{someone.pk}/change/", data)
    assert response.status_code == 302, response.content[:2000]
    assert counts() == {(world.b.pk, ANY_GROUP): 1, (world.b.pk, "disabled"): 1, (world.b.pk, "low_income"): 1}


def test_a_recount_repairs_counts_that_drifted(world):
    resident(world.a, name="王秀英", priority_groups=groups("elderly"))
    PriorityHouseholds.objects.all().delete()
    priority_households_recount()
    assert counts() == {(world.a.pk, ANY_GROUP): 1, (world.a.pk, "elderly"): 1}
