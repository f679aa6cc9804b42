"""The wish endpoints of /api/v1/, as a client sees them."""

import json

import pytest
from django.test import Client

from sanji.audit.models import Disclosure
from sanji.wishes.models import Wish

from ..factories import fresh
from .helpers import to_state

pytestmark = pytest.mark.django_db


def token_for(username: str) -> str:
    response = Client().post("/api/v1/auth/token", {"username": username, "password": "pw-for-tests"},
                             content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()["token"]


class Api:
    def __init__(self, username=None):
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {token_for(username)}"} if username else {}

    def get(self, path, **params):
        return self.client.get(f"/api/v1{path}", params, headers=self.headers)

    def post(self, path, body=None):
        return self.client.post(f"/api/v1{path}", json.dumps(body) if body is not None else "",
                                content_type="application/json", headers=self.headers)


def test_token_with_wrong_password_is_401(world):
    response = Client().post("/api/v1/auth/token", {"username": "resident-a", "password": "nope"},
                             content_type="application/json")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_no_token_or_a_bad_one_is_401(world):
    assert Client().get("/api/v1/wishes").status_code == 401
    bad = Client().get("/api/v1/wishes", headers={"Authorization": "Bearer forged"})
    assert bad.status_code == 401 and bad.json()["code"] == "not_authenticated"


def test_resident_makes_a_wish(world):
    response = Api("resident-a").post("/wishes", {"text": "希望有人陪我去医院复查", "category": "medical_escort"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["state"] == "submitted" and body["category"] == "medical_escort"
    assert body["community"]["id"] == world.a.pk
    assert body["beneficiary"]["masked"] is False


def test_staff_makes_a_wish_for_a_resident(world):
    from sanji.core.models import Resident

    resident = Resident.objects.get(user=world.resident_a)
    response = Api("staff-a").post("/wishes", {"text": "老人需要轮椅", "resident": resident.pk})
    assert response.status_code == 201
    assert response.json()["channel"] == "visit"
    outside = Api("staff-b").post("/wishes", {"text": "老人需要轮椅", "resident": resident.pk})
    assert outside.status_code == 422 and outside.json()["extra"]["field"] == "resident"


@pytest.mark.parametrize("body, field", [
    ({}, "text"),
    ({"text": ""}, "text"),
    ({"text": 12}, "text"),
    ({"text": "x", "promised_value": "lots"}, "promised_value"),
    ({"text": "x", "promised_value": "9000"}, "promised_value"),
    ({"text": "x", "category": "flying"}, "category"),
    ({"text": "x", "channel": "fax"}, "channel"),
])
def test_bad_wish_input_is_422_naming_the_field(world, body, field):
    response = Api("resident-a").post("/wishes", body)
    assert response.status_code == 422, response.content
    assert response.json()["extra"]["field"] == field
    assert Wish.objects.count() == 0


def test_malformed_json_is_an_error_not_a_500(world):
    api = Api("resident-a")
    response = api.client.post("/api/v1/wishes", "{not json", content_type="application/json", headers=api.headers)
    assert response.status_code in (400, 422)
    assert "code" in response.json()


def test_the_whole_loop_through_the_api(world):
    resident, staff, member = Api("resident-a"), Api("staff-a"), Api("member-a")
    wish_id = resident.post("/wishes", {"text": "孩子需要数学辅导"}).json()["id"]
    assert staff.post(f"/wishes/{wish_id}/actions/approve").json()["state"] == "published"
    board = Api().get("/board").json()
    assert [w["id"] for w in board["items"]] == [wish_id]
    assert board["items"][0]["beneficiary"] == "林先生"
    assert member.post(f"/wishes/{wish_id}/actions/claim", {"promised_date": None}).json()["state"] == "claimed"
    assert member.post(f"/wishes/{wish_id}/actions/start").json()["state"] == "in_progress"
    volunteer = member.post(f"/wishes/{wish_id}/volunteers", {"name": "韩雨桐", "hours": "2.5"})
    assert volunteer.status_code == 200 and volunteer.json() == {"name": "韩雨桐", "hours": "2.5"}
    fulfilled = member.post(f"/wishes/{wish_id}/actions/fulfil", {"note": "辅导了三次"})
    assert fulfilled.json()["state"] == "fulfilled"
    closed = resident.post(f"/wishes/{wish_id}/actions/confirm", {"satisfaction": "satisfied", "note": "谢谢"})
    assert closed.status_code == 200 and closed.json()["state"] == "closed"
    events = resident.get(f"/wishes/{wish_id}/events").json()
    assert [(e["from_state"], e["to_state"]) for e in events] == [
        (None, "submitted"), ("submitted", "published"), ("published", "claimed"), ("claimed", "in_progress"),
        ("in_progress", "in_progress"), ("in_progress", "fulfilled"), ("fulfilled", "closed"),
    ]
    assert [e["action"] for e in events] == ["submit", "approve", "claim", "start", "record_volunteer", "fulfil",
                                             "confirm"]
    assert events[0]["actor"] and events[-1]["note"] == "谢谢"


def test_dispatch_and_reject_and_dispute_through_the_api(world):
    staff = Api("staff-a")
    wish = to_state(world, "submitted")
    claimer = fresh(world.unit_a).grants.get().partner_unit.claimer.pk
    dispatched = staff.post(f"/wishes/{wish.pk}/actions/dispatch", {"assignee": claimer})
    assert dispatched.json()["state"] == "dispatched" and dispatched.json()["dispatched_to"]["id"] == claimer
    other = to_state(world, "submitted")
    assert staff.post(f"/wishes/{other.pk}/actions/reject", {"reason": "请走政策渠道"}).json()["state"] == "rejected"
    fulfilled = to_state(world, "fulfilled")
    disputed = Api("resident-a").post(f"/wishes/{fulfilled.pk}/actions/dispute", {"reason": "还没修好"})
    assert disputed.json()["state"] == "in_progress"
    withdrawn = Api("resident-a").post(f"/wishes/{to_state(world, 'published').pk}/actions/withdraw")
    assert withdrawn.json()["state"] == "withdrawn"
    released = Api("member-a").post(f"/wishes/{to_state(world, 'claimed').pk}/actions/release", {"reason": "出差"})
    assert released.json()["state"] == "published"


def test_conflicts_are_409(world):
    wish = to_state(world, "claimed")
    response = Api("unit-a").post(f"/wishes/{wish.pk}/actions/claim")
    assert response.status_code == 409 and response.json()["code"] == "already_claimed"
    closed = to_state(world, "closed")
    response = Api("staff-a").post(f"/wishes/{closed.pk}/actions/approve")
    assert response.status_code == 409 and response.json()["code"] == "illegal_transition"


def test_forbidden_is_403_and_bad_parameters_422(world):
    wish = to_state(world, "submitted")
    response = Api("resident-a").post(f"/wishes/{wish.pk}/actions/approve")
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    response = Api("staff-a").post(f"/wishes/{wish.pk}/actions/reject", {})
    assert response.status_code == 422 and response.json()["extra"]["field"] == "reason"
    response = Api("staff-a").post(f"/wishes/{wish.pk}/actions/fly")
    assert response.status_code == 422 and response.json()["extra"]["field"] == "action"
    response = Api("staff-a").post(f"/wishes/{wish.pk}/actions/dispatch", {"assignee": "abc"})
    assert response.status_code == 422 and response.json()["extra"]["field"] == "assignee"


def test_unknown_wish_is_404(world):
    assert Api("staff-a").get("/wishes/999999").status_code == 404
    assert Api("staff-a").get("/wishes/999999/events").status_code == 404
    assert Api("staff-a").post("/wishes/999999/actions/approve").status_code == 404


def test_list_filters_by_state_and_area(world):
    to_state(world, "submitted")
    to_state(world, "published")
    district = Api("district")
    assert district.get("/wishes").json()["count"] == 2
    assert [w["state"] for w in district.get("/wishes", state="published").json()["items"]] == ["published"]
    assert district.get("/wishes", area=world.b.pk).json()["count"] == 0
    assert district.get("/wishes", area=world.a.pk).json()["count"] == 2
    assert district.get("/wishes", limit=1).json()["count"] == 2
    assert len(district.get("/wishes", limit=1).json()["items"]) == 1
    assert district.get("/wishes", limit="many").status_code == 422


def test_personal_data_is_masked_for_a_claimer_until_claimed(world):
    wish = to_state(world, "published")
    seen = Api("member-a").get(f"/wishes/{wish.pk}").json()["beneficiary"]
    assert seen["masked"] and seen["phone"] == "139****8815" and seen["name"] == "林先生"
    assert not seen["can_reveal"] and Api("member-a").get(f"/wishes/{wish.pk}/contact").status_code == 404
    Api("member-a").post(f"/wishes/{wish.pk}/actions/claim")
    seen = Api("member-a").get(f"/wishes/{wish.pk}").json()["beneficiary"]
    assert seen["masked"] and seen["can_reveal"] and seen["phone"] == "139****8815" and seen["name"] == "林志强"
    assert not Disclosure.objects.exists()
    contact = Api("member-a").get(f"/wishes/{wish.pk}/contact").json()
    assert contact["phone"] == "13906428815" and contact["address"] == "仰口路17号2单元302户"
    shown = Disclosure.objects.get()
    assert (shown.actor.username, shown.subject_id, shown.purpose, shown.purpose_ref) == (
        "member-a", str(wish.beneficiary_id), "wish_holder_contact", f"wish:{wish.pk}")
    assert shown.fields == "address,phone"


def test_the_claimer_loses_the_contact_when_the_wish_closes(world):
    wish = to_state(world, "closed")
    holder = Api("member-a")
    assert holder.get(f"/wishes/{wish.pk}").json()["beneficiary"]["can_reveal"] is False
    assert holder.get(f"/wishes/{wish.pk}/contact").status_code == 404
    assert not Disclosure.objects.exists()


def test_public_board_needs_no_login_and_hides_personal_data(world):
    to_state(world, "submitted")
    wish = to_state(world, "in_progress")
    board = Client().get("/api/v1/board").json()
    assert [w["id"] for w in board["items"]] == [wish.pk]
    text = json.dumps(board, ensure_ascii=False)
    assert "13906428815" not in text and "林志强" not in text and "仰口路17号" not in text


def test_openapi_and_docs_are_served(world):
    schema = Client().get("/api/v1/openapi.json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for path in ("/api/v1/auth/token", "/api/v1/wishes", "/api/v1/wishes/{wish_id}",
                 "/api/v1/wishes/{wish_id}/events", "/api/v1/wishes/{wish_id}/actions/{action}", "/api/v1/board"):
        assert path in paths, path
    docs = Client().get("/api/v1/docs")
    assert docs.status_code == 200 and b"cdn." not in docs.content
