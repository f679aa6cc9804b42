"""The wish permissions that need no wish: who may make one, enter one for a resident, follow the area, review."""

import pytest
import rules

from ..factories import fresh

pytestmark = pytest.mark.django_db

PERMISSIONS = ["wishes.make_wish", "wishes.enter_for_resident", "wishes.follow_area", "wishes.see_review_queue"]


@pytest.mark.parametrize("who, granted", [
    ("resident_a", {"wishes.make_wish"}),
    ("staff_a", set(PERMISSIONS)),
    ("street_officer", set(PERMISSIONS)),
    ("district_admin", set(PERMISSIONS)),
    ("member_a", set()),
    ("unit_a", set()),  # a coordinator's grant on the street is no staff grant
    ("outsider", set()),
])
def test_each_role_gets_the_wish_pages_it_needs(world, who, granted):
    user = fresh(getattr(world, who))
    assert {p for p in PERMISSIONS if rules.has_perm(p, user)} == granted


def test_a_grid_worker_enters_and_follows_wishes_but_does_not_review(world):
    from sanji.core.models import Role

    from ..factories import area, staff

    grid = area("第一网格", "grid", world.a)
    worker = fresh(staff(grid, Role.GRID_WORKER, username="grid-a"))
    assert {p for p in PERMISSIONS if rules.has_perm(p, worker)} == {
        "wishes.make_wish", "wishes.enter_for_resident", "wishes.follow_area"}


def test_nobody_logged_out_gets_any(world):
    from django.contrib.auth.models import AnonymousUser

    assert not any(rules.has_perm(p, AnonymousUser()) for p in PERMISSIONS)
