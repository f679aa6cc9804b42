"""The dispatch and inbox endpoints of /api/v1/, as a client sees them."""

import json

from sanji.notices.services import notices_deliver

from ..wishes.helpers import act, submit
from ..wishes.test_api import Api


class JsonApi(Api):
    def put(self, path, body):
        return self.client.put(f"/api/v1{path}", json.dumps(body), content_type="application/json",
                               headers=self.headers)


def test_candidates_come_with_their_reasons(world):
    wish = act(submit(world, category="home_repair"), "approve", world.staff_a)
    body = Api("staff-a").get(f"/wishes/{wish.pk}/candidates").json()
    assert body["responsible_levels"] == ["members", "units", "community"]
    first = body["items"][0]
    assert first["score"] == sum(r["points"] for r in first["reasons"])
    assert all(r["text"] for r in first["reasons"])
    assert Api("member-a").get(f"/wishes/{wish.pk}/candidates").status_code == 404
    assert Api("staff-b").get(f"/wishes/{wish.pk}/candidates").status_code == 404


def test_a_batch_through_the_api(world):
    wishes = [act(submit(world, text=f"修灯{i}", category="home_repair"), "approve", world.staff_a) for i in range(2)]
    api = JsonApi("street")
    response = api.post("/dispatch/batches", {"area": world.street.pk, "objective": "max_count_then_score"})
    assert response.status_code == 201, response.content
    batch = response.json()
    assert {line["wish"] for line in batch["lines"]} == {w.pk for w in wishes}
    line = batch["lines"][0]
    response = api.put(f"/dispatch/batches/{batch['id']}/lines/{line['id']}", {"claimer": None})
    assert response.status_code == 200 and response.json()["lines"][0]["claimer"] is None
    response = api.put(f"/dispatch/batches/{batch['id']}/lines/{line['id']}", {"claimer": 999999})
    assert response.status_code == 422 and response.json()["extra"]["field"] == "claimer"
    response = api.post(f"/dispatch/batches/{batch['id']}/decision", {"decision": "confirm"})
    assert response.status_code == 200
    assert [x["outcome"] for x in response.json()["lines"]] == ["skipped", "dispatched"]
    assert api.post(f"/dispatch/batches/{batch['id']}/decision", {"decision": "confirm"}).status_code == 409
    assert api.post("/dispatch/batches", {"area": world.street.pk, "objective": "greedy"}).status_code == 422
    assert Api("staff-a").get(f"/dispatch/batches/{batch['id']}").status_code == 404


def test_the_inbox_through_the_api(world):
    wish = act(submit(world, category="home_repair"), "approve", world.staff_a)
    act(wish, "dispatch", world.staff_a, assignee=world.member_a.party_member.claimer.pk)
    notices_deliver()
    api = Api("member-a")
    body = api.get("/notices").json()
    assert body["count"] == 1 and body["unread"] == 1
    assert f"#{wish.pk}" in body["items"][0]["body"]
    assert api.post("/notices/read", {}).json() == {"marked": 1}
    assert api.get("/notices", unread="true").json()["count"] == 0
    assert Api("member-b").get("/notices").json()["count"] == 0
