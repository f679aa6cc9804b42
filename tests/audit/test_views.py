"""The audit log's page and API: district administrators search, bad filters read as messages, others see 404."""

import pytest
from django.utils import translation

from sanji.audit.models import AuditEntry
from sanji.audit.services import disclosure_record
from sanji.core.models import ApiToken, PriorityGroup, Resident

from ..factories import fresh


@pytest.fixture(autouse=True)
def _english():
    """Match the page's words by their English source text."""
    with translation.override("en"):
        yield


def _get(client, user, url, **headers):
    client.force_login(user)
    return client.get(url, HTTP_ACCEPT_LANGUAGE="en", **headers)


def test_the_page_lists_changes_newest_first_with_who_and_what(world, client):
    response = _get(client, world.district_admin, "/audit/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Audit log" in page and 'aria-current="page"' in page
    assert "林志强" in page and "changed (personal data, not shown)" in page
    assert "13906428815" not in page
    assert f"仰口路社区 (#{world.a.pk})" in page  # a link shows the name of the row it points to
    assert page.index("outsider") < page.index("resident-a")  # the later login first


def test_filters_narrow_the_page(world, client):
    resident = Resident.objects.get(user=world.resident_b)
    page = _get(client, world.district_admin, f"/audit/?model=core.resident&object_id={resident.pk}").content.decode()
    assert "王秀英" in page and "林志强" not in page
    assert "1 entry" in page


def test_a_bad_date_reads_as_a_message_not_an_error_page(world, client):
    response = _get(client, world.district_admin, "/audit/?since=2026-13-45")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'role="alert"' in page and "Enter a date as YYYY-MM-DD." in page
    assert "Nothing found." in page


def test_fifty_entries_a_page(world, client):
    for i in range(60):
        PriorityGroup.objects.create(code=f"g{i}", name=f"组{i}")
    total = AuditEntry.objects.filter(model="core.prioritygroup").count()  # the world's own groups may add some
    assert 60 <= total <= 100
    first = _get(client, world.district_admin, "/audit/?model=core.prioritygroup").content.decode()
    assert first.count("<tr><td>") == 50 and "Page 1 of 2" in first
    second = _get(client, world.district_admin, "/audit/?model=core.prioritygroup&page=2").content.decode()
    assert second.count("<tr><td>") == total - 50


def test_the_disclosures_tab(world, client):
    resident = Resident.objects.get(user=world.resident_a)
    disclosure_record(actor=world.staff_a, subject=resident, fields=["phone"], purpose="staff_review",
                      purpose_ref="wish:5")
    page = _get(client, world.district_admin, "/audit/disclosures/").content.decode()
    assert "staff_review" in page and "wish:5" in page and "staff-a" in page
    assert "13906428815" not in page


@pytest.mark.parametrize("who", ["street_officer", "staff_a", "resident_a"])
def test_others_get_not_found(world, client, who):
    assert _get(client, getattr(world, who), "/audit/").status_code == 404
    assert _get(client, getattr(world, who), "/audit/disclosures/").status_code == 404


def test_a_visitor_is_sent_to_log_in(world, client):
    response = client.get("/audit/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_menu_shows_the_log_only_to_those_who_may_search(world, client):
    assert 'href="/audit/"' in _get(client, world.district_admin, "/").content.decode()
    assert 'href="/audit/"' not in _get(client, world.street_officer, "/").content.decode()


def _bearer(user) -> dict:
    raw = ApiToken.new_raw()
    ApiToken.objects.create(user=user, digest=ApiToken.digest_of(raw))
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_the_api_searches_like_the_page(world, client):
    resident = Resident.objects.get(user=world.resident_a)
    body = client.get(f"/api/v1/audit?model=core.resident&object_id={resident.pk}",
                      **_bearer(world.district_admin)).json()
    assert body["count"] == 1 and body["items"][0]["changes"]["phone"] == "changed"
    assert client.get("/api/v1/audit", **_bearer(world.street_officer)).status_code == 404
    refused = client.get("/api/v1/audit?until=soon", **_bearer(world.district_admin))
    assert refused.status_code == 422 and refused.json()["extra"]["field"] == "until"
    disclosure_record(actor=fresh(world.staff_a), subject=resident, fields=["phone", "address"],
                      purpose="staff_review")
    shown = client.get("/api/v1/audit/disclosures", **_bearer(world.district_admin)).json()
    assert shown["count"] == 1 and shown["items"][0]["fields"] == ["address", "phone"]
