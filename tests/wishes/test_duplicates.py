"""Likely duplicates of a wish being written, the intake check that holds one, and merging a duplicate."""

import datetime as dt

import pytest
from django.urls import reverse

from sanji.core import clock
from sanji.core.errors import Forbidden, IllegalTransition, InvalidInput
from sanji.core.models import Compound, Resident
from sanji.wishes import services
from sanji.wishes.duplicates import likely_duplicates
from sanji.wishes.models import Wish, WishEvent

from ..factories import UserFactory, fresh, resident
from .helpers import act, submit, to_state
from .test_views import png_upload

ORIGINAL = "轮椅坏了，想找人修一下"
AGAIN = "家里老人的轮椅坏了需要维修"
OTHER = "希望有人辅导孩子数学"


@pytest.fixture
def yard(world):
    """Resident A and a neighbour in one compound of community A; returns the neighbour's resident record."""
    compound = Compound.objects.create(name="仰口路17号院", community=world.a)
    Resident.objects.filter(user=world.resident_a).update(compound=compound)
    return resident(world.a, name="李梅", gender="female", phone="13611112222", compound=compound,
                    user=UserFactory(username="neighbour"))


def of(user, text, **kw):
    return services.wish_submit(actor=fresh(user), text=text, **kw)


def found(user, text=AGAIN, **kw):
    return [(d.wish, d.same_person) for d in likely_duplicates(fresh(user), text=text, **kw)]


def resident_a(world):
    return Resident.objects.get(user=world.resident_a)


def test_the_same_residents_recent_similar_wish_is_found(world):
    original = submit(world, text=ORIGINAL)
    duplicates = likely_duplicates(fresh(world.resident_a), text=AGAIN)
    assert [(d.wish, d.same_person) for d in duplicates] == [(original, True)]
    assert 0.6 <= duplicates[0].likeness <= 1


def test_a_neighbours_wish_is_shown_to_staff_only(world, yard):
    mine = submit(world, text=ORIGINAL)
    theirs = of(yard.user, ORIGINAL)
    assert found(world.resident_a) == [(mine, True)]
    assert found(yard.user) == [(theirs, True)]
    assert found(world.staff_a, resident_id=resident_a(world).pk) == [(mine, True), (theirs, False)]
    assert found(world.street_officer, resident_id=str(yard.pk)) == [(theirs, True), (mine, False)]
    assert found(world.staff_b, resident_id=resident_a(world).pk) == []  # not in her scope
    assert found(world.resident_b, resident_id=resident_a(world).pk) == []  # a resident asks only for herself


def test_a_wish_outside_the_compound_is_not_shown(world, yard):
    submit(world, text=ORIGINAL)
    stranger = resident(world.a, name="周强", phone="13633334444", user=UserFactory(username="stranger"))
    of(stranger.user, ORIGINAL)
    of(world.resident_b, ORIGINAL)
    assert [same for _wish, same in found(world.staff_a, resident_id=yard.pk)] == [False]
    assert found(world.street_officer, resident_id=yard.pk)[0][0].beneficiary == resident_a(world)


def test_old_wishes_are_not_shown(world):
    with clock.at(clock.now() - dt.timedelta(days=91)):
        submit(world, text=ORIGINAL)
    assert found(world.resident_a) == []
    with clock.at(clock.now() - dt.timedelta(days=89)):
        recent = submit(world, text=ORIGINAL)
    assert found(world.resident_a) == [(recent, True)]


@pytest.mark.parametrize("state", ["rejected", "withdrawn", "merged"])
def test_wishes_that_no_longer_stand_are_not_shown(world, state):
    gone = to_state(world, state)
    standing = submit(world, text=gone.text)
    shown = [wish for wish, _same in found(world.resident_a, text=gone.text)]
    assert gone not in shown and standing in shown


@pytest.mark.parametrize("state", ["published", "claimed", "fulfilled", "closed"])
def test_wishes_on_their_way_or_done_are_shown(world, state):
    wish = to_state(world, state)
    assert found(world.resident_a, text=wish.text) == [(wish, True)]


def test_a_different_need_is_not_shown(world):
    submit(world, text=ORIGINAL)
    assert found(world.resident_a, text=OTHER) == []
    assert found(world.resident_a, text="   ") == []


def test_staff_without_a_resident_chosen_see_nothing(world):
    submit(world, text=ORIGINAL)
    assert found(world.staff_a) == []
    assert found(world.staff_a, resident_id="abc") == []
    assert found(world.outsider) == []


def test_the_wish_itself_can_be_left_out(world):
    original = submit(world, text=ORIGINAL)
    again = submit(world, text=AGAIN)
    assert found(world.staff_a, resident_id=resident_a(world).pk, exclude_id=again.pk) == [(original, True)]


def test_the_intake_page_holds_a_likely_duplicate_until_confirmed(world, client):
    original = submit(world, text=ORIGINAL)
    client.force_login(world.resident_a)
    response = client.post(reverse("wishes:new"), {"text": AGAIN})
    page = response.content.decode()
    assert response.status_code == 200 and Wish.objects.count() == 1
    assert f"#{original.pk}" in page and 'name="confirm_new"' in page and AGAIN in page
    response = client.post(reverse("wishes:new"), {"text": AGAIN, "confirm_new": "1"})
    new = Wish.objects.exclude(pk=original.pk).get()
    assert response.status_code == 302 and response["Location"] == new.get_absolute_url() and new.text == AGAIN


def test_the_intake_page_saves_a_wish_with_nothing_like_it_at_once(world, client):
    submit(world, text=ORIGINAL)
    client.force_login(world.resident_a)
    assert client.post(reverse("wishes:new"), {"text": OTHER}).status_code == 302
    assert Wish.objects.count() == 2


def test_a_wish_with_photos_is_not_held(world, client):
    submit(world, text=ORIGINAL)
    client.force_login(world.resident_a)
    response = client.post(reverse("wishes:new"), {"text": AGAIN, "photos": [png_upload("wheel.png")]})
    assert response.status_code == 302 and Wish.objects.count() == 2


def test_staff_entering_a_wish_see_the_neighbours(world, client, yard):
    theirs = of(yard.user, ORIGINAL)
    client.force_login(world.staff_a)
    response = client.post(reverse("wishes:new"), {"resident": resident_a(world).pk, "text": AGAIN})
    assert response.status_code == 200 and f"#{theirs.pk}" in response.content.decode()
    assert Wish.objects.count() == 1


def test_the_fragment_lists_the_duplicates_while_typing(world, client):
    original = submit(world, text=ORIGINAL)
    client.force_login(world.resident_a)
    fragment = client.post(reverse("wishes:duplicates"), {"text": AGAIN}, HTTP_HX_REQUEST="true").content.decode()
    assert f"#{original.pk}" in fragment and "<html" not in fragment and 'name="confirm_new"' not in fragment
    empty = client.post(reverse("wishes:duplicates"), {"text": OTHER}).content.decode()
    assert f"#{original.pk}" not in empty and 'id="duplicates"' in empty
    assert client.get(reverse("wishes:duplicates")).status_code == 405
    client.logout()
    assert client.post(reverse("wishes:duplicates"), {"text": AGAIN}).status_code == 302


def test_the_duplicates_endpoint(world):
    from .test_api import Api

    original = submit(world, text=ORIGINAL)
    items = Api("resident-a").get("/wishes/duplicates", text=AGAIN).json()
    assert [(i["wish"], i["same_resident"], i["state"]) for i in items] == [(original.pk, True, "submitted")]
    assert Api("resident-b").get("/wishes/duplicates", text=AGAIN).json() == []
    resident_id = resident_a(world).pk
    assert len(Api("staff-a").get("/wishes/duplicates", text=AGAIN, resident=resident_id).json()) == 1
    assert Api("staff-a").get("/wishes/duplicates").status_code == 422


def test_a_merged_wish_points_to_its_original(world):
    original = submit(world, text=ORIGINAL)
    again = submit(world, text=AGAIN)
    merged = act(again, "merge", world.staff_a, into=str(original.pk), note="同一辆轮椅")
    assert merged.state == "merged" and merged.merged_into == original and not merged.is_open
    event = merged.events.get(action="merge")
    assert (event.from_state, event.to_state, event.actor_id) == ("submitted", "merged", world.staff_a.pk)
    assert f"#{original.pk}" in event.note and "同一辆轮椅" in event.note
    merged_in = Wish.objects.get(pk=original.pk).events.get(action="merged_in")
    assert f"#{again.pk}" in merged_in.note and merged_in.from_state == merged_in.to_state == "submitted"
    assert Wish.objects.get(pk=original.pk).state == "submitted"


def test_a_dispatched_wish_can_be_merged_and_leaves_its_claimer(world):
    original = submit(world, text=ORIGINAL)
    again = to_state(world, "dispatched")
    merged = act(again, "merge", world.staff_a, into=original.pk)
    assert merged.state == "merged" and merged.dispatched_to is None


@pytest.mark.parametrize("target", ["itself", "merged", "rejected", "withdrawn", "other_community", "missing", "none",
                                    "junk"])
def test_merge_refuses_a_target_that_is_not_a_standing_wish_in_scope(world, target):
    again = submit(world, text=AGAIN)
    into = {
        "itself": lambda: again.pk,
        "merged": lambda: to_state(world, "merged").pk,
        "rejected": lambda: to_state(world, "rejected").pk,
        "withdrawn": lambda: to_state(world, "withdrawn").pk,
        "other_community": lambda: of(world.resident_b, ORIGINAL).pk,
        "missing": lambda: 987654,
        "none": lambda: None,
        "junk": lambda: "#1",
    }[target]()
    events = WishEvent.objects.count()
    with pytest.raises(InvalidInput) as refused:
        act(again, "merge", world.staff_a, into=into)
    assert refused.value.extra["field"] == "into"
    again = Wish.objects.get(pk=again.pk)
    assert again.state == "submitted" and again.merged_into is None
    assert WishEvent.objects.count() == events


def test_only_reviewers_merge_and_only_before_a_claim(world):
    original = submit(world, text=ORIGINAL)
    with pytest.raises(Forbidden):
        act(submit(world, text=AGAIN), "merge", world.resident_a, into=original.pk)
    with pytest.raises(IllegalTransition):
        act(to_state(world, "claimed"), "merge", world.staff_a, into=original.pk)


def test_merging_through_the_page(world, client):
    original = submit(world, text=ORIGINAL)
    again = submit(world, text=AGAIN)
    client.force_login(world.staff_a)
    page = client.get(again.get_absolute_url()).content.decode()
    assert f"#{original.pk}" in page  # the likely original is offered
    response = client.post(reverse("wishes:act", args=[again.pk, "merge"]), {"into": again.pk})
    assert response.status_code == 422 and 'role="alert"' in response.content.decode()
    response = client.post(reverse("wishes:act", args=[again.pk, "merge"]), {"into": original.pk})
    assert response.status_code == 302 and Wish.objects.get(pk=again.pk).state == "merged"
