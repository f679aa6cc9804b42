import pytest

from sanji.core import scope
from sanji.core import services as core
from sanji.core.errors import InvalidInput, NotAuthenticated
from sanji.core.models import Area, ClaimerKind, Role

from ..factories import fresh


def token_request():
    """Return the request that carries a token's credentials: django-axes counts failures per address."""
    from django.test import RequestFactory

    return RequestFactory().post("/api/v1/auth/token")

pytestmark = pytest.mark.django_db


def test_area_paths_nest(world):
    grid = core.area_create(name="第1网格", level="grid", parent=world.a)
    assert grid.path == f"{world.a.path}{grid.pk}/"
    assert world.district.contains(grid) and not world.b.contains(grid)
    assert [a.name for a in grid.ancestors()] == ["市南区", "湛山街道", "仰口路社区", "第1网格"]
    assert grid.ancestor_at("street") == world.street


def test_area_levels_must_follow_the_tree(world):
    with pytest.raises(InvalidInput):
        core.area_create(name="错位", level="community", parent=world.district)
    with pytest.raises(InvalidInput):
        core.area_create(name="无父", level="street")
    assert Area.objects.filter(name__in=["错位", "无父"]).count() == 0


def test_streets_and_communities_are_claimers_of_themselves(world):
    assert world.a.claimer.kind == ClaimerKind.COMMUNITY
    assert list(world.a.claimer.service_areas.all()) == [world.a]


def test_staff_scope_covers_the_subtree(world):
    street = fresh(world.street_officer)
    assert scope.is_staff_for(street, world.a) and scope.is_staff_for(street, world.b)
    staff_a = fresh(world.staff_a)
    assert scope.is_staff_for(staff_a, world.a) and not scope.is_staff_for(staff_a, world.b)
    assert not scope.is_staff(fresh(world.resident_a))
    assert set(scope.areas_visible_to(street)) == {world.street, world.a, world.b}


def test_claimers_of_each_person(world):
    kinds = lambda user: sorted(c.kind for c in scope.claimers_of(fresh(user)))  # noqa: E731
    assert kinds(world.member_a) == ["member"]
    assert kinds(world.unit_a) == ["partner_unit"]
    assert kinds(world.staff_a) == ["community"]
    assert kinds(world.street_officer) == ["street"]
    assert kinds(world.resident_a) == []


def test_coordinator_grant_must_name_the_unit(world):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        core.role_grant(user=world.outsider, role=Role.UNIT_COORDINATOR, area=world.street)


def test_token_issue_and_lookup(world):
    raw = core.token_issue(request=token_request(), username="resident-a", password="pw-for-tests")
    assert core.token_user(raw) == world.resident_a
    assert core.token_user(raw + "x") is None
    with pytest.raises(NotAuthenticated):
        core.token_issue(request=token_request(), username="resident-a", password="wrong")
    world.resident_a.is_active = False
    world.resident_a.save()
    assert core.token_user(raw) is None


def test_only_the_token_digest_is_stored(world):
    from sanji.core.models import ApiToken

    raw = core.token_issue(request=token_request(), username="resident-a", password="pw-for-tests")
    assert not ApiToken.objects.filter(digest=raw).exists()
    assert ApiToken.objects.filter(digest=ApiToken.digest_of(raw)).exists()


def test_a_grant_is_unique_on_both_databases(world):
    from django.db import IntegrityError, transaction

    from sanji.core.models import RoleGrant

    with pytest.raises(IntegrityError), transaction.atomic():
        RoleGrant.objects.create(user=world.staff_a, role=Role.COMMUNITY_STAFF, area=world.a)
