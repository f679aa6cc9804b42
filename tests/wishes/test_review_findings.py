"""Defects found in review, each pinned by a test: photo type confusion, name leaks in the history,
superusers, grid workers, self-rating, state of photos, hostile input."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from sanji.core import services as core
from sanji.core.errors import Forbidden, InvalidInput
from sanji.core.models import Resident, Role
from sanji.wishes import services
from sanji.wishes.models import Wish, WishEvent, WishPhoto

from ..factories import UserFactory, area, fresh, resident, staff
from .helpers import act, submit, to_state
from .test_api import Api

pytestmark = pytest.mark.django_db


def png_bytes(size=(8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 120, 40)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_a_photo_is_stored_and_served_as_an_image_whatever_its_name(world):
    wish = submit(world)
    evil = SimpleUploadedFile("evil.html", png_bytes() + b"<script>alert(1)</script>", content_type="text/html")
    services.wish_photos_add(wish_id=wish.pk, actor=fresh(world.resident_a), uploads=[evil], kind="request")
    photo = WishPhoto.objects.get()
    assert photo.image.name.endswith(".png") and "evil" not in photo.image.name
    client = Client()
    client.force_login(fresh(world.staff_a))
    response = client.get(f"/wishes/{wish.pk}/photos/{photo.pk}/")
    assert response["Content-Type"] == "image/png"
    assert "sandbox" in response["Content-Security-Policy"]
    assert WishEvent.objects.filter(wish=wish, action="add_photos").count() == 1


def test_a_decompression_bomb_is_refused(world):
    wish = submit(world)
    buffer = io.BytesIO()
    Image.new("1", (20000, 20000)).save(buffer, format="PNG")
    bomb = SimpleUploadedFile("big.png", buffer.getvalue(), content_type="image/png")
    with pytest.raises(InvalidInput):
        services.wish_photos_add(wish_id=wish.pk, actor=fresh(world.resident_a), uploads=[bomb], kind="request")
    assert not WishPhoto.objects.exists()


def test_evidence_photos_only_while_the_holder_works(world):
    closed = to_state(world, "closed")
    photo = SimpleUploadedFile("a.png", png_bytes(), content_type="image/png")
    with pytest.raises(Forbidden):
        services.wish_photos_add(wish_id=closed.pk, actor=fresh(world.member_a), uploads=[photo], kind="evidence")
    working = to_state(world, "in_progress")
    services.wish_photos_add(wish_id=working.pk, actor=fresh(world.member_a), uploads=[photo], kind="evidence")


def test_the_history_masks_the_beneficiary_for_claimers(world):
    world.resident_a.display_name = "林志强"
    world.resident_a.save()
    wish = to_state(world, "published")
    events = Api("unit-a").get(f"/wishes/{wish.pk}/events").json()
    assert events[0]["actor"] == "林先生"
    assert "林志强" not in json.dumps(events, ensure_ascii=False)
    staff_view = Api("staff-a").get(f"/wishes/{wish.pk}/events").json()
    assert staff_view[0]["actor"] == "林志强"


def test_a_superuser_without_roles_gets_no_bypass(world):
    boss = UserFactory(username="root", is_superuser=True, is_staff=True)
    wish = to_state(world, "published")
    response = Api("root").post(f"/wishes/{wish.pk}/actions/claim", {})
    assert response.status_code == 404
    assert fresh(boss).has_perm("wishes.view_wish", wish)  # Django's own flag, which Sanji does not consult


def test_grid_worker_enters_and_sees_wishes_of_the_grid(world):
    grid = area("第1网格", "grid", world.a)
    other_grid = area("第2网格", "grid", world.a)
    worker = staff(grid, Role.GRID_WORKER, username="grid-a")
    mine = resident(world.a, name="张桂兰", gender="female", grid=grid)
    theirs = resident(world.a, name="李建国", grid=other_grid)
    wish = services.wish_submit(actor=fresh(worker), text="需要有人帮忙买药", resident=mine.pk)
    assert wish.grid == grid and wish.channel == "visit"
    with pytest.raises(InvalidInput):
        services.wish_submit(actor=fresh(worker), text="x", resident=theirs.pk)
    api = Api("grid-a")
    assert api.get(f"/wishes/{wish.pk}").status_code == 200
    assert api.post(f"/wishes/{wish.pk}/actions/approve").status_code == 403  # review is the community's
    assert Api("staff-a").post(f"/wishes/{wish.pk}/actions/approve").json()["state"] == "published"


def test_staff_who_fulfilled_a_wish_as_their_community_cannot_rate_it(world):
    wish = act(submit(world), "approve", world.staff_a)
    for action, params in (("claim", {}), ("start", {}), ("fulfil", {"note": "社区自己办了"})):
        wish = act(wish, action, world.staff_a, **params)
    assert wish.holder.area == world.a
    with pytest.raises(Forbidden):
        act(wish, "confirm", world.staff_a, satisfaction="satisfied")
    assert act(wish, "confirm", world.street_officer, satisfaction="satisfied").state == "closed"


def test_a_beneficiary_cannot_claim_his_own_wish(world):
    from sanji.core.models import PartyOrg

    core.member_report(name="林志强", party_org=PartyOrg.objects.get(), community=world.a,
                       user=fresh(world.resident_a))
    wish = to_state(world, "published")
    with pytest.raises(Forbidden):
        act(wish, "claim", world.resident_a)


def test_dispute_gives_a_new_deadline_and_clears_the_report(world):
    wish = to_state(world, "fulfilled")
    wish = act(wish, "dispute", world.resident_a, reason="没修好")
    assert wish.fulfilment_note == "" and wish.fulfil_due > wish.state_changed_at


def test_staff_recall_or_redirect_a_dispatch(world):
    wish = to_state(world, "dispatched")
    unit = fresh(world.unit_a).grants.get().partner_unit.claimer
    wish = act(wish, "dispatch", world.staff_a, assignee=unit.pk)
    assert wish.dispatched_to == unit
    with pytest.raises(InvalidInput):
        act(wish, "dispatch", world.staff_a, assignee=unit.pk)
    with pytest.raises(InvalidInput):
        act(wish, "recall", world.staff_a)
    wish = act(wish, "recall", world.staff_a, reason="单位未回应")
    assert wish.state == "published" and wish.dispatched_to is None


def test_volunteer_hours_are_an_event(world):
    wish = to_state(world, "in_progress")
    services.volunteer_record(wish_id=wish.pk, actor=fresh(world.member_a), name="韩雨桐", hours="2")
    event = WishEvent.objects.filter(wish=wish).last()
    assert event.action == "record_volunteer" and event.from_state == event.to_state == "in_progress"


@pytest.mark.parametrize("body, field", [
    ({"text": "x", "promised_value": "NaN"}, "promised_value"),
    ({"text": "x", "promised_value": "1e400"}, "promised_value"),
    ({"text": "x", "category": "²"}, "category"),
    ({"text": "a\u0000b"}, "text"),
    ({"text": "x", "external_ref": "r\u0000"}, "external_ref"),
    ({"text": "x", "resident": 10**30}, "resident"),
])
def test_hostile_wish_input_is_422(world, body, field):
    raw = json.dumps(body)
    api = Api("resident-a")
    response = api.client.post("/api/v1/wishes", raw, content_type="application/json", headers=api.headers)
    assert response.status_code == 422, response.content
    assert response.json()["extra"]["field"] == field
    assert not Wish.objects.exists()


def test_hostile_query_and_action_input(world):
    wish = to_state(world, "submitted")
    staff_api = Api("staff-a")
    assert staff_api.get("/wishes", offset=10**30).status_code == 422
    assert Client().get("/api/v1/board", {"community": 10**30}).status_code == 422
    response = staff_api.post(f"/wishes/{wish.pk}/actions/reject", {"reason": "x\u0000"})
    assert response.status_code == 422
    assert staff_api.post(f"/wishes/{wish.pk}/volunteers", {"name": "x" * 80, "hours": 1}).status_code == 422
    token = Client().post("/api/v1/auth/token", {"username": "a\u0000", "password": "x"},
                          content_type="application/json")
    assert token.status_code == 401


def test_odd_page_parameters_do_not_break_pages(world, client):
    assert client.get("/board/", {"community": "²"}).status_code == 200
    assert client.get("/board/", {"community": "9" * 40}).status_code == 200
    client.force_login(fresh(world.staff_a))
    assert client.get("/wishes/all/", {"area": "²"}).status_code == 200


def test_unknown_api_paths_and_bad_json_answer_in_the_api_shape(world):
    response = Client().get("/api/v1/no-such-thing")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    api = Api("resident-a")
    response = api.client.post("/api/v1/wishes", "{", content_type="application/json", headers=api.headers)
    assert response.status_code == 400 and response.json()["code"] == "bad_request"


def test_staff_find_residents_by_search(world, client):
    for index in range(40):
        resident(world.a, name=f"居民{index:02d}", phone=f"1390000{index:04d}")
    client.force_login(fresh(world.staff_a))
    page = client.get("/wishes/residents/", {"q": "居民39"}).content.decode()
    assert "居民39" in page and "居民38" not in page
    target = Resident.objects.get(name="居民39")
    response = client.post("/wishes/new/", {"resident": target.pk, "text": "需要助行器"})
    assert response.status_code == 302 and Wish.objects.get().beneficiary == target
    client.force_login(fresh(world.staff_b))
    assert "居民39" not in client.get("/wishes/residents/", {"q": "居民39"}).content.decode()
