"""Red property management, driven through the real pages in headless Chromium on the demo district.

The secretary of 延安三路社区 records a door-to-door visit in 湾仔小区 on a phone and sees the coverage move; opens
the counted vote on engaging the property company and its exact arithmetic, and prints its result notice; counts
the committee's election vote and takes the re-election through its last steps, which the district files. An owner
casts her own ballot in the vote that is open now.
"""

import pytest
from playwright.sync_api import expect

from sanji.demo.builder import build_demo
from sanji.property.models import Ballot, CommitteeState, CommitteeTerm, Consultation, OwnersVote, Reelection, Visit

from .conftest import PHONE

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_consultation_vote_and_reelection_in_wanzai(open_as, shot):
    build_demo(parts=("property",))
    consultation = Consultation.objects.get(compound__name="湾仔小区")
    visits_before = Visit.objects.filter(consultation=consultation).count()

    phone = open_as("demo-property", viewport=PHONE)
    phone.goto(consultation.get_absolute_url())
    reached = phone.locator("#coverage strong").inner_text()
    unvisited = phone.locator("#unit option:not([value=''])").filter(has_not_text="✓").first
    phone.select_option("#unit", unvisited.get_attribute("value"))
    phone.locator("input[name=opinion][value=agree]").check()
    phone.fill("#remarks", "老两口都同意，希望先修楼道灯")
    with phone.expect_navigation():
        phone.locator("#visit-form button[type=submit]").click()
    assert Visit.objects.filter(consultation=consultation).count() == visits_before + 1
    expect(phone.locator("#coverage strong")).not_to_have_text(reached)
    shot(phone, "property-consultation-phone")

    page = open_as("demo-property")
    engaged = OwnersVote.objects.get(compound__name="湾仔小区", matter=4)
    page.goto(engaged.get_absolute_url())
    expect(page.locator("#result table tbody tr")).to_have_count(4)
    shot(page, "property-vote-result")
    pdf = page.request.get(f"/property/votes/{engaged.pk}/result.pdf")
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")

    reelection = Reelection.objects.get(compound__name="湾仔小区")
    page.goto(reelection.vote.get_absolute_url())
    with page.expect_navigation():
        page.locator("form[action$='/count/'] button").click()
    expect(page.locator("#result h2")).to_be_visible()
    page.goto(reelection.get_absolute_url())
    with page.expect_navigation():
        page.locator("form[action$='/elect/'] button").click()
    reelection.refresh_from_db()
    assert reelection.step == "elected"
    with page.expect_navigation():
        page.locator("form[action$='/choose_officers/'] button").click()
    page.fill("#handover", "档案三盒、业委会印章一枚、账册两本")
    with page.expect_navigation():
        page.locator("form[action$='/hand_over/'] button").click()
    reelection.refresh_from_db()
    assert reelection.step == "handed_over"
    assert CommitteeTerm.objects.get(pk=reelection.elected_id).state == CommitteeState.CURRENT
    shot(page, "property-reelection")

    district = open_as("demo-district")
    district.goto(reelection.get_absolute_url())
    with district.expect_navigation():
        district.locator("form[action$='/file/'] button").click()
    reelection.refresh_from_db()
    assert reelection.step == "filed"

    owner = open_as("demo-owner", viewport=PHONE)
    owner.goto("/property/mine/")
    fund = OwnersVote.objects.get(compound__name="湾仔小区", matter=5)
    owner.locator(f"form[action$='/votes/{fund.pk}/ballot/'] input[value=yes]").check()
    with owner.expect_navigation():
        owner.locator(f"form[action$='/votes/{fund.pk}/ballot/'] button").click()
    assert Ballot.objects.get(vote=fund, owner__user__username="demo-owner").channel == "online"
    shot(owner, "property-owner-ballot")
