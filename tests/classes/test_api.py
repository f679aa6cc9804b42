"""The class and project endpoints of /api/v1/, as a client sees them."""

import datetime as dt

import pytest

from sanji.classes.models import ClassProject, WishClass
from sanji.wishes.models import Wish

from ..wishes.test_api import Api
from .helpers import class_of, seed, street_claimer, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def made(world):
    made = seed(world)
    made["w"], made["t"] = class_of(made["wheelchair"][0]), class_of(made["tutoring"][0])
    return made


def refused(response, status: int, code: str, field: str | None = None) -> dict:
    """Check the error shape {code, message, extra}; return the body."""
    body = response.json()
    assert response.status_code == status, body
    assert set(body) == {"code", "message", "extra"} and body["code"] == code and body["message"]
    if field is not None:
        assert body["extra"]["field"] == field
    return body


def project_body(world, **kw):
    return {"title": "轮椅维修日", "goal": "修好每一辆", "lead": street_claimer(world).pk} | kw


def test_the_class_table_and_the_shortlist(world, made):
    api = Api("street")
    body = api.get("/classes").json()
    assert body["month"] == today().strftime("%Y-%m")
    items = {item["id"]: item for item in body["items"]}
    assert set(items) == {made["w"].pk, made["t"].pk}
    w = items[made["w"].pk]
    assert (w["title"], w["this_month"], w["total"], w["open"], w["project"], w["score"]) == (
        made["w"].label, 3, 3, 3, None, None)
    shortlist = api.get("/classes/shortlist").json()["items"]
    # each: the largest this month (2/5) and growing on an empty last month (1/5); none overdue or prioritised
    assert {item["id"]: item["score"] for item in shortlist} == {made["w"].pk: "3/5", made["t"].pk: "3/5"}
    assert api.get("/classes", month="2020-01").json()["items"] == []
    mine = Api("staff-b").get("/classes", area=world.b.pk).json()["items"]
    assert {item["id"]: item["total"] for item in mine} == {made["w"].pk: 1, made["t"].pk: 1}


@pytest.mark.parametrize("params, field", [({"month": "2026-1"}, "month"), ({"area": "x"}, "area"),
                                           ({"area": 0}, "area")])
def test_bad_table_queries_are_422(world, params, field):
    refused(Api("street").get("/classes", **params), 422, "invalid", field)


def test_an_area_outside_the_scope_is_404(world, made):
    refused(Api("staff-a").get("/classes", area=world.b.pk), 404, "not_found")


def test_a_class_with_its_wishes(world, made):
    body = Api("street").get(f"/classes/{made['w'].pk}").json()
    assert body["id"] == made["w"].pk and body["district"] == world.district.pk and body["merged_into"] is None
    assert {w["wish"] for w in body["wishes"]} == {w.pk for w in made["wheelchair"]}
    assert not any(w["pinned"] for w in body["wishes"]) and body["months"][-1] == [today().strftime("%Y-%m"), 3]
    mine = Api("staff-a").get(f"/classes/{made['w'].pk}").json()
    assert {w["community"] for w in mine["wishes"]} == {world.a.name}


def test_classes_are_not_found_outside_the_staff(world, made):
    for username in ("resident-a", "member-a", "outsider"):
        api = Api(username)
        refused(api.get("/classes"), 404, "not_found")
        refused(api.get(f"/classes/{made['w'].pk}"), 404, "not_found")
    refused(Api("street").get("/classes/987654"), 404, "not_found")
    refused(Api().get("/classes"), 401, "not_authenticated")


def test_rename_through_the_api(world, made):
    api = Api("street")
    response = api.post(f"/classes/{made['w'].pk}/rename", {"name": "轮椅维修"})
    assert response.status_code == 200 and response.json()["title"] == "轮椅维修"
    refused(api.post(f"/classes/{made['w'].pk}/rename", {"name": "长" * 61}), 422, "invalid", "name")
    refused(api.post(f"/classes/{made['w'].pk}/rename", {}), 422, "invalid", "name")
    body = refused(Api("staff-a").post(f"/classes/{made['w'].pk}/rename", {"name": "x"}), 403, "forbidden")
    assert body["extra"] == {}
    assert WishClass.objects.get(pk=made["w"].pk).name == "轮椅维修"


def test_merge_through_the_api(world, made):
    api = Api("district")
    url = f"/classes/{made['w'].pk}/merge"
    refused(api.post(url, {"into": made["w"].pk}), 422, "invalid", "into")
    refused(api.post(url, {"into": "abc"}), 422, "invalid", "into")
    refused(api.post(url, {}), 422, "invalid", "into")
    refused(Api("staff-a").post(url, {"into": made["t"].pk}), 403, "forbidden")
    assert WishClass.objects.get(pk=made["w"].pk).merged_into is None
    response = api.post(url, {"into": made["t"].pk})
    assert response.status_code == 200 and response.json()["id"] == made["t"].pk
    assert len(response.json()["wishes"]) == 6
    assert Api("district").get(f"/classes/{made['w'].pk}").json()["merged_into"] == made["t"].pk
    refused(api.post(url, {"into": made["t"].pk}), 404, "not_found")  # an alias is not edited


def test_split_through_the_api(world, made):
    api = Api("district")
    url = f"/classes/{made['w'].pk}/split"
    everything = [w.pk for w in made["wheelchair"]]
    refused(api.post(url, {"wishes": [], "name": "新"}), 422, "invalid", "wishes")
    refused(api.post(url, {"wishes": everything, "name": "新"}), 422, "invalid", "wishes")
    refused(api.post(url, {"wishes": [made["tutoring"][0].pk], "name": "新"}), 422, "invalid", "wishes")
    refused(api.post(url, {"wishes": everything[:1], "name": ""}), 422, "invalid", "name")
    refused(api.post(url, {"wishes": "1,2", "name": "新"}), 422, "invalid", "wishes")
    assert WishClass.objects.count() == 2
    response = api.post(url, {"wishes": everything[:1], "name": "电动轮椅"})
    assert response.status_code == 201
    body = response.json()
    assert body["name"] == "电动轮椅" and [(w["wish"], w["pinned"]) for w in body["wishes"]] == [(everything[0], True)]


def test_a_project_through_the_api(world, made):
    api = Api("district")
    later = (today() + dt.timedelta(days=365)).isoformat()
    response = api.post(f"/classes/{made['w'].pk}/projects", project_body(
        world, due_date=later, milestones=[{"title": "联系师傅", "due_date": later}]))
    assert response.status_code == 201, response.content
    project = response.json()
    assert project["state"] == "open" and project["area"] == world.district.pk
    assert project["wishes"] == sorted(w.pk for w in made["wheelchair"])
    assert [m["title"] for m in project["milestones"]] == ["联系师傅"]
    refused(api.post(f"/classes/{made['w'].pk}/projects", project_body(world)), 409, "conflict")
    assert Api("staff-b").get(f"/projects/{project['id']}").json()["title"] == "轮椅维修日"
    refused(Api("resident-b").get(f"/projects/{project['id']}"), 404, "not_found")

    url = f"/projects/{project['id']}"
    response = api.post(f"{url}/milestones", {"title": "上门维修", "due_date": today().isoformat()})
    assert response.status_code == 201 and len(response.json()["milestones"]) == 2
    refused(api.post(f"{url}/milestones", {"title": "上门维修", "due_date": "2020-01-01"}), 422, "invalid",
            "due_date")
    refused(api.post(f"{url}/milestones", {"title": "上门维修", "due_date": "soon"}), 422, "invalid", "due_date")
    first = project["milestones"][0]["id"]
    response = api.post(f"{url}/milestones/{first}/done", {"note": "已联系"})
    assert response.status_code == 200
    assert [m["note"] for m in response.json()["milestones"] if m["id"] == first] == ["已联系"]
    refused(api.post(f"{url}/milestones/{first}/done", {}), 409, "conflict")
    refused(api.post(f"{url}/milestones/987654/done", {}), 404, "not_found")

    refused(Api("street").post(f"{url}/close", {"outcome": "resolved", "result": "修好了"}), 403, "forbidden")
    refused(api.post(f"{url}/close", {"outcome": "done", "result": "修好了"}), 422, "invalid", "outcome")
    refused(api.post(f"{url}/close", {"outcome": "resolved", "result": " "}), 422, "invalid", "result")
    assert ClassProject.objects.get().state == "open"
    response = api.post(f"{url}/close", {"outcome": "resolved", "result": "修好了"})
    assert response.status_code == 200
    assert (response.json()["state"], response.json()["outcome"], response.json()["result"]) == (
        "closed", "resolved", "修好了")
    assert set(Wish.objects.filter(pk__in=project["wishes"]).values_list("state", flat=True)) == {"fulfilled"}
    refused(api.post(f"{url}/close", {"outcome": "resolved", "result": "修好了"}), 409, "conflict")


@pytest.mark.parametrize("change, field", [
    ({"title": ""}, "title"),
    ({"goal": " "}, "goal"),
    ({"lead": 987654}, "lead"),
    ({"lead": "abc"}, "lead"),
    ({"due_date": "2020-01-01"}, "due_date"),
    ({"milestones": [{"title": "联系", "due_date": "2020-01-01"}]}, "milestones.0"),
    ({"milestones": [{"title": "联系"}]}, "milestones.0.due_date"),
    ({"area": 987654}, "area"),
])
def test_bad_project_input_is_422_naming_the_field(world, made, change, field):
    response = Api("district").post(f"/classes/{made['w'].pk}/projects", project_body(world, **change))
    refused(response, 422, "invalid", field)
    assert not ClassProject.objects.exists()


def test_a_project_by_community_staff_is_403(world, made):
    refused(Api("staff-a").post(f"/classes/{made['w'].pk}/projects", project_body(world)), 403, "forbidden")
    refused(Api("resident-a").post(f"/classes/{made['w'].pk}/projects", project_body(world)), 404, "not_found")


def test_regroup_through_the_api(world, made, settings):
    settings.CELERY_BROKER_URL = ""
    body = Api("street").post("/classes/regroup", {"district": world.district.pk}).json()
    assert body == {"queued": False, "wishes": 8, "classes": 2, "created": 0}
    refused(Api("staff-a").post("/classes/regroup", {"district": world.district.pk}), 404, "not_found")
    refused(Api("street").post("/classes/regroup", {"district": world.street.pk}), 404, "not_found")
    refused(Api("street").post("/classes/regroup", {}), 422, "invalid", "district")


def test_the_body_must_be_json(world, made):
    api = Api("street")
    response = api.client.post(f"/api/v1/classes/{made['w'].pk}/rename", "{not json", content_type="application/json",
                               headers=api.headers)
    assert response.status_code in (400, 422) and set(response.json()) == {"code", "message", "extra"}
