"""The dashboard page and its sheets: rates with their numbers, drill-down links, scope, exports, errors, privacy.

The town and its wishes W1 to W10 are those of ``test_wishes`` (read its docstring for the worked figures); pages
are asked for in English at noon on 20 March 2026 (``NOW``, Shanghai time) over January to March.
"""

import html
import io
import re
from decimal import Decimal
from urllib.parse import parse_qs

import pytest
from django.test import Client
from openpyxl import load_workbook

from sanji.core import clock

from ..factories import fresh
from .test_wishes import NOW, build_history, coded_town

pytestmark = pytest.mark.django_db
Q1 = {"from": "2026-01", "to": "2026-03"}
PEOPLE = ["林志强", "王秀英", "赵桂兰", "钱玉梅", "13906428815", "13588880000", "13700001111", "仰口路17号",
          "湛山一路3号"]


@pytest.fixture
def town(world):
    return build_history(coded_town(world))


def get(user, path="/insights/", **params):
    client = Client()
    client.force_login(fresh(user))
    with clock.at(NOW):
        return client.get(path, params, headers={"Accept-Language": "en"})


def page(user, **params) -> str:
    response = get(user, **params)
    assert response.status_code == 200, response.content[:500]
    return response.content.decode()


def table_rows(text: str, key: str) -> list[list[str]]:
    """Return the body rows of the page's table ``key`` as the text of their cells."""
    table = re.search(rf'<table[^>]*id="table-{key}".*?<tbody>(.*?)</tbody>', text, re.S).group(1)
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", table, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        rows.append([html.unescape(re.sub(r"<[^>]+>|\s+", "", c)) for c in cells])
    return rows


def sheet(user, key, **params) -> list[list]:
    response = get(user, export=key, **params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    book = load_workbook(io.BytesIO(response.content))
    return [list(row) for row in book.active.iter_rows(values_only=True)]


def as_page(row: list) -> list[str]:
    """Return a sheet row (a rate in three columns after the first) as the page writes it ("80.0%4/5")."""
    rates = [f"{Decimal(p).quantize(Decimal('0.1'))}%{n}/{d}" if d else "—"
             for p, n, d in zip(row[1:10:3], row[2:10:3], row[3:10:3], strict=True)]
    return [row[0], *rates, *("—" if v is None else str(v) for v in row[10:])]


def test_the_page_shows_the_three_rates_with_numerator_and_denominator(town):
    text = page(town.w.district_admin, area="370202", **Q1)
    tiles = re.findall(r'<div class="tile"><span>([^<]+)</span><strong>([^<]+)</strong>\s*'
                       r'<span class="meta">([^<]+)</span>', text)
    assert tiles[:3] == [("Response rate", "71.4 %", "5 of 7"), ("Resolution rate", "80.0 %", "4 of 5"),
                         ("Satisfaction rate", "66.7 %", "2 of 3")]
    assert "Figures of 市南区" in text and "2026-01 – 2026-03" in text
    months = table_rows(text, "months")
    assert [r[0] for r in months] == ["2026-01", "2026-02", "2026-03"]
    assert months[1][1:] == ["80.0%4/5", "75.0%3/4", "66.7%2/3", "5", "4", "1"]
    assert months[2][1:4] == ["100.0%1/1", "—", "—"]  # nothing promised or rated in March yet


def test_drill_down_links_lead_to_the_child_areas_and_keep_the_filters(town):
    text = page(town.w.district_admin, area="370202", category="life", group="elderly", **Q1)
    table = re.search(r'id="table-areas".*?</table>', text, re.S).group(0)
    links = [parse_qs(html.unescape(h)) for h in re.findall(r'href="\?([^"]+)"', table)]
    keep = {"from": ["2026-01"], "to": ["2026-03"], "category": ["life"], "group": ["elderly"]}
    assert links == [{"area": ["370202001000"], **keep}, {"area": ["370202002000"], **keep}]
    assert [r[0] for r in table_rows(text, "areas")] == ["湛山街道", "八大关街道"]
    street = page(town.w.district_admin, **{k: v[0] for k, v in links[0].items()})
    assert "Figures of 湛山街道" in street
    assert '<option value="life" selected>' in street and '<option value="elderly" selected>' in street
    assert [r[0] for r in table_rows(street, "areas")] == ["仰口路社区", "湛山一路社区"]
    trail = re.search(r'<nav aria-label="Areas".*?</nav>', street, re.S).group(0)
    assert "市南区" in trail and "area=370202&amp;" in trail  # the way back up keeps the filters too


def test_a_street_officer_sees_the_street_and_not_the_district(town):
    officer = town.w.street_officer
    text = page(officer, **Q1)
    assert "Figures of 湛山街道" in text and "Figures of 市南区" not in text
    assert "Response rate" in text and "4 of 6" in text  # W1, W2, W4, W9 of six claim deadlines in S1
    assert get(officer, area="370202", **Q1).status_code == 404
    assert get(officer, area="370202002000", **Q1).status_code == 404
    assert get(officer, area="370202002000", export="months", **Q1).status_code == 404
    assert "Figures of 仰口路社区" in page(officer, area="370202001001", **Q1)
    assert get(town.w.staff_a, area="370202001000").status_code == 404
    assert get(town.w.resident_a).status_code == 404


def test_the_months_sheet_has_the_pages_numbers(town):
    rows = sheet(town.w.district_admin, "months", area="370202", **Q1)
    assert rows[0][0] == "市南区 · 2026-01 – 2026-03"
    assert rows[1][:4] == ["Month", "Response rate (%)", "Response rate: numerator", "Response rate: denominator"]
    assert rows[1][10:] == ["Wishes made", "Wishes fulfilled", "Escalations"]
    assert rows[3] == ["2026-02", 80, 4, 5, 75, 3, 4, 66.67, 2, 3, 5, 4, 1]
    assert rows[4][4:7] == [None, 0, 0]  # March: nothing promised yet, so no per cent
    text = page(town.w.district_admin, area="370202", **Q1)
    assert [as_page(r) for r in rows[2:]] == [[c.replace(" ", "") for c in r] for r in table_rows(text, "months")]


def test_the_areas_sheet_has_the_pages_numbers(town):
    rows = sheet(town.w.district_admin, "areas", area="370202", **Q1)
    assert rows[1][10:] == ["Wishes made", "Wishes fulfilled", "Median days", "Open now", "Overdue now"]
    # 湛山街道: claims 4 of 6, promises 3 of 4, ratings 1 of 2; W1-W9 made; medians of 4, 5, 14, 17 days; open
    # W2, W4, W8, W9, of which W2 and W4 are past their follow-up.
    assert rows[2] == ["湛山街道", 66.67, 4, 6, 75, 3, 4, 50, 1, 2, 9, 4, 9.5, 4, 2]
    assert rows[3] == ["八大关街道", 100, 1, 1, 100, 1, 1, 100, 1, 1, 1, 1, 7, 0, 0]
    text = page(town.w.district_admin, area="370202", **Q1)
    assert [as_page(r) for r in rows[2:]] == [[c.replace(" ", "") for c in r] for r in table_rows(text, "areas")]


@pytest.mark.parametrize("months", [{"from": "2026-02", "to": "2026-02"}, Q1, {}])
def test_a_sheet_downloads_as_an_attachment_named_for_its_table(town, months):
    # Several months make a label with an en dash ("2026-01 – 2026-03"): the header must stay a plain attachment
    # (an ASCII name, or RFC 6266 ``filename*``), not one RFC 2047 encoded-word that browsers do not read.
    disposition = get(town.w.district_admin, export="months", area="370202", **months)["Content-Disposition"]
    assert disposition.startswith("attachment;") and "sanji-months-370202-" in disposition
    assert disposition.isascii() and "=?utf-8?" not in disposition


def test_an_unknown_sheet_is_404(town):
    assert get(town.w.district_admin, export="people", **Q1).status_code == 404
    assert get(town.w.district_admin, export="", **Q1).status_code == 200


@pytest.mark.parametrize("path", ["/insights/", "/insights/report/"])
@pytest.mark.parametrize("params, message", [
    ({"from": "2026-13"}, "Enter the month as YYYY-MM, for example 2026-03."),
    ({"from": "2026-03", "to": "2026-1"}, "Enter the month as YYYY-MM, for example 2026-03."),
    ({"from": "2026-03", "to": "2026-01"}, "The first month comes after the last month."),
    ({"category": "cooking"}, "There is no such category."),
])
def test_a_bad_request_is_the_page_with_the_error(town, path, params, message):
    response = get(town.w.district_admin, path, **params)
    assert response.status_code == 422
    assert response["Content-Type"].startswith("text/html")
    text = response.content.decode()
    assert f'<p class="error big" role="alert">{message}</p>' in text
    assert "Traceback" not in text and 'id="table-' not in text
    assert f'value="{params.get("from", "")}"' in text  # what was typed is kept


def test_the_page_and_the_overdue_sheet_name_wishes_not_people(town):
    text = page(town.w.district_admin, area="370202", **Q1)
    overdue = table_rows(text, "overdue")
    assert [r[0] for r in overdue] == [f"#{town.w2.pk}", f"#{town.w4.pk}"]  # both past their follow-up
    assert overdue[0][1:4] == ["仰口路社区", "就医陪护", "Fulfilled"]
    assert not [p for p in PEOPLE if p in text]
    rows = sheet(town.w.district_admin, "overdue", area="370202", **Q1)
    assert [r[0] for r in rows[2:]] == [f"#{town.w2.pk}", f"#{town.w4.pk}"]
    assert not [p for p in PEOPLE if p in repr(rows)]
