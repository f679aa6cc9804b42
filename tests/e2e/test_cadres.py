"""Young cadres down to the grassroots, driven through the real pages in headless Chromium on the demo district.

The district opens next batch's stable proposal, swaps two cadres and sees the cost, then places them; the cadre
placed in 仰口路社区 files a sentinel report from a phone and his agency answers it; the community's secretary blows
a whistle naming two agencies, both report, and she confirms and closes it.
"""

import pytest
from playwright.sync_api import expect

from sanji.cadres.models import Adjustment, Batch, BatchState, FieldReport, Placement, Whistle, WhistleState
from sanji.demo.builder import build_demo

from .conftest import PHONE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_batch_report_and_whistle(open_as, shot):
    build_demo(parts=("cadres",))
    batch = Batch.objects.get(state=BatchState.OPEN)

    district = open_as("demo-district")
    district.goto(batch.get_absolute_url())
    expect(district.locator("#lines tbody tr")).to_have_count(batch.entries.count())
    shot(district, "cadres-proposal")
    swap = district.locator("#lines select[name=target] option[value^='swap:']").first
    select = swap.locator("xpath=..")
    select.select_option(swap.get_attribute("value"))
    form = select.locator("xpath=ancestor::form")
    form.locator("input[name=reason]").fill("照顾通勤")
    with district.expect_navigation():
        form.locator("button").click()
    expect(district.locator("#adjustments li")).to_have_count(1)
    assert Adjustment.objects.filter(proposal__batch=batch).count() == 1
    with district.expect_navigation():
        district.locator("form[action$='/place/'] button").click()
    batch.refresh_from_db()
    assert batch.state == BatchState.PLACED
    expect(district.locator("#placements tbody tr")).to_have_count(Placement.objects.filter(batch=batch).count())

    placement = Placement.objects.get(cadre__user__username="demo-cadre", batch__state=BatchState.PLACED)
    phone = open_as("demo-cadre", viewport=PHONE)
    phone.goto(placement.get_absolute_url())
    phone.locator("input[name=kind][value=facts]").check()
    phone.fill("#rt", "楼道堆物消防隐患")
    phone.fill("#rb", "仰口路19号楼道堆放杂物较多，老人通行困难，存在消防隐患。")
    with phone.expect_navigation():
        phone.locator("#report-form button").click()
    report = FieldReport.objects.get(title="楼道堆物消防隐患")
    shot(phone, "cadres-placement-phone")

    desk = open_as("demo-agency")
    desk.goto("/cadres/reports/")
    expect(desk.locator("#inbox")).to_contain_text("楼道堆物消防隐患")
    shot(desk, "cadres-inbox")
    desk.goto(f"/cadres/reports/{report.pk}/")
    desk.fill("#answer-text", "已转区消防救援大队，请社区配合清理。")
    with desk.expect_navigation():
        desk.locator("form button.primary").click()
    report.refresh_from_db()
    assert report.answered_at is not None

    staff = open_as("demo-staff")
    staff.goto("/cadres/whistles/")
    staff.locator("input[name=kind][value=emergency]").check()
    staff.fill("#wp", "19号楼外墙瓷砖脱落")
    staff.select_option("#wa", label=["区城市管理局", "区信访局"])
    with staff.expect_navigation():
        staff.locator("#whistle-form button").click()
    whistle = Whistle.objects.get(problem="19号楼外墙瓷砖脱落")
    assert (whistle.report_by - whistle.raised_at).total_seconds() == 30 * 60
    for username in ("demo-agency", "demo-agency2"):
        agency = open_as(username)
        agency.goto(whistle.get_absolute_url())
        agency.locator("input[name=attendees]").fill("值班负责人")
        agency.locator("textarea[name=action]").fill("现场拉设警戒线，安排排险。")
        with agency.expect_navigation():
            agency.locator("form[action$='/report/'] button").click()
    staff.goto(whistle.get_absolute_url())
    expect(staff.locator("#calls tbody tr")).to_have_count(2)
    assert all(call.on_time for call in whistle.calls.all())
    staff.fill("#oc", "瓷砖已清除，外墙已加固。")
    with staff.expect_navigation():
        staff.locator("form[action$='/close/'] button").click()
    whistle.refresh_from_db()
    assert whistle.state == WhistleState.CLOSED
    shot(staff, "cadres-whistle-closed")
