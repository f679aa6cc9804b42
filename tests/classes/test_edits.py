"""Staff edits of classes: rename, merge, split, each logged with its actor and kept to the district's managers."""

import pytest

from sanji.classes.models import ClassEdit, Membership, WishClass
from sanji.classes.services import class_merge, class_rename, class_split, project_open
from sanji.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from sanji.core.models import Role

from ..factories import fresh, staff
from .helpers import class_of, other_district, regroup, seed, street_claimer


@pytest.fixture
def made(world):
    made = seed(world)
    made["w"], made["t"] = class_of(made["wheelchair"][0]), class_of(made["tutoring"][0])
    return made


def edits(wish_class):
    return list(ClassEdit.objects.filter(wish_class=wish_class).exclude(kind="create").values_list("kind", "actor"))


def members(wish_class):
    return set(Membership.objects.filter(wish_class=wish_class).values_list("wish_id", flat=True))


def test_rename_sets_the_name_and_logs_it(world, made):
    renamed = class_rename(actor=fresh(world.street_officer), class_id=made["w"].pk, name="  轮椅维修  ")
    assert renamed.name == "轮椅维修" and renamed.title == "轮椅维修"
    assert edits(made["w"]) == [("rename", world.street_officer.pk)]
    assert made["w"].label in ClassEdit.objects.get(kind="rename").note


def test_an_empty_name_falls_back_to_the_key_words(world, made):
    class_rename(actor=world.district_admin, class_id=made["w"].pk, name="轮椅维修")
    back = class_rename(actor=world.district_admin, class_id=made["w"].pk, name="")
    assert back.name == "" and back.title == made["w"].label
    assert WishClass.objects.get(pk=made["w"].pk).name == ""


def test_an_overlong_name_is_refused(world, made):
    with pytest.raises(InvalidInput) as refused:
        class_rename(actor=world.district_admin, class_id=made["w"].pk, name="轮" * 61)
    assert refused.value.extra["field"] == "name"
    assert WishClass.objects.get(pk=made["w"].pk).name == "" and edits(made["w"]) == []


def test_merge_moves_the_wishes_pinned_and_leaves_an_alias(world, made):
    target = class_merge(actor=world.district_admin, class_id=made["w"].pk, into_id=str(made["t"].pk))
    assert target == made["t"]
    assert members(made["t"]) == {w.pk for w in made["wheelchair"] + made["tutoring"]}
    assert all(Membership.objects.filter(wish__in=made["wheelchair"]).values_list("pinned", flat=True))
    assert WishClass.objects.get(pk=made["w"].pk).merged_into == made["t"]
    assert edits(made["w"]) == edits(made["t"]) == [("merge", world.district_admin.pk)]


def test_merge_follows_earlier_merges_into_the_source(world, made):
    third = class_split(actor=world.district_admin, class_id=made["t"].pk, wish_ids=[made["tutoring"][0].pk],
                        name="初中数学")
    class_merge(actor=world.district_admin, class_id=third.pk, into_id=made["t"].pk)
    class_merge(actor=world.district_admin, class_id=made["t"].pk, into_id=made["w"].pk)
    assert WishClass.objects.get(pk=third.pk).merged_into_id == made["w"].pk


def test_a_class_cannot_be_merged_into_itself(world, made):
    with pytest.raises(InvalidInput) as refused:
        class_merge(actor=world.district_admin, class_id=made["w"].pk, into_id=made["w"].pk)
    assert refused.value.extra["field"] == "into"
    assert WishClass.objects.get(pk=made["w"].pk).merged_into is None


@pytest.mark.parametrize("into", ["", None, "abc", 0, True])
def test_merge_without_a_target_names_the_field(world, made, into):
    with pytest.raises(InvalidInput) as refused:
        class_merge(actor=world.district_admin, class_id=made["w"].pk, into_id=into)
    assert refused.value.extra["field"] == "into"


def test_merge_into_a_class_that_does_not_exist_names_the_field(world, made):
    with pytest.raises(InvalidInput) as refused:
        class_merge(actor=world.district_admin, class_id=made["w"].pk, into_id=987654)
    assert refused.value.extra["field"] == "into"


def test_merge_into_a_class_of_another_district_is_refused(world, made):
    _district, admin, foreign = other_district()
    with pytest.raises((InvalidInput, NotFound)):
        class_merge(actor=world.district_admin, class_id=made["w"].pk, into_id=foreign.pk)
    both = staff(world.district, Role.DISTRICT_ADMIN, username="both")
    staff(foreign.district, Role.DISTRICT_ADMIN, username="both")
    with pytest.raises(InvalidInput) as refused:
        class_merge(actor=fresh(both), class_id=made["w"].pk, into_id=foreign.pk)
    assert refused.value.extra["field"] == "into"
    assert WishClass.objects.get(pk=made["w"].pk).merged_into is None and edits(made["w"]) == []


def test_merge_into_a_merged_class_is_refused_or_follows_the_merge(world, made):
    third = class_split(actor=world.district_admin, class_id=made["t"].pk, wish_ids=[made["tutoring"][0].pk],
                        name="初中数学")
    class_merge(actor=world.district_admin, class_id=made["t"].pk, into_id=third.pk)
    try:
        class_merge(actor=world.district_admin, class_id=made["w"].pk, into_id=made["t"].pk)
    except InvalidInput:
        return
    assert {w.pk for w in made["wheelchair"]} <= members(third)


def test_a_class_with_a_project_under_way_cannot_be_merged(world, made):
    project_open(actor=world.district_admin, class_id=made["w"].pk, title="轮椅维修日", goal="修好轮椅",
                 lead_id=street_claimer(world).pk)
    with pytest.raises(Conflict):
        class_merge(actor=world.district_admin, class_id=made["w"].pk, into_id=made["t"].pk)
    assert members(made["w"]) == {w.pk for w in made["wheelchair"]}
    assert WishClass.objects.get(pk=made["w"].pk).merged_into is None


def test_a_merged_class_cannot_be_edited_any_more(world, made):
    class_merge(actor=world.district_admin, class_id=made["w"].pk, into_id=made["t"].pk)
    with pytest.raises(NotFound):
        class_rename(actor=world.district_admin, class_id=made["w"].pk, name="x")
    with pytest.raises(NotFound):
        class_merge(actor=world.district_admin, class_id=made["w"].pk, into_id=made["t"].pk)


def test_split_moves_the_chosen_wishes_into_a_new_pinned_class(world, made):
    chosen = [made["wheelchair"][0].pk, str(made["wheelchair"][1].pk)]
    new = class_split(actor=world.street_officer, class_id=made["w"].pk, wish_ids=chosen, name="电动轮椅")
    assert new.name == "电动轮椅" and new.label == made["w"].label and new.district == world.district
    assert members(new) == {made["wheelchair"][0].pk, made["wheelchair"][1].pk}
    assert members(made["w"]) == {made["wheelchair"][2].pk}
    assert all(Membership.objects.filter(wish_class=new).values_list("pinned", flat=True))
    assert edits(made["w"]) == edits(new) == [("split", world.street_officer.pk)]


@pytest.mark.parametrize("which", ["none", "all", "foreign", "unknown", "junk"])
def test_split_refuses_a_choice_that_is_not_some_of_the_class(world, made, which):
    wheelchair = [w.pk for w in made["wheelchair"]]
    chosen = {"none": [], "all": wheelchair, "foreign": [wheelchair[0], made["tutoring"][0].pk],
              "unknown": [987654], "junk": ["abc", None]}[which]
    with pytest.raises(InvalidInput) as refused:
        class_split(actor=world.district_admin, class_id=made["w"].pk, wish_ids=chosen, name="新类")
    assert refused.value.extra["field"] == "wishes"
    assert members(made["w"]) == set(wheelchair) and WishClass.objects.count() == 2


def test_split_keeps_a_standing_wish_in_the_class_even_after_a_merge(world, made):
    class_merge(actor=world.district_admin, class_id=made["w"].pk, into_id=made["t"].pk)
    from ..wishes.helpers import act

    act(made["wheelchair"][0], "withdraw", world.resident_a)
    regroup(world)
    standing = [w.pk for w in made["wheelchair"][1:] + made["tutoring"]]
    with pytest.raises(InvalidInput):
        class_split(actor=world.district_admin, class_id=made["t"].pk, wish_ids=standing, name="全部")


def test_split_needs_a_name(world, made):
    with pytest.raises(InvalidInput) as refused:
        class_split(actor=world.district_admin, class_id=made["w"].pk, wish_ids=[made["wheelchair"][0].pk],
                    name="  ")
    assert refused.value.extra["field"] == "name" and WishClass.objects.count() == 2


@pytest.mark.parametrize("edit", ["rename", "merge", "split"])
def test_community_staff_see_classes_but_may_not_edit_them(world, made, edit):
    call = {
        "rename": lambda user: class_rename(actor=user, class_id=made["w"].pk, name="x"),
        "merge": lambda user: class_merge(actor=user, class_id=made["w"].pk, into_id=made["t"].pk),
        "split": lambda user: class_split(actor=user, class_id=made["w"].pk,
                                          wish_ids=[made["wheelchair"][0].pk], name="x"),
    }[edit]
    with pytest.raises(Forbidden):
        call(fresh(world.staff_a))
    for user in (world.resident_a, world.member_a, world.unit_a, world.outsider, other_district()[1]):
        with pytest.raises(NotFound):
            call(fresh(user))
    assert ClassEdit.objects.exclude(kind="create").count() == 0 and WishClass.objects.count() == 3
