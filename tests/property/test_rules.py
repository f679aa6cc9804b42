"""Who may see and run the property work of a compound: each permission over each role, in and out of scope."""

import pytest
import rules
from django.contrib.auth.models import AnonymousUser

from sanji.core.errors import NotFound
from sanji.core.models import Compound, Role
from sanji.property.selectors import compound_access, compounds_in_scope

from ..factories import area, fresh, staff
from .helpers import yard

pytestmark = pytest.mark.django_db

ROLES = ["staff_a", "staff_b", "street_officer", "district_admin", "other_street", "grid_worker", "resident_a",
         "member_a", "unit_a", "anonymous"]

#: role -> (view_property, run_compound on A's compound, on B's, form_group on A's, on B's)
MATRIX = {
    "staff_a": (True, True, False, False, False),
    "staff_b": (True, False, True, False, False),
    "street_officer": (True, True, True, True, True),
    "district_admin": (True, True, True, True, True),
    "other_street": (True, False, False, False, False),
    "grid_worker": (False, False, False, False, False),
    "resident_a": (False, False, False, False, False),
    "member_a": (False, False, False, False, False),
    "unit_a": (False, False, False, False, False),
    "anonymous": (False, False, False, False, False),
}


@pytest.fixture
def people(world):
    other_street = area("八大关街道", "street", world.district)
    grid = area("仰口路第一网格", "grid", world.a)
    found = {name: getattr(world, name) for name in ROLES if hasattr(world, name)}
    found["other_street"] = staff(other_street, Role.STREET_OFFICER, username="other-street")
    found["grid_worker"] = staff(grid, Role.GRID_WORKER, username="grid-a")
    found["anonymous"] = AnonymousUser()
    return found


@pytest.fixture
def compounds(world):
    return (Compound.objects.create(name="仰口路17号院", community=world.a),
            Compound.objects.create(name="湛山一路3号院", community=world.b))


def user_of(people, role):
    user = people[role]
    return user if role == "anonymous" else fresh(user)


def test_the_permission_matrix(people, compounds):
    in_a, in_b = compounds
    found = {}
    for role in ROLES:
        user = user_of(people, role)
        found[role] = (
            rules.has_perm("property.view_property", user),
            rules.has_perm("property.run_compound", user, in_a),
            rules.has_perm("property.run_compound", user, in_b),
            rules.has_perm("property.form_group", user, in_a),
            rules.has_perm("property.form_group", user, in_b),
        )
    assert found == MATRIX


def test_the_selectors_keep_to_the_same_scope(people, compounds):
    for role in ROLES:
        user = user_of(people, role)
        _view, in_a, in_b, _group_a, _group_b = MATRIX[role]
        expected = [c.name for c, ok in zip(compounds, (in_a, in_b), strict=True) if ok]
        assert sorted(c.name for c in compounds_in_scope(user)) == sorted(expected), role
        for compound, ok in zip(compounds, (in_a, in_b), strict=True):
            if ok:
                assert compound_access(user, compound.pk) == compound, role
            else:
                with pytest.raises(NotFound):
                    compound_access(user, compound.pk)


def test_compounds_are_found_by_name_or_community_with_their_unit_count(world):
    place = yard(world.a, name="仰口路17号院")
    yard(world.b, [("1号楼", "101", "50", "王芳", False)], name="湛山一路3号院")
    found = compounds_in_scope(fresh(world.street_officer), query="仰口")
    assert [(c.name, c.unit_count) for c in found] == [(place.compound.name, 7)]
    assert [c.name for c in compounds_in_scope(fresh(world.street_officer), query="湛山一路")] == ["湛山一路3号院"]
