"""Defects a review found in classes, projects, merging and intake, each pinned by a test."""

from io import StringIO

import pytest
from django.test import Client

from sanji.classes.cli import run
from sanji.classes.models import ClassProject, Membership, WishClass
from sanji.classes.services import class_merge, class_split
from sanji.wishes import services
from sanji.wishes.models import Wish

from ..factories import fresh, resident
from ..wishes.helpers import act, to_state
from .helpers import class_of, regroup, seed, wish_of
from .test_projects import opened

pytestmark = pytest.mark.django_db


def _page(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(fresh(user))
    return client


def test_merging_a_neighbour_s_wish_does_not_show_its_text_to_the_original_s_resident(world):
    original = wish_of(world.resident_a, "轮椅坏了，想找人修一下")
    repeat = wish_of(world.resident_b, "我是王秀英，轮椅坏了需要维修，电话13588880000")
    act(repeat, "merge", world.street_officer, into=original.pk)
    html = _page(world.resident_a).get(original.get_absolute_url()).content.decode()
    assert "13588880000" not in html and "王秀英" not in html
    assert f"#{repeat.pk}" in html and "merged_in" not in html


def test_the_project_page_lists_only_the_wishes_in_the_viewer_s_scope(world):
    made = seed(world)
    made["w"] = class_of(made["wheelchair"][0])
    project = opened(world, made)
    html = _page(world.staff_b).get(project.get_absolute_url()).content.decode()
    for wish in made["wheelchair"]:
        assert (wish.text in html) == (wish.community_id == world.b.pk)


def test_the_hidden_answer_action_cannot_be_posted_from_the_wish_page(world):
    wish = to_state(world, "claimed")
    response = _page(world.staff_a).post(f"/wishes/{wish.pk}/act/answer/", {"note": "不经项目直接办结"})
    assert response.status_code == 422
    assert Wish.objects.get(pk=wish.pk).state == "claimed"


def test_merging_a_bigger_class_into_a_smaller_one_survives_a_regroup(world):
    made = seed(world)
    extra = wish_of(world.resident_b, "轮椅坏了，能不能帮忙修修")
    regroup(world)
    wheelchair, tutoring = class_of(made["wheelchair"][0]), class_of(made["tutoring"][0])
    assert class_of(extra) == wheelchair
    class_merge(actor=fresh(world.district_admin), class_id=wheelchair.pk, into_id=tutoring.pk)
    label = WishClass.objects.get(pk=tutoring.pk).label
    report = regroup(world)
    assert {class_of(w) for w in [*made["wheelchair"], extra, *made["tutoring"]]} == {tutoring}
    assert report.created == 0 and WishClass.objects.get(pk=tutoring.pk).label == label


def test_splitting_off_most_of_a_class_survives_a_regroup(world):
    made = seed(world)
    wheelchair = class_of(made["wheelchair"][0])
    split = class_split(actor=fresh(world.district_admin), class_id=wheelchair.pk,
                        wish_ids=[w.pk for w in made["wheelchair"][:2]], name="老人轮椅")
    regroup(world)
    assert [class_of(w) for w in made["wheelchair"][:2]] == [split, split]
    assert {class_of(w) for w in made["wheelchair"][2:]} == {wheelchair}


def test_a_long_result_is_refused_before_anything_changes_and_the_limit_is_accepted(world):
    made = seed(world)
    made["w"] = class_of(made["wheelchair"][0])
    project = opened(world, made)
    client = _page(world.district_admin)
    response = client.post(f"/classes/projects/{project.pk}/close/", {"outcome": "resolved", "result": "修" * 1801})
    assert response.status_code == 422 and ClassProject.objects.get(pk=project.pk).state == "open"
    response = client.post(f"/classes/projects/{project.pk}/close/", {"outcome": "resolved", "result": "修" * 1800})
    assert response.status_code == 302 and ClassProject.objects.get(pk=project.pk).state == "closed"


@pytest.mark.parametrize("month", ["0001-01", "9999-12"])
def test_a_far_month_shows_the_current_one(world, month):
    seed(world)
    client = _page(world.district_admin)
    for path in ("/classes/", "/classes/shortlist/", "/api/v1/classes"):
        assert client.get(path, {"month": month}).status_code == 200


def test_a_held_staff_entry_keeps_the_chosen_resident_and_the_search(world):
    for number in range(35):
        resident(world.a, name=f"张{number:02d}", phone=f"139000000{number:02d}")
    target = resident(world.a, name="赵某某", phone="13999999999")
    services.wish_submit(actor=fresh(world.staff_a), text="轮椅坏了，想找人修一下", resident=str(target.pk))
    html = _page(world.staff_a).post(
        "/wishes/new/", {"resident": str(target.pk), "q": "张", "text": "轮椅坏了需要维修", "category": ""}
    ).content.decode()
    assert 'name="confirm_new"' in html
    assert f'value="{target.pk}" checked' in html and 'value="张"' in html


def test_project_events_on_a_wish_have_words_not_codes(world):
    made = seed(world)
    made["w"] = class_of(made["wheelchair"][0])
    opened(world, made)
    html = _page(world.resident_a).get(made["wheelchair"][0].get_absolute_url()).content.decode()
    assert "<strong>project</strong>" not in html


@pytest.mark.parametrize("line", ['{"id": ' + "9" * 5000 + ', "text": "x"}', '{"id": 1, "text": "a\\ud800b"}',
                                  '{"id": "\\udfff", "text": "x"}'])
def test_the_cli_refuses_unreadable_numbers_and_lone_surrogates(line):
    out, err = StringIO(), StringIO()
    assert run(["-"], StringIO(line + "\n"), out, err) == 2
    assert out.getvalue() == "" and err.getvalue().count("\n") == 1 and "1" in err.getvalue()


def test_membership_of_a_withdrawn_pinned_wish_goes_at_the_next_regroup(world):
    made = seed(world)
    wheelchair, tutoring = class_of(made["wheelchair"][0]), class_of(made["tutoring"][0])
    class_merge(actor=fresh(world.district_admin), class_id=wheelchair.pk, into_id=tutoring.pk)
    gone = made["wheelchair"][0]
    act(gone, "withdraw", world.resident_a)
    regroup(world)
    assert not Membership.objects.filter(wish=gone).exists()


def test_a_lead_unit_must_serve_the_district(world):
    from sanji.core.errors import InvalidInput
    from sanji.core.models import Area

    from ..factories import partner_unit

    made = seed(world)
    made["w"] = class_of(made["wheelchair"][0])
    elsewhere = Area.objects.create(name="崂山区", level="district", parent=None)
    far = partner_unit([]).claimer
    far.service_areas.set([elsewhere])
    near = partner_unit([world.a]).claimer
    with pytest.raises(InvalidInput) as refused:
        opened(world, made, lead_id=far.pk)
    assert refused.value.extra["field"] == "lead"
    assert opened(world, made, lead_id=near.pk).lead == near
