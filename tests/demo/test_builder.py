import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory

from sanji import settings as production
from sanji.core import scope
from sanji.core.models import Area, Resident
from sanji.demo.builder import ACCOUNTS, DEMO_PASSWORD, build_demo
from sanji.wishes.models import Wish, WishEvent, WishState

from ..factories import restore_reference_data

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        counts = build_demo()
        yield counts
        from django.core.management import call_command

        call_command("flush", interactive=False, verbosity=0)
        restore_reference_data()


def test_building_twice_changes_nothing(demo):
    events = WishEvent.objects.count()
    assert build_demo() == demo
    assert WishEvent.objects.count() == events


def test_the_district_has_the_places_of_the_story(demo):
    yangkou = Area.objects.get(name="仰口路社区")
    assert yangkou.parent.name == "湛山街道" and yangkou.parent.parent.name == "市南区"
    assert Area.objects.filter(level="street").count() == 10
    from sanji.core.models import Compound

    pilots = set(Compound.objects.filter(is_pilot=True).values_list("name", flat=True))
    assert pilots == {"湾仔小区", "伏龙山片区", "旌德支路一号"}


def test_every_state_is_present_in_yangkou(demo):
    states = set(Wish.objects.filter(community__name="仰口路社区").values_list("state", flat=True))
    assert states == set(WishState.values)


def test_every_priority_group_has_residents(demo):
    for code in ("elderly", "child", "low_income", "disabled", "empty_nest"):
        assert Resident.objects.filter(priority_groups__code=code).exists(), code


def test_the_tutoring_wish_of_the_seed_story(demo):
    wish = Wish.objects.get(external_ref="demo-story-tutoring")
    assert wish.duty_type.code == "tutoring" and wish.beneficiary.name == "林志强"
    assert wish.holder.partner_unit.name == "青岛大学"
    assert wish.volunteers.count() == 4


def test_demo_accounts_log_in_and_have_their_roles(demo, settings):
    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS  # as the module-scoped fixture built them
    for username, _role in ACCOUNTS:
        assert authenticate(RequestFactory().post("/accounts/login/"), username=username,
                            password=DEMO_PASSWORD) is not None, username
    from sanji.core.models import User

    staff = User.objects.get(username="demo-staff")
    assert [a.name for a in scope.staff_areas(staff)] == ["仰口路社区"]
    street = User.objects.get(username="demo-street")
    assert [a.name for a in scope.staff_areas(street)] == ["湛山街道"]
    assert User.objects.get(username="demo-member").party_member.reported_community.name == "仰口路社区"
