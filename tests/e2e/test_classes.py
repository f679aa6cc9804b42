"""Wish classes and class projects, driven through the real pages in headless Chromium.

The district administrator opens this month's classes, opens the stairwell-handrail class, promotes it to a project
led by an agency party organisation, marks a milestone done and closes the project as resolved; the class's wishes
are then reported fulfilled with the project's result. A resident who types a wish she already made is shown it
before anything is saved.
"""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from sanji.classes.models import ClassProject, Membership, WishClass
from sanji.core.models import Claimer
from sanji.demo.builder import build_demo
from sanji.wishes.models import Wish

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_district_promotes_a_class_to_a_project_and_closes_it(open_as, shot):
    build_demo(parts=())
    handrails = WishClass.objects.get(label__contains="扶手")
    page = open_as("demo-district")
    page.goto("/classes/")
    link = page.locator(f"table.classes a[href='{handrails.get_absolute_url()}']")
    expect(link).to_be_visible()
    shot(page, "classes-this-month")
    page.goto("/classes/shortlist/")
    expect(page.locator("ol.shortlist li").first).to_be_visible()
    shot(page, "classes-shortlist")

    page.goto(handrails.get_absolute_url())
    answered = Membership.objects.filter(wish_class=handrails).count()
    lead = Claimer.objects.filter(kind="party_org").first()
    page.fill("#p-goal", "为开放式老楼院楼道统一加装扶手，先摸底再施工。")
    page.select_option("#p-lead", str(lead.pk))
    page.fill("#m-title-0", "逐楼摸底")
    page.fill("#m-date-0", "2099-01-15")
    with page.expect_navigation():
        page.locator("form[action$='/promote/'] button[type=submit]").click()
    project = ClassProject.objects.get(wish_class=handrails)
    assert urlsplit(page.url).path == project.get_absolute_url()
    assert project.wishes.count() == answered
    shot(page, "class-project-open")

    with page.expect_navigation():
        page.locator("form[action*='/milestones/'][action$='/done/'] button").first.click()
    assert project.milestones.get().done_at is not None
    page.check("input[name=outcome][value=resolved]")
    page.fill("#close-result", "区城市管理局牵头，为8个楼院加装了扶手。")
    with page.expect_navigation():
        page.locator("form[action$='/close/'] button[type=submit]").click()
    project.refresh_from_db()
    assert project.state == "closed" and project.outcome == "resolved"
    assert set(project.wishes.values_list("state", flat=True)) == {"fulfilled"}
    expect(page.locator("text=区城市管理局牵头").first).to_be_visible()
    shot(page, "class-project-closed")


def test_a_resident_is_shown_her_earlier_wish_before_sending_it_again(open_as, shot):
    build_demo(parts=())
    earlier = Wish.objects.get(external_ref="demo-story-lin-new")
    page = open_as("demo-resident")
    page.goto("/wishes/new/")
    page.fill("#id_text", "想咨询一下大病医疗救助怎么申请，要准备哪些材料？")
    expect(page.locator(f"#duplicates a[href='{earlier.get_absolute_url()}']")).to_be_visible()
    before = Wish.objects.count()
    with page.expect_navigation():
        page.locator("button.primary.big").click()
    assert Wish.objects.count() == before
    expect(page.locator("#duplicates button[name=confirm_new]")).to_be_visible()
    shot(page, "intake-likely-duplicate")
    with page.expect_navigation():
        page.locator("#duplicates button[name=confirm_new]").click()
    assert Wish.objects.count() == before + 1
