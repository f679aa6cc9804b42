"""The pool: who publishes a community's need and what it may hold, cadres' skills, ages, and who wants an assistant."""

import datetime as dt

import pytest

from sanji.cadres.models import Cadre, CommunityNeed, Difficulty
from sanji.cadres.services import pool
from sanji.core.errors import Forbidden, InvalidInput
from sanji.core.models import Role
from tests.factories import UserFactory, fresh, staff


def publish(actor, community, **kw):
    args = {"difficulty": 2, "weak_foundation": False, "wanted": ["mediation"], "capacity": 2, **kw}
    return pool.need_publish(actor=fresh(actor), community_id=community.pk, **args)


def refused_field(excinfo) -> str:
    return excinfo.value.extra.get("field")


# --- need_publish: who may --------------------------------------------------------------------------------------


def test_community_staff_publish_their_own_communitys_need(district):
    need = publish(district.world.staff_a, district.world.a, note="缺少调解力量")
    assert (need.community, need.difficulty, need.wanted, need.capacity) == (district.world.a, 2, ["mediation"], 2)
    assert need.note == "缺少调解力量"
    assert need.updated_by == district.world.staff_a


def test_the_street_officer_publishes_for_a_community_of_the_street(district):
    need = publish(district.world.street_officer, district.c)
    assert need.updated_by == district.world.street_officer


def test_the_district_admin_publishes_for_any_community(district):
    assert publish(district.world.district_admin, district.world.b).community == district.world.b


@pytest.mark.parametrize("who", ["staff_b", "member_a", "resident_a", "unit_a", "outsider"])
def test_nobody_else_publishes_a_communitys_need(district, who):
    with pytest.raises(Forbidden):
        publish(getattr(district.world, who), district.world.a)
    assert not CommunityNeed.objects.exists()


def test_an_agency_desk_does_not_publish_needs(district):
    with pytest.raises(Forbidden):
        publish(district.desk_civil, district.world.a)


def test_a_grid_worker_of_the_community_does_not_publish_its_need(district):
    grid = staff(district.world.a, Role.GRID_WORKER, username="grid-a")
    with pytest.raises(Forbidden):
        publish(grid, district.world.a)


@pytest.mark.parametrize("community_id", [None, "", "abc", 0, -1, 10**20])
def test_a_need_is_for_an_existing_community(district, community_id):
    with pytest.raises(InvalidInput) as excinfo:
        pool.need_publish(actor=fresh(district.world.district_admin), community_id=community_id, difficulty=1,
                          weak_foundation=False)
    assert refused_field(excinfo) == "community"


def test_a_need_is_not_published_for_a_street(district):
    with pytest.raises(InvalidInput) as excinfo:
        publish(district.world.district_admin, district.world.street)
    assert refused_field(excinfo) == "community"


# --- need_publish: what it holds -------------------------------------------------------------------------------


@pytest.mark.parametrize("difficulty", [0, 4, "", None, "hard", True, "1.5"])
def test_a_difficulty_off_the_scale_is_refused(district, difficulty):
    with pytest.raises(InvalidInput) as excinfo:
        publish(district.world.staff_a, district.world.a, difficulty=difficulty)
    assert refused_field(excinfo) == "difficulty"


@pytest.mark.parametrize("difficulty", [1, "2", " 3 "])
def test_a_difficulty_on_the_scale_is_kept(district, difficulty):
    need = publish(district.world.staff_a, district.world.a, difficulty=difficulty)
    assert need.difficulty in Difficulty.values


@pytest.mark.parametrize("capacity, kept", [(0, 0), ("0", 0), (1, 1), ("20", 20)])
def test_capacity_runs_from_0_to_20(district, capacity, kept):
    assert publish(district.world.staff_a, district.world.a, capacity=capacity).capacity == kept


@pytest.mark.parametrize("capacity", [21, -1, "", None, "two", 1.5, True])
def test_a_capacity_outside_0_to_20_is_refused(district, capacity):
    with pytest.raises(InvalidInput) as excinfo:
        publish(district.world.staff_a, district.world.a, capacity=capacity)
    assert refused_field(excinfo) == "capacity"


def test_skills_wanted_come_from_the_list(district):
    with pytest.raises(InvalidInput) as excinfo:
        publish(district.world.staff_a, district.world.a, wanted=["mediation", "flying"])
    assert refused_field(excinfo) == "wanted"
    assert not CommunityNeed.objects.exists()


def test_skills_wanted_are_kept_once_in_order_without_blanks(district):
    need = publish(district.world.staff_a, district.world.a, wanted=["emergency", "", "mediation", "emergency"])
    assert need.wanted == ["emergency", "mediation"]


def test_an_overlong_note_is_refused(district):
    with pytest.raises(InvalidInput) as excinfo:
        publish(district.world.staff_a, district.world.a, note="缺" * 2001)
    assert refused_field(excinfo) == "note"


def test_publishing_again_updates_the_one_need(district):
    first = publish(district.world.staff_a, district.world.a, difficulty=1, capacity=1)
    second = publish(district.world.street_officer, district.world.a, difficulty=3, weak_foundation=True,
                     wanted=["petitions"], capacity=4)
    assert CommunityNeed.objects.filter(community=district.world.a).count() == 1
    assert second.pk == first.pk
    need = CommunityNeed.objects.get(community=district.world.a)
    assert (need.difficulty, need.weak_foundation, need.wanted, need.capacity) == (3, True, ["petitions"], 4)
    assert need.updated_by == district.world.street_officer


def test_a_refused_update_leaves_the_need_as_it_was(district):
    publish(district.world.staff_a, district.world.a, capacity=3)
    with pytest.raises(InvalidInput):
        publish(district.world.staff_a, district.world.a, capacity=99)
    assert CommunityNeed.objects.get(community=district.world.a).capacity == 3


# --- wants_assistant ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("difficulty, weak, wants", [
    (Difficulty.ORDINARY, False, False),
    (Difficulty.DEMANDING, False, False),
    (Difficulty.HARD, False, True),
    (Difficulty.ORDINARY, True, True),
    (Difficulty.HARD, True, True),
])
def test_a_hard_or_weak_community_wants_an_assistant(district, difficulty, weak, wants):
    need = publish(district.world.staff_a, district.world.a, difficulty=difficulty, weak_foundation=weak)
    assert need.wants_assistant is wants


# --- cadre_create ----------------------------------------------------------------------------------------------


def new_cadre(district, **kw):
    args = {"name": "陈思远", "agency": district.civil, "born_on": dt.date(1995, 6, 1), **kw}
    return pool.cadre_create(**args)


def test_a_cadre_keeps_the_skills_once_in_order(district):
    cadre = new_cadre(district, skills=["legal", "", "digital", "legal"])
    assert Cadre.objects.get(pk=cadre.pk).skills == ["legal", "digital"]


@pytest.mark.parametrize("skills", [["cooking"], ["legal", "Legal"], "legal"])
def test_a_cadre_skill_off_the_list_is_refused(district, skills):
    before = Cadre.objects.count()
    with pytest.raises(InvalidInput) as excinfo:
        new_cadre(district, skills=skills)
    assert refused_field(excinfo) == "skills"
    assert Cadre.objects.count() == before


def test_a_cadre_needs_a_name_and_a_known_rank(district):
    with pytest.raises(InvalidInput) as excinfo:
        new_cadre(district, name="  ")
    assert refused_field(excinfo) == "name"
    with pytest.raises(InvalidInput) as excinfo:
        new_cadre(district, rank="minister")
    assert refused_field(excinfo) == "rank"


def test_a_cadre_may_be_linked_to_a_user(district):
    user = UserFactory(username="cadre-new")
    cadre = new_cadre(district, user=user, home_community=district.c)
    assert fresh(user).cadre == cadre


def test_an_agency_business_comes_from_the_skill_list(district):
    with pytest.raises(InvalidInput) as excinfo:
        pool.agency_create(name="区体育局", business=["sport"])
    assert refused_field(excinfo) == "business"


def test_granting_a_desk_twice_keeps_one(district):
    again = pool.desk_grant(user=district.desk_civil, agency=district.civil)
    assert district.civil.desks.get() == again


# --- Cadre.age_on --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("day, age", [
    (dt.date(2031, 4, 30), 34),  # the day before the 35th birthday
    (dt.date(2031, 5, 1), 35),  # on it
    (dt.date(2031, 5, 2), 35),
    (dt.date(2032, 4, 30), 35),
    (dt.date(2032, 5, 1), 36),
    (dt.date(1996, 5, 1), 0),
])
def test_age_turns_on_the_birthday(district, day, age):
    assert district.cadres["周晓雯"].age_on(day) == age  # born 1996-05-01


@pytest.mark.parametrize("day, age", [
    (dt.date(2035, 2, 28), 34),
    (dt.date(2035, 3, 1), 35),  # no 29 February in 2035
    (dt.date(2036, 2, 28), 35),
    (dt.date(2036, 2, 29), 36),
])
def test_a_leap_day_birthday_turns_on_1_march_in_common_years(district, day, age):
    cadre = new_cadre(district, born_on=dt.date(2000, 2, 29))
    assert cadre.age_on(day) == age
