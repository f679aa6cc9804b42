"""Scope: people of another community can neither see nor change community A's wishes, through any
endpoint or page. The API's operations are read from its OpenAPI schema, so new ones are covered."""

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from sanji.wishes import selectors
from sanji.wishes.models import Wish, WishEvent, WishVolunteer

from ..factories import fresh
from .helpers import to_state
from .test_api import token_for

pytestmark = pytest.mark.django_db

OUTSIDERS = ["staff-b", "resident-b", "member-b", "outsider"]
BODIES = {"reason": "x", "note": "x", "satisfaction": "satisfied", "assignee": 1, "name": "x", "hours": 1,
          "text": "x"}


def wish_operations():
    schema = Client().get("/api/v1/openapi.json").json()
    for path, methods in schema["paths"].items():
        if "{wish_id}" not in path:
            continue
        for method in methods:
            yield method, path


def test_the_schema_lists_the_wish_operations(world):
    found = {(m, p) for m, p in wish_operations()}
    assert ("get", "/api/v1/wishes/{wish_id}") in found
    assert ("post", "/api/v1/wishes/{wish_id}/actions/{action}") in found
    assert len(found) >= 5


@pytest.mark.parametrize("username", OUTSIDERS)
@pytest.mark.parametrize("state", ["submitted", "published", "claimed", "fulfilled"])
def test_every_wish_operation_is_404_outside_scope(world, username, state):
    wish = to_state(world, state)
    before = (wish.state, WishEvent.objects.count(), WishVolunteer.objects.count())
    headers = {"Authorization": f"Bearer {token_for(username)}"}
    client = Client()
    for method, path in wish_operations():
        actions = ["approve", "reject", "dispatch", "claim", "decline", "release", "start", "fulfil", "confirm",
                   "dispute", "withdraw"] if "{action}" in path else [None]
        for action in actions:
            url = path.replace("{wish_id}", str(wish.pk)).replace("{action}", action or "")
            if method == "get":
                response = client.get(url, headers=headers)
            else:
                response = client.post(url, json.dumps(BODIES), content_type="application/json", headers=headers)
            assert response.status_code in (403, 404), (method, url, response.status_code)
    wish.refresh_from_db()
    assert (wish.state, WishEvent.objects.count(), WishVolunteer.objects.count()) == before


def test_lists_hold_only_what_is_in_scope(world):
    mine = to_state(world, "submitted")
    for username in ("staff-b", "resident-b", "member-b"):
        headers = {"Authorization": f"Bearer {token_for(username)}"}
        items = Client().get("/api/v1/wishes", headers=headers).json()["items"]
        assert mine.pk not in [w["id"] for w in items]


@pytest.mark.parametrize("username", OUTSIDERS)
def test_every_wish_page_is_404_outside_scope(world, username, client):
    from sanji.wishes.urls import urlpatterns

    wish = to_state(world, "claimed")
    client.force_login(fresh(getattr(world, {"staff-b": "staff_b", "resident-b": "resident_b",
                                             "member-b": "member_b", "outsider": "outsider"}[username])))
    for pattern in urlpatterns:
        keys = re.findall(r"<(?:\w+:)?(\w+)>", str(pattern.pattern))
        if "pk" not in keys:
            continue
        kwargs = {"pk": wish.pk, "action": "start", "photo_pk": 1}
        url = reverse(f"wishes:{pattern.name}", kwargs={k: kwargs[k] for k in keys})
        for method in ("get", "post"):
            response = getattr(client, method)(url, {"reason": "x", "note": "x", "name": "x", "hours": "1"})
            assert response.status_code in (404, 405), (method, url, response.status_code)
    wish.refresh_from_db()
    assert wish.state == "claimed"


def test_staff_pages_are_404_for_people_without_a_staff_role(world, client):
    client.force_login(fresh(world.resident_a))
    for name in ("wishes:review", "wishes:followup", "wishes:all"):
        assert client.get(reverse(name)).status_code == 404


def test_view_permission_and_visible_selector_agree(world):
    wishes = [to_state(world, s) for s in ("submitted", "published", "dispatched", "claimed", "fulfilled",
                                            "closed", "rejected")]
    users = [world.resident_a, world.resident_b, world.staff_a, world.staff_b, world.member_a, world.member_b,
             world.unit_a, world.street_officer, world.district_admin, world.outsider]
    for user in users:
        user = fresh(user)
        visible = set(selectors.wishes_visible(user).values_list("pk", flat=True))
        allowed = {w.pk for w in Wish.objects.all() if user.has_perm("wishes.view_wish", w)}
        assert visible == allowed, user.username
        assert {w.pk for w in wishes} >= visible
