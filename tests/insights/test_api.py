"""``GET /api/v1/metrics``: who may ask for which area, the default area and months, errors, and the rates' JSON.

The town and its wishes W1 to W10 are those of ``test_wishes`` (read its docstring for the worked figures); the
calls are made at noon on 20 March 2026 (``NOW``, Shanghai time) unless a test says otherwise.
"""

import datetime as dt
import re

import pytest
from django.test import Client

from sanji.core import clock
from sanji.core.models import Role
from sanji.insights.period import Period
from sanji.insights.selectors.wishes import Slice, wish_figures
from sanji.insights.slices import parse_category

from ..factories import fresh, staff
from ..wishes.test_rollups import SH
from .test_wishes import JAN, MAR, NOW, build_history, coded_town

pytestmark = pytest.mark.django_db
Q1 = {"from": "2026-01", "to": "2026-03"}
RATES = ("response_rate", "resolution_rate", "satisfaction_rate")


def metrics(user=None, at=NOW, **params):
    client = Client()
    if user is not None:
        client.force_login(fresh(user))
    with clock.at(at):
        return client.get("/api/v1/metrics", params)


def invalid_field(response) -> str:
    assert response.status_code == 422, response.content
    body = response.json()
    assert set(body) == {"code", "message", "extra"} and body["code"] == "invalid" and body["message"]
    return body["extra"]["field"]


@pytest.fixture
def town(world):
    return coded_town(world)


@pytest.fixture
def history(town):
    return build_history(town)


def test_by_default_the_widest_area_of_the_callers_review_grants_and_the_last_twelve_months(town):
    w = town.w
    body = metrics(w.district_admin).json()
    assert body["area"] == {"code": "370202", "id": w.district.pk, "name": "市南区", "level": "district"}
    assert (body["from"], body["to"]) == ("2025-04", "2026-03")
    assert [m["month"] for m in body["by_month"]][::11] == ["2025-04", "2026-03"] and len(body["by_month"]) == 12
    both = staff(town.a, username="both")  # a community's staff who is also an officer of the other street
    staff(town.s2, Role.STREET_OFFICER, username="both")
    staff(w.district, Role.GRID_WORKER, username="both")  # not a review grant
    assert metrics(both).json()["area"]["code"] == "370202002000"
    assert metrics(both, area="370202001001").json()["area"]["code"] == "370202001001"
    assert metrics(w.street_officer).json()["area"]["code"] == "370202001000"


def test_the_default_months_end_in_this_local_month(town):
    new_year = dt.datetime(2026, 1, 1, 0, 30, tzinfo=SH)  # still 31 December 2025 in UTC
    body = metrics(town.w.district_admin, at=new_year).json()
    assert (body["from"], body["to"]) == ("2025-02", "2026-01")
    assert metrics(town.w.district_admin, **{"from": "2025-12"}).json()["to"] == "2026-03"
    assert metrics(town.w.district_admin, to="2025-06").json()["from"] == "2024-07"


def test_an_area_by_its_division_code_or_its_number(town):
    body = metrics(town.w.district_admin, area="370202001000").json()
    assert body["area"]["name"] == "湛山街道"
    assert [a["code"] for a in body["by_area"]] == ["370202001001", "370202001002"]
    community = metrics(town.w.district_admin, area=str(town.a.pk)).json()
    assert community["area"]["code"] == "370202001001"
    assert [a["code"] for a in community["by_area"]] == ["370202001001"]


@pytest.mark.parametrize("who, code", [
    ("staff_a", "370202001000"),  # a community's staff asks for its street
    ("staff_a", "370202001002"),  # or for the neighbouring community
    ("street_officer", "370202"),
    ("street_officer", "370202002001"),  # a community of the other street
    ("district_admin", "370202999999"),  # no such area
    ("district_admin", "999999"),
])
def test_an_area_out_of_scope_reads_as_one_that_does_not_exist(town, who, code):
    response = metrics(getattr(town.w, who), area=code)
    assert response.status_code == 404
    body = response.json()
    assert body["code"] == "not_found" and body["extra"] == {} and body["message"]
    assert body == metrics(town.w.district_admin, area="370202999999").json()


@pytest.mark.parametrize("who", ["resident_a", "member_a", "unit_a", "outsider"])
def test_someone_without_a_review_grant_gets_404(town, who):
    response = metrics(getattr(town.w, who), area="370202001001")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert metrics(getattr(town.w, who)).status_code == 404


def test_without_a_login_401(town):
    response = metrics(None, area="370202")
    assert response.status_code == 401 and response.json()["code"] == "not_authenticated"
    forged = Client().get("/api/v1/metrics", headers={"Authorization": "Bearer forged"})
    assert forged.status_code == 401


@pytest.mark.parametrize("params, field", [
    ({"from": "2026-13"}, "from"),
    ({"from": "2026-1"}, "from"),
    ({"from": "March"}, "from"),
    ({"to": "2026-00"}, "to"),
    ({"to": "2026-03-01"}, "to"),
    ({"from": "2026-03", "to": "2026-01"}, "from"),  # reversed
    ({"from": "2016-03", "to": "2026-03"}, "from"),  # 121 months
    ({"category": "cooking"}, "category"),
    ({"group": "students"}, "group"),
    ({"to": "9999-12"}, "to"),  # a year past the calendar's reach, refused before any month arithmetic
    ({"from": "9999-12"}, "from"),
    ({"area": "370202\x00"}, "area"),  # PostgreSQL cannot store NUL: refused before any query
    ({"category": "life\x00"}, "category"),
    ({"area": "3" * 100}, "area"),
])
def test_bad_input_is_422_naming_the_field(town, params, field):
    assert invalid_field(metrics(town.w.district_admin, **params)) == field


def test_ten_years_is_the_longest_period(town):
    body = metrics(town.w.district_admin, **{"from": "2016-04", "to": "2026-03"}).json()
    assert len(body["by_month"]) == 120


def test_the_three_rates_are_worked_figures_with_their_numerator_and_denominator(history):
    body = metrics(history.w.district_admin, area="370202", **Q1).json()
    assert body["response_rate"] == {"rate": "0.7143", "numerator": 5, "denominator": 7}  # 5/7 rounded half up
    assert body["resolution_rate"] == {"rate": "0.8000", "numerator": 4, "denominator": 5}
    assert body["satisfaction_rate"] == {"rate": "0.6667", "numerator": 2, "denominator": 3}
    assert (body["submitted"], body["fulfilled"], body["rejected"], body["withdrawn"], body["escalated"]) == (
        10, 5, 1, 2, 1)
    assert body["median_days_to_fulfil"] == "7"
    assert [(a["code"], a["median_days_to_fulfil"]) for a in body["by_area"]] == [
        ("370202001000", "9.5"), ("370202002000", "7")]
    assert (body["open"], body["overdue"]) == (4, 2)  # W2, W4, W8, W9; W2 and W4 wait for their follow-up


def test_the_json_agrees_with_wish_figures_cell_by_cell(history):
    figures = wish_figures(Slice(history.w.district, Period(JAN, MAR)), now=NOW)
    body = metrics(history.w.district_admin, area="370202", **Q1).json()
    for key, rate in zip(RATES, (figures.total.response, figures.total.resolution, figures.total.satisfaction),
                         strict=True):
        assert body[key] == rate.as_json()
    for row in body["by_month"]:
        cell = figures.by_month[dt.date.fromisoformat(row["month"] + "-01")]
        assert [row[k] for k in RATES] == [cell.response.as_json(), cell.resolution.as_json(),
                                           cell.satisfaction.as_json()]
        assert row["submitted"] == cell["submitted"]
    for row in body["by_area"]:
        assert row["response_rate"] == figures.by_child[row["id"]].response.as_json()
    elderly = next(g for g in body["by_group"] if g["code"] == "elderly")
    assert (elderly["submitted"], elderly["response_rate"]["numerator"], elderly["response_rate"]["denominator"]) == (
        2, 1, 2)


def test_a_category_and_a_group_narrow_every_figure(history):
    body = metrics(history.w.district_admin, area="370202", category="life", **Q1).json()
    life, _choice = parse_category("life")
    figures = wish_figures(Slice(history.w.district, Period(JAN, MAR), life), now=NOW)
    assert body["category"] == "life" and body["submitted"] == 4
    assert body["response_rate"] == figures.total.response.as_json() == {"rate": "1.0000", "numerator": 4,
                                                                            "denominator": 4}
    counted = {c["code"]: c["submitted"] for c in body["by_category"] if c["submitted"]}
    assert counted == {"elder_disability_aid": 1, "home_repair": 2, "medical_escort": 1}
    grouped = metrics(history.w.district_admin, area="370202", group="elderly", **Q1).json()
    assert grouped["group"] == "elderly" and grouped["submitted"] == 2
    assert grouped["resolution_rate"] == {"rate": "1.0000", "numerator": 2, "denominator": 2}


def test_a_rate_is_a_four_place_decimal_string_or_null_when_nothing_was_due(history):
    body = metrics(history.w.district_admin, area="370202", **Q1).json()
    march = next(m for m in body["by_month"] if m["month"] == "2026-03")
    assert march["resolution_rate"] == {"rate": None, "numerator": 0, "denominator": 0}
    assert march["response_rate"] == {"rate": "1.0000", "numerator": 1, "denominator": 1}
    empty = metrics(history.w.district_admin, area="370202", **{"from": "2025-12", "to": "2025-12"}).json()
    assert [empty[k] for k in RATES] == [{"rate": None, "numerator": 0, "denominator": 0}] * 3
    assert empty["median_days_to_fulfil"] is None
    rates = [body[k] for k in RATES] + [m[k] for m in body["by_month"] for k in RATES]
    assert all(r["rate"] is None or re.fullmatch(r"[01]\.\d{4}", r["rate"]) for r in rates)
    assert all(r["rate"] is not None or r["denominator"] == 0 for r in rates)


def test_a_member_of_staff_gets_the_same_figures_for_the_same_area(history):
    as_admin = metrics(history.w.district_admin, area="370202001001", **Q1).json()
    as_staff = metrics(history.w.staff_a, **Q1).json()  # the community is staff A's only area
    assert {k: as_staff[k] for k in RATES} == {k: as_admin[k] for k in RATES}
    assert as_staff["area"]["code"] == "370202001001"
