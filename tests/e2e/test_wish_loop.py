"""The whole micro-wish loop, driven through the real pages in headless Chromium.

A resident (phone) makes a wish; community staff (desktop) approve it; a party member claims it, starts
work, records a volunteer and reports fulfilment with a photo; the resident confirms and rates it. Every
action is a click or a form fill in the pages; the database is only read, to check the outcome.

Selectors are ids, URLs and the action forms' classes (``form.action-<name>``), never visible text, so
the tests hold in any UI language. Screenshots of each role's main page and of each step go to
``var/screenshots/``.
"""

import re
from urllib.parse import urlsplit

import pytest
from PIL import Image
from playwright.sync_api import expect

from sanji.demo.builder import build_demo
from sanji.wishes.models import Wish, WishEvent, WishState

from .conftest import PHONE

# The live server needs committed data, hence ``transaction=True``; each test's teardown then empties
# every table, including the rows the migrations load (duty types, priority groups) that ``build_demo``
# needs. ``serialized_rollback=True`` puts those back before each test.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WISH_TEXT = "楼道里的声控灯坏了一个多月，晚上上下楼很黑，希望有人帮忙修一下。（e2e）"
CATEGORY = "home_repair"
FULFIL_NOTE = "已上门更换楼道声控灯两盏，并检查了线路。"
VOLUNTEER, HOURS = "韩雨桐", "3.5"
RESIDENT_NAME = "林志强"  # demo-resident's full name: personal data, never on the public pages


def path_of(url: str) -> str:
    return urlsplit(url).path


def at_path(path: str):
    return lambda url: path_of(url) == path


def state_badge(page):
    return page.locator("article.wish-detail .state")


def expect_state(page, state: str) -> None:
    expect(state_badge(page)).to_have_class(re.compile(rf"(^|\s)state-{state}(\s|$)"))


def act(page, action: str) -> None:
    """Submit the action form ``action`` of a wish's detail page and wait for the page that follows."""
    form = page.locator(f"form.action-{action}")
    expect(form).to_have_count(1)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def png(tmp_path):
    path = tmp_path / "evidence.png"
    image = Image.new("RGB", (64, 48), (230, 60, 40))
    for x in range(16, 48):
        for y in range(12, 36):
            image.putpixel((x, y), (255, 220, 0))
    image.save(path, format="PNG")
    return path


def test_wish_loop_through_the_pages(open_as, shot, tmp_path):
    build_demo(parts=())
    events_before = WishEvent.objects.count()

    # 1. The resident, on a phone, makes a wish.
    resident = open_as("demo-resident", viewport=PHONE)
    new_tile = resident.locator("main a.tile[href='/wishes/new/']")
    expect(new_tile).to_be_visible()
    expect(resident.locator("main a.tile[href='/wishes/mine/']")).to_be_visible()
    assert resident.locator("main a.tile[href='/wishes/review/']").count() == 0  # not staff
    shot(resident, "01-resident-home")

    new_tile.click()
    resident.wait_for_url(at_path("/wishes/new/"))
    expect(resident.locator("#id_text")).to_be_visible()
    assert resident.locator("#id_resident").count() == 0  # a resident wishes for himself
    resident.fill("#id_text", WISH_TEXT)
    resident.select_option("#id_category", CATEGORY)
    shot(resident, "02-resident-wish-form")
    resident.locator("main form:has(#id_text) button[type=submit]").click()
    resident.wait_for_url(re.compile(r"/wishes/\d+/$"))
    pk = int(re.search(r"/wishes/(\d+)/$", resident.url).group(1))
    detail = f"/wishes/{pk}/"

    expect_state(resident, WishState.SUBMITTED)
    expect(resident.locator("article.wish-detail h1.wish-text")).to_have_text(WISH_TEXT)
    expect(resident.locator("main .messages .msg.success")).to_be_visible()
    expect(resident.locator("ol.timeline li")).to_have_count(1)
    assert resident.locator("form.action-approve").count() == 0  # residents do not review
    expect(resident.locator("form.action-withdraw")).to_have_count(1)
    shot(resident, "03-resident-wish-submitted")

    wish = Wish.objects.select_related("beneficiary__user", "community", "duty_type").get(pk=pk)
    assert wish.state == WishState.SUBMITTED
    assert wish.text == WISH_TEXT
    assert wish.duty_type.code == CATEGORY
    assert wish.beneficiary.user.username == "demo-resident"
    assert wish.community.name == "仰口路社区"

    # 2. Community staff review the wish and publish it.
    staff = open_as("demo-staff")
    expect(staff.locator("main a.tile[href='/wishes/review/']")).to_be_visible()
    shot(staff, "04-staff-home")
    staff.locator("header nav a[href='/wishes/review/']").click()
    staff.wait_for_url(at_path("/wishes/review/"))
    row = staff.locator(f"main ul.wishes a.row-link[href='{detail}']")
    expect(row).to_be_visible()
    shot(staff, "05-staff-review-queue")
    row.click()
    staff.wait_for_url(at_path(detail))
    expect_state(staff, WishState.SUBMITTED)
    # Staff in scope see the resident's name; the phone stays masked until asked for, then shows as a link.
    expect(staff.locator("article.wish-detail dl.facts")).to_contain_text(RESIDENT_NAME)
    expect(staff.locator("article.wish-detail dl.facts a[href^='tel:']")).to_have_count(0)
    staff.locator("#contact form button").click()
    expect(staff.locator("#contact a[href^='tel:']")).to_have_count(1)
    assert staff.url.endswith(detail)  # shown in place, by htmx
    for name in ("approve", "reject", "dispatch"):
        expect(staff.locator(f"form.action-{name}")).to_have_count(1)
    staff.fill("#approve-note", "已审核，发布到认领大厅。")
    act(staff, "approve")
    expect_state(staff, WishState.PUBLISHED)
    assert path_of(staff.url) == detail
    expect(staff.locator("form.action-approve")).to_have_count(0)
    assert Wish.objects.get(pk=pk).state == WishState.PUBLISHED

    # 3. A party member claims it, starts, records a volunteer and reports fulfilment with a photo.
    member = open_as("demo-member")
    expect(member.locator("main a.tile[href='/wishes/claim/']")).to_be_visible()
    member.locator("header nav a[href='/wishes/claim/']").click()
    member.wait_for_url(at_path("/wishes/claim/"))
    row = member.locator(f"main ul.wishes a.row-link[href='{detail}']")
    expect(row).to_be_visible()
    expect(row).not_to_contain_text(RESIDENT_NAME)  # masked on the board
    shot(member, "06-member-claim-board")
    row.click()
    member.wait_for_url(at_path(detail))
    expect_state(member, WishState.PUBLISHED)
    expect(member.locator("article.wish-detail")).not_to_contain_text(RESIDENT_NAME)  # not claimed yet
    assert member.locator("form.action-approve").count() == 0

    act(member, "claim")
    expect_state(member, WishState.CLAIMED)
    expect(member.locator("article.wish-detail dl.facts")).to_contain_text(RESIDENT_NAME)  # the holder may see
    act(member, "start")
    expect_state(member, WishState.IN_PROGRESS)

    volunteer_form = member.locator(f"form[action='/wishes/{pk}/volunteers/']")
    expect(volunteer_form).to_have_count(1)
    member.fill("#v-name", VOLUNTEER)
    member.fill("#v-hours", HOURS)
    volunteer_form.locator("button[type=submit]").click()
    expect(member.locator("ul.volunteers li")).to_have_count(1)
    expect(member.locator("ul.volunteers li")).to_contain_text(VOLUNTEER)
    expect_state(member, WishState.IN_PROGRESS)

    member.fill("#fulfil-note", FULFIL_NOTE)
    member.set_input_files("#fulfil-photos", str(png(tmp_path)))
    act(member, "fulfil")
    expect_state(member, WishState.FULFILLED)
    expect(member.locator("article.wish-detail dl.facts")).to_contain_text(FULFIL_NOTE)
    photo = member.locator("article.wish-detail .photos img")
    expect(photo).to_have_count(1)
    photo.scroll_into_view_if_needed()
    member.wait_for_function("img => img.complete && img.naturalWidth === 64", arg=photo.element_handle())
    shot(member, "07-member-wish-fulfilled")

    # 4. The resident confirms and rates it.
    response = resident.goto(detail)
    assert response.status == 200
    expect_state(resident, WishState.FULFILLED)
    expect(resident.locator("article.wish-detail .photos img")).to_have_count(1)
    confirm = resident.locator("form.action-confirm")
    expect(confirm).to_have_count(1)
    expect(resident.locator("form.action-dispute")).to_have_count(1)
    confirm.locator("input[name=satisfaction][value=satisfied]").check()
    resident.fill("#confirm-note", "灯修好了，晚上出门方便多了，谢谢！")
    act(resident, "confirm")
    expect_state(resident, WishState.CLOSED)
    expect(resident.locator("section.actions form")).to_have_count(0)  # nothing left to do
    expect(resident.locator("ol.timeline li")).to_have_count(7)
    shot(resident, "08-wish-closed-resident")
    resident.set_viewport_size({"width": 1366, "height": 900})
    shot(resident, "09-wish-closed-desktop")

    # 5. The database agrees.
    wish = Wish.objects.get(pk=pk)
    assert wish.state == WishState.CLOSED
    assert wish.satisfaction == "satisfied"
    assert wish.fulfilment_note == FULFIL_NOTE
    assert wish.closed_at is not None and wish.fulfilled_at is not None
    events = list(wish.events.select_related("actor").order_by("at", "pk"))
    assert [e.action for e in events] == [
        "submit", "approve", "claim", "start", "record_volunteer", "fulfil", "confirm"]
    assert [e.actor.username for e in events] == [
        "demo-resident", "demo-staff", "demo-member", "demo-member", "demo-member", "demo-member", "demo-resident"]
    assert [e.to_state for e in events] == [
        "submitted", "published", "claimed", "in_progress", "in_progress", "fulfilled", "closed"]
    assert WishEvent.objects.count() == events_before + 7  # nothing else was changed
    assert [(v.volunteer.name, float(v.hours)) for v in wish.volunteers.select_related("volunteer")] == [
        (VOLUNTEER, float(HOURS))]
    photos = list(wish.photos.all())
    assert len(photos) == 1 and photos[0].kind == "evidence"
    assert not wish.claims.filter(active=True).exists()

    # 6. Staff of another community cannot open it: the 404 page, no trace of the wish.
    other = open_as("demo-staff2")
    response = other.goto(detail)
    assert response.status == 404
    expect(other.locator("main section.error-page")).to_be_visible()
    expect(other.locator("main")).not_to_contain_text(WISH_TEXT)
    assert other.locator("form.action-confirm, article.wish-detail").count() == 0
    shot(other, "10-staff2-not-found")

    # The other roles' main pages.
    unit = open_as("demo-unit")
    unit.locator("header nav a[href='/wishes/held/']").click()
    unit.wait_for_url(at_path("/wishes/held/"))
    expect(unit.locator("main ul.wishes li.wish a.row-link").first).to_be_visible()
    assert unit.locator(f"main a.row-link[href='{detail}']").count() == 0  # held by the member, not the unit
    shot(unit, "11-unit-held")

    street = open_as("demo-street")
    expect(street.locator("main table tbody tr")).to_have_count(3)  # 湛山街道's three communities
    expect(street.locator("main a.tile[href='/wishes/review/']")).to_be_visible()
    shot(street, "12-street-home")

    district = open_as("demo-district")
    rows = district.locator("main table tbody tr")
    expect(rows.first).to_be_visible()
    assert rows.count() >= 2  # one row per street
    shot(district, "13-district-home")

    # The public board: the closed wish first (latest published), the resident's name masked.
    public = open_as(None, viewport=PHONE)
    response = public.goto("/board/")
    assert response.status == 200
    first = public.locator("main ul.wishes li.wish").first
    expect(first).to_contain_text(WISH_TEXT)
    expect(first.locator(".state")).to_have_class(re.compile(r"(^|\s)state-closed(\s|$)"))
    expect(public.locator("main")).not_to_contain_text(RESIDENT_NAME)
    expect(first).to_contain_text("林")  # masked, e.g. 林先生
    shot(public, "14-public-board")


def test_refusals_in_the_pages(open_as, shot):
    build_demo(parts=())
    target = (Wish.objects.filter(community__name="仰口路社区", state=WishState.SUBMITTED)
              .order_by("review_due", "pk").first())
    assert target is not None
    detail = f"/wishes/{target.pk}/"
    events_before = target.events.count()

    # Staff open the wish from the review queue and send the reject form without a reason.
    staff = open_as("demo-staff")
    staff.goto("/wishes/review/")
    staff.locator(f"main ul.wishes a.row-link[href='{detail}']").click()
    staff.wait_for_url(at_path(detail))
    expect_state(staff, WishState.SUBMITTED)
    expect(staff.locator("#reject-reason")).to_have_value("")
    with staff.expect_response(lambda r: path_of(r.url) == f"{detail}act/reject/") as info:
        act(staff, "reject")
    assert info.value.status == 422
    error = staff.locator("main p.error[role=alert]")
    expect(error).to_be_visible()
    expect(error).not_to_be_empty()
    expect_state(staff, WishState.SUBMITTED)
    expect(staff.locator("form.action-reject")).to_have_count(1)  # the form is still there to retry
    shot(staff, "15-staff-reject-without-reason")
    target.refresh_from_db()
    assert target.state == WishState.SUBMITTED
    assert target.reject_reason == ""
    assert target.events.count() == events_before

    # Staff of another community get the 404 page for it, and cannot act on it either.
    other = open_as("demo-staff2")
    response = other.goto(detail)
    assert response.status == 404
    expect(other.locator("main section.error-page")).to_be_visible()
    assert other.locator("article.wish-detail").count() == 0

    # A resident cannot reach the review queue.
    resident = open_as("demo-resident", viewport=PHONE)
    response = resident.goto("/wishes/review/")
    assert response.status == 404
    expect(resident.locator("main section.error-page")).to_be_visible()
    target.refresh_from_db()
    assert target.state == WishState.SUBMITTED
