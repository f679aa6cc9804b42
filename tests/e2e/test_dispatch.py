"""Batch dispatch and escalation, driven through the real pages in headless Chromium.

The street officer of the demo street opens a batch proposal, reads why each claimer was chosen,
changes one line, confirms, and the wishes flow to their claimers, who find a message in their inbox.
Then the worker runs once: overdue wishes escalate by themselves and the officer sees them.
"""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from sanji import worker
from sanji.core.models import Area
from sanji.demo.builder import build_demo
from sanji.dispatch.models import BatchLine, DispatchBatch
from sanji.notices.models import Notice
from sanji.wishes.models import Wish

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_street_officer_batch_dispatch_and_escalation(open_as, shot):
    build_demo(parts=())
    street = Area.objects.get(name="湛山街道")
    page = open_as("demo-street")
    page.goto("/dispatch/batches/")
    page.select_option("#b-area", str(street.pk))
    with page.expect_navigation():
        page.locator("form.action button[type=submit]").click()
    batch = DispatchBatch.objects.get()
    assert urlsplit(page.url).path == batch.get_absolute_url()
    lines = BatchLine.objects.filter(batch=batch)
    assert lines.count() >= 10
    expect(page.locator("table.batch tbody tr")).to_have_count(lines.count())
    expect(page.locator("table.batch ul.why").first).to_be_visible()
    shot(page, "dispatch-batch-proposal")

    # Leave the first line on the board.
    first = lines.order_by("pk").first()
    row = page.locator(f"#line-{first.pk}")
    row.locator("select").select_option("")
    with page.expect_navigation():
        row.locator("button[type=submit]").click()
    first.refresh_from_db()
    assert first.claimer_id is None

    with page.expect_navigation():
        page.locator(f"form[action='/dispatch/batches/{batch.pk}/confirm/'] button").first.click()
    batch.refresh_from_db()
    assert batch.state == "confirmed"
    sent = lines.exclude(claimer=None)
    assert Wish.objects.filter(pk__in=sent.values("wish"), state="dispatched").count() == sent.count()
    assert Wish.objects.get(pk=first.wish_id).state == "published"
    shot(page, "dispatch-batch-confirmed")

    # The worker delivers the claimers' messages and escalates what is overdue, by itself.
    results = worker.run_once()
    assert results["sanji.dispatch.escalate"] > 0
    claimer_notice = Notice.objects.filter(kind="wish_dispatched", channel="inbox", state="sent").first()
    assert claimer_notice is not None
    escalated = Wish.objects.exclude(escalation_level="community").filter(community__parent=street)
    assert escalated.exists()
    assert Notice.objects.filter(recipient__username="demo-street", kind="wish_escalated").exists()

    page.goto("/messages/")
    expect(page.locator("li.notice.unread").first).to_be_visible()
    shot(page, "escalation-inbox")
    page.goto("/")
    expect(page.locator("a[href*='overdue=1']").first).to_be_visible()
    shot(page, "street-overdue-by-community")
    wish = escalated.first()
    page.goto(wish.get_absolute_url())
    expect(page.locator("dd.overdue").first).to_be_visible()


def test_reviewer_sees_explained_candidates_for_one_wish(open_as, shot):
    build_demo(parts=())
    wish = Wish.objects.filter(state="published", community__name="仰口路社区",
                               duty_type__code="home_repair").first()
    page = open_as("demo-staff")
    page.goto(wish.get_absolute_url())  # the review page loads the ranked candidates by itself
    expect(page.locator("section.candidates tbody tr").first).to_be_visible()
    shot(page, "dispatch-candidates-on-review-page")
    page.goto(f"/dispatch/wishes/{wish.pk}/candidates/")
    rows = page.locator("section.candidates tbody tr")
    expect(rows.first).to_be_visible()
    shot(page, "dispatch-candidates")
    with page.expect_navigation():
        rows.first.locator("button[type=submit]").click()
    wish.refresh_from_db()
    assert wish.state == "dispatched"
