"""The figures, driven through the real pages in headless Chromium on the demo district's year of history.

The district leader opens the figures from the menu, sees the three rates and their trend drawn by ECharts,
drills down through 湛山街道 to 仰口路社区, filters by a category, downloads a table as a workbook and the
monthly report as PDF.
"""

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from sanji.core.models import Area
from sanji.demo.builder import build_demo
from sanji.insights.period import parse_period
from sanji.insights.selectors.wishes import Slice, wish_figures

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_district_leader_reads_drills_down_exports_and_prints(open_as, shot):
    build_demo(parts=("history",))
    district = Area.objects.get(code="370202")
    expected = wish_figures(Slice(district, parse_period()))

    page = open_as("demo-district")
    page.locator("header nav a[href='/insights/']").click()
    page.wait_for_url("**/insights/")
    tiles = page.locator(".tiles.rates .tile")
    expect(tiles).to_have_count(3)
    for tile, rate in zip(tiles.all(), [expected.total.response, expected.total.resolution,
                                        expected.total.satisfaction], strict=True):
        expect(tile.locator("strong")).to_have_text(f"{rate.percent()} %")
        expect(tile.locator(".meta")).to_contain_text(str(rate.numerator))
        expect(tile.locator(".meta")).to_contain_text(str(rate.denominator))
    expect(page.locator(".chart[data-drawn] svg")).to_have_count(4)  # trend, areas, categories, groups
    expect(page.locator("#table-months tbody tr")).to_have_count(12)
    shot(page, "insights-district")

    with page.expect_download() as sheet:
        page.locator("a[href*='export=months']").click()
    book = load_workbook(io.BytesIO(open(sheet.value.path(), "rb").read()))
    rows = list(book.active.iter_rows(values_only=True))
    assert len(rows) == 2 + 12  # the heading, the column names, one row a month
    months = {row[0]: row for row in rows[2:]}
    last = max(expected.by_month)
    assert months[last.strftime("%Y-%m")][2] == expected.by_month[last].response.numerator

    page.locator("#table-areas a", has_text="湛山街道").click()
    page.wait_for_url("**area=370202001000**")
    expect(page.locator("h1")).to_contain_text("湛山街道")
    page.locator("#table-areas a", has_text="仰口路社区").click()
    page.wait_for_url("**area=370202001001**")
    expect(page.locator("h1")).to_contain_text("仰口路社区")
    expect(page.locator(".trail a", has_text="市南区")).to_have_count(1)
    page.select_option("#f-category", "life")
    with page.expect_navigation():
        page.locator("form.filters button").click()
    expect(page.locator(".lead")).to_contain_text("生活服务")
    shot(page, "insights-community")

    with page.expect_download() as report:
        page.locator("a[href^='/insights/report/']").click()
    assert open(report.value.path(), "rb").read(5) == b"%PDF-"
