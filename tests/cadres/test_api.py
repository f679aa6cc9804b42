"""The cadre endpoints: scoped like the pages, refusals in the one error shape, the main loops by API."""

import datetime as dt
import json

from django.test import Client

from sanji.cadres.models import Placement
from sanji.core import clock
from tests.cadres.helpers import STARTS, T0, batch_with_everyone, placed

DURING = T0 + dt.timedelta(days=40)


def api(user):
    c = Client(HTTP_HOST="127.0.0.1")
    c.force_login(user)
    return c


def post(c, url, body):
    return c.post(url, json.dumps(body), content_type="application/json")


def test_the_district_proposes_adjusts_and_places_by_api(district):
    batch = batch_with_everyone(district)
    c = api(district.world.district_admin)
    with clock.at(T0):
        assert [b["name"] for b in c.get("/api/v1/cadres/batches").json()] == ["2026年第一期"]
        made = post(c, f"/api/v1/cadres/batches/{batch.pk}/proposals", {"mode": "optimal"})
        assert made.status_code == 201, made.content
        proposal = made.json()
        assert proposal["proposed_total"] == "2.0500" and len(proposal["lines"]) == 5
        li, zhou = district.cadres["李浩然"].pk, district.cadres["周晓雯"].pk
        swapped = post(c, f"/api/v1/cadres/proposals/{proposal['id']}/swaps", {"cadre": li, "other": zhou})
        assert swapped.status_code == 201 and swapped.json()["delta"] == "-0.3000"
        full = post(c, f"/api/v1/cadres/proposals/{proposal['id']}/moves",
                    {"cadre": district.cadres["孙嘉怡"].pk, "community": district.world.b.pk})
        assert full.status_code == 422 and full.json()["code"] == "invalid"  # she lives there
        assert c.get(f"/api/v1/cadres/batches/{batch.pk}/proposal").json()["total"] == "1.7500"
        placed_ = post(c, f"/api/v1/cadres/batches/{batch.pk}/actions", {"action": "place",
                                                                         "proposal": proposal["id"]})
        assert placed_.status_code == 200 and placed_.json()["state"] == "placed"
    assert Placement.objects.filter(batch=batch).count() == 4


def test_batches_are_the_district_s_alone(district):
    batch = batch_with_everyone(district)
    for user in (district.world.staff_a, district.world.street_officer, district.desk_civil):
        assert api(user).get("/api/v1/cadres/batches").status_code == 404
        assert post(api(user), f"/api/v1/cadres/batches/{batch.pk}/proposals", {}).status_code == 404


def test_a_report_goes_up_and_is_answered_by_api(district):
    placed(district)
    placement = Placement.objects.get(cadre=district.cadres["李浩然"])
    cadre = api(district.cadre_users["李浩然"])
    with clock.at(DURING):
        filed = post(cadre, f"/api/v1/cadres/placements/{placement.pk}/reports",
                     {"kind": "facts", "title": "积案情况", "body": "共11件。"})
        assert filed.status_code == 201, filed.content
        report = filed.json()
        assert post(api(district.desk_civil), f"/api/v1/cadres/reports/{report['id']}/answer",
                    {"answer": "x"}).status_code == 404  # another agency's desk does not see it
        answered = post(api(district.desk_petitions), f"/api/v1/cadres/reports/{report['id']}/answer",
                        {"answer": "已阅，请继续跟进。"})
        assert answered.status_code == 200 and answered.json()["answered_at"]
        again = post(api(district.desk_petitions), f"/api/v1/cadres/reports/{report['id']}/answer", {"answer": "y"})
        assert again.status_code == 409
        bad = post(cadre, f"/api/v1/cadres/placements/{placement.pk}/reports", {"kind": "gossip", "title": "t",
                                                                                 "body": "b"})
        assert bad.status_code == 422 and bad.json()["code"] == "invalid"
        logged = post(cadre, f"/api/v1/cadres/placements/{placement.pk}/log",
                      {"on": str(STARTS), "kind": "dispute", "text": "调解邻里纠纷", "people": 2})
        assert logged.status_code == 201, logged.content
    assert [r["title"] for r in api(district.world.staff_b).get("/api/v1/cadres/reports").json()] == ["积案情况"]
    assert api(district.world.staff_a).get("/api/v1/cadres/reports").json() == []


def test_a_whistle_by_api(district):
    placed(district)
    staff = api(district.world.staff_a)
    with clock.at(DURING):
        made = post(staff, "/api/v1/cadres/whistles", {
            "community": district.world.a.pk, "kind": "emergency", "problem": "外墙脱落",
            "agencies": [district.civil.pk, district.petitions.pk]})
        assert made.status_code == 201, made.content
        whistle = made.json()
        assert dt.datetime.fromisoformat(whistle["report_by"]) - dt.datetime.fromisoformat(whistle["raised_at"]) \
            == dt.timedelta(minutes=30)
        early = post(staff, f"/api/v1/cadres/whistles/{whistle['id']}/actions", {"action": "close", "outcome": "好"})
        assert early.status_code == 409
        desks = {"区民政局": district.desk_civil, "区信访局": district.desk_petitions}
        for call in whistle["calls"]:
            desk = desks[call["agency"]]
            reported = post(api(desk), f"/api/v1/cadres/whistle-calls/{call['id']}/report",
                            {"attendees": "科长", "action": "到场处置"})
            assert reported.status_code == 200, reported.content
        assert post(api(district.desk_civil), f"/api/v1/cadres/whistles/{whistle['id']}/actions",
                    {"action": "close", "outcome": "好"}).status_code in (403, 404)
        closed = post(staff, f"/api/v1/cadres/whistles/{whistle['id']}/actions",
                      {"action": "close", "outcome": "已排险"})
        assert closed.status_code == 200 and closed.json()["state"] == "closed"
        assert all(call["on_time"] for call in closed.json()["calls"])
    assert api(district.world.staff_b).get("/api/v1/cadres/whistles").json() == []
