"""The property endpoints: scoped like the pages, refusals in the one error shape, the whole vote by API."""

import json

import pytest
from django.test import Client, RequestFactory

from sanji.core import clock
from sanji.core.services import token_issue

from .helpers import DAY, T0, announced, yard

pytestmark = pytest.mark.django_db


def api(user):
    c = Client(HTTP_HOST="127.0.0.1")
    c.force_login(user)
    return c


def post(c, url, body):
    return c.post(url, json.dumps(body), content_type="application/json")


def test_compounds_are_scoped_and_missing_reads_as_forbidden(world):
    mine, theirs = yard(world.a), yard(world.b, name="湛山一路9号院")
    listed = api(world.staff_a).get("/api/v1/property/compounds").json()
    assert [c["id"] for c in listed] == [mine.compound.pk]
    detail = api(world.staff_a).get(f"/api/v1/property/compounds/{mine.compound.pk}").json()
    assert detail["units"] == 7 and detail["total_area"] == "632.00" and detail["owners"] == 5
    assert api(world.staff_a).get(f"/api/v1/property/compounds/{theirs.compound.pk}").json()["code"] == "not_found"
    assert api(world.resident_a).get("/api/v1/property/compounds").status_code == 404


def test_a_consultation_and_its_visits_by_api(world):
    place = yard(world.a)
    c = api(world.staff_a)
    with clock.at(T0):
        made = post(c, f"/api/v1/property/compounds/{place.compound.pk}/consultations", {"question": "加装电梯？"})
        assert made.status_code == 201
        cid = made.json()["id"]
        unit = place.units[("1号楼", "101")].pk
        first = post(c, f"/api/v1/property/consultations/{cid}/visits",
                     {"unit": unit, "opinion": "agree", "client_key": "phone-1-0001"})
        again = post(c, f"/api/v1/property/consultations/{cid}/visits",
                     {"unit": unit, "opinion": "agree", "client_key": "phone-1-0001"})
        assert first.status_code == again.status_code == 201 and first.json()["id"] == again.json()["id"]
        bad = post(c, f"/api/v1/property/consultations/{cid}/visits", {"unit": unit, "opinion": "maybe"})
        assert bad.status_code == 422 and bad.json()["code"] == "invalid"
    state = c.get(f"/api/v1/property/consultations/{cid}").json()
    assert (state["households"], state["reached"], state["split"]["agree"]) == (7, 1, 1)


def test_a_vote_by_api_from_ballot_to_count(world):
    place = yard(world.a)
    vote = announced(world.staff_a, place.compound)
    c = api(world.staff_a)
    owners = place.owners
    with clock.at(vote.opens_at + DAY):
        for name, choice in [("王秀英", "yes"), ("李建国", "yes"), ("张桂兰", "no"), ("赵志刚", "yes")]:
            assert post(c, f"/api/v1/property/votes/{vote.pk}/ballots",
                        {"owner": owners[name].pk, "choice": choice}).status_code == 201
        twice = post(c, f"/api/v1/property/votes/{vote.pk}/ballots", {"owner": owners["王秀英"].pk, "choice": "no"})
        assert twice.status_code == 409
        early = post(c, f"/api/v1/property/votes/{vote.pk}/transitions", {"action": "count"})
        assert early.status_code == 409 and early.json()["code"] == "illegal_transition"
    with clock.at(vote.closes_at):
        counted = post(c, f"/api/v1/property/votes/{vote.pk}/transitions", {"action": "count"}).json()
    result = counted["result"]
    # 5 owners (the developer's two units count once), 632.00 m²; 4 took part holding 432.00 m².
    assert (result["total_owners"], result["total_area"]) == (5, "632.00")
    assert (result["participating_owners"], result["participating_area"]) == (4, "432.00")
    assert (result["yes_owners"], result["yes_area"]) == (3, "356.50")
    assert result["quorum_met"] is True and result["passed"] is True
    assert [check["met"] for check in counted["checks"]] == [True, True, True, True]
    with clock.at(vote.closes_at + DAY):
        late = post(c, f"/api/v1/property/votes/{vote.pk}/ballots", {"owner": owners["陈静"].pk if "陈静" in owners
                                                                     else owners["海信地产"].pk, "choice": "yes"})
    assert late.status_code == 409


def test_a_token_client_reads_a_reelection(world):
    from .helpers import committee

    place = yard(world.a)
    with clock.at(T0):
        committee(world.staff_a, place)
        c = api(world.staff_a)
        from sanji.property.services.reelections import reelection_start

        reelection = reelection_start(actor=world.staff_a, compound_id=place.compound.pk, term_years=5)
    skipped = post(c, f"/api/v1/property/reelections/{reelection.pk}/transitions", {"action": "file"})
    assert skipped.status_code == 409
    world.staff_a.set_password("pw-for-tests")
    world.staff_a.save()
    token = token_issue(request=RequestFactory().post("/api/v1/auth/token"), username=world.staff_a.username,
                        password="pw-for-tests")
    bearer = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {token}")
    got = bearer.get(f"/api/v1/property/reelections/{reelection.pk}").json()
    assert got["step"] == "preparing" and got["deadlines"][0]["key"] == "start"
