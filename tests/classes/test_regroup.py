"""Regrouping a district's wishes into classes, and how it respects what staff decided."""

import pytest

from sanji.classes.models import ClassEdit, Membership, WishClass
from sanji.classes.services import class_merge, class_rename, class_split, regroup_requested
from sanji.core.errors import NotFound

from ..wishes.helpers import act
from .helpers import WHEELCHAIR, class_of, regroup, seed, wish_of


def snapshot():
    return (
        dict(Membership.objects.values_list("wish_id", "wish_class_id")),
        list(WishClass.objects.order_by("pk").values_list("pk", "key", "label", "name", "merged_into")),
    )


def test_similar_wishes_of_different_residents_form_one_class_with_key_words(world):
    made = seed(world)
    wheelchair = class_of(made["wheelchair"][0])
    assert {class_of(w) for w in made["wheelchair"]} == {wheelchair}
    assert {w.beneficiary.community for w in made["wheelchair"]} == {world.a, world.b}
    assert set(wheelchair.label.split()) == {"轮椅", "维修"} and wheelchair.title == wheelchair.label
    tutoring = class_of(made["tutoring"][0])
    assert {class_of(w) for w in made["tutoring"]} == {tutoring} != {wheelchair}
    assert "辅导" in tutoring.label.split()
    assert list(ClassEdit.objects.filter(kind="create").values_list("wish_class", flat=True)) == sorted(
        [wheelchair.pk, tutoring.pk])


def test_a_wish_like_no_other_gets_no_class(world):
    made = seed(world)
    assert [class_of(w) for w in made["loners"]] == [None, None]
    assert WishClass.objects.count() == 2


def test_the_report_counts_what_changed(world):
    seed(world)
    report = regroup(world)
    assert (report.wishes, report.classes, report.created, report.deleted, report.moved) == (8, 2, 0, 0, 0)


def test_regrouping_twice_changes_nothing(world):
    seed(world)
    before = snapshot()
    report = regroup(world)
    assert snapshot() == before
    assert (report.created, report.deleted, report.moved) == (0, 0, 0)


def test_a_new_similar_wish_joins_the_existing_class(world):
    made = seed(world)
    wheelchair = class_of(made["wheelchair"][0])
    new = wish_of(world.resident_b, "轮椅坏了，能不能帮忙修修")
    report = regroup(world)
    assert class_of(new) == wheelchair and report.created == 0 and report.moved == 1


def test_a_renamed_class_keeps_its_name_and_id(world):
    made = seed(world)
    wheelchair = class_of(made["wheelchair"][0])
    class_rename(actor=world.district_admin, class_id=wheelchair.pk, name="轮椅维修")
    new = wish_of(world.resident_a, "轮椅坏了，能不能帮忙修修")
    regroup(world)
    again = WishClass.objects.get(pk=wheelchair.pk)
    assert again.name == "轮椅维修" and again.title == "轮椅维修" and again.label == wheelchair.label
    assert class_of(new) == again


def test_after_a_merge_the_wishes_stay_in_the_target(world):
    made = seed(world)
    wheelchair, tutoring = class_of(made["wheelchair"][0]), class_of(made["tutoring"][0])
    class_merge(actor=world.district_admin, class_id=wheelchair.pk, into_id=tutoring.pk)
    regroup(world)
    assert {class_of(w) for w in made["wheelchair"] + made["tutoring"]} == {tutoring}
    assert WishClass.objects.get(pk=wheelchair.pk).merged_into == tutoring
    assert WishClass.objects.filter(merged_into=None).count() == 1


def test_after_a_merge_a_new_wish_like_the_target_goes_to_the_target(world):
    made = seed(world)
    wheelchair, tutoring = class_of(made["wheelchair"][0]), class_of(made["tutoring"][0])
    class_merge(actor=world.district_admin, class_id=wheelchair.pk, into_id=tutoring.pk)
    new = wish_of(world.resident_b, "孩子数学不好想找人辅导")
    regroup(world)
    assert class_of(new) == tutoring


def test_after_a_merge_a_new_wish_like_the_merged_class_goes_to_the_target(world):
    made = seed(world)
    wheelchair, tutoring = class_of(made["wheelchair"][0]), class_of(made["tutoring"][0])
    class_merge(actor=world.district_admin, class_id=wheelchair.pk, into_id=tutoring.pk)
    new = wish_of(world.resident_a, "轮椅坏了，能不能帮忙修修")
    report = regroup(world)
    assert class_of(new) == tutoring
    assert report.created == 0


def test_a_split_off_class_keeps_its_wishes(world):
    made = seed(world)
    wheelchair = class_of(made["wheelchair"][0])
    chosen = made["wheelchair"][0]
    split = class_split(actor=world.district_admin, class_id=wheelchair.pk, wish_ids=[chosen.pk], name="电动轮椅")
    before = snapshot()
    regroup(world)
    assert snapshot() == before
    assert class_of(chosen) == split and Membership.objects.get(wish=chosen).pinned
    assert {class_of(w) for w in made["wheelchair"][1:]} == {wheelchair}


def test_wishes_that_are_no_longer_needs_are_left_out(world):
    made = seed(world)
    extra = [wish_of(world.resident_a, WHEELCHAIR[0]), wish_of(world.resident_a, WHEELCHAIR[1])]
    regroup(world)
    assert all(class_of(w) for w in extra)
    rejected = act(made["wheelchair"][0], "reject", world.staff_a, reason="重复")
    withdrawn = act(extra[0], "withdraw", world.resident_a)
    merged = act(extra[1], "merge", world.staff_a, into=made["wheelchair"][2].pk)
    report = regroup(world)
    assert [class_of(w) for w in (rejected, withdrawn, merged)] == [None, None, None]
    assert report.wishes == 7 and class_of(made["wheelchair"][1]) is not None


def test_a_machine_made_class_left_empty_is_deleted(world):
    made = seed(world)
    wheelchair, tutoring = class_of(made["wheelchair"][0]), class_of(made["tutoring"][0])
    class_rename(actor=world.district_admin, class_id=tutoring.pk, name="数学辅导")
    for wish in made["wheelchair"] + made["tutoring"]:
        act(wish, "withdraw", world.resident_a if wish.community == world.a else world.resident_b)
    report = regroup(world)
    assert report.deleted == 1 and not WishClass.objects.filter(pk=wheelchair.pk).exists()
    assert WishClass.objects.filter(pk=tutoring.pk).exists()  # a class staff named stays, empty
    assert Membership.objects.count() == 0


def test_regrouping_on_request_is_for_managers_of_the_district(world, settings):
    settings.CELERY_BROKER_URL = ""
    wish_of(world.resident_a, WHEELCHAIR[0])
    wish_of(world.resident_b, WHEELCHAIR[1])
    report = regroup_requested(actor=world.street_officer, district_id=world.district.pk)
    assert report.wishes == 2 and report.created == 1
    for user, district_id in ((world.staff_a, world.district.pk), (world.street_officer, world.street.pk),
                              (world.district_admin, "x")):
        with pytest.raises(NotFound):
            regroup_requested(actor=user, district_id=district_id)


def test_regrouping_is_queued_when_there_is_a_task_queue(world, settings, django_capture_on_commit_callbacks):
    settings.CELERY_BROKER_URL = "memory://"
    wish_of(world.resident_a, WHEELCHAIR[0])
    wish_of(world.resident_b, WHEELCHAIR[1])
    with django_capture_on_commit_callbacks() as callbacks:
        assert regroup_requested(actor=world.district_admin, district_id=str(world.district.pk)) is None
    assert len(callbacks) == 1 and not WishClass.objects.exists()  # nothing grouped before the worker runs
