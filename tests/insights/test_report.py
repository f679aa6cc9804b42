"""The monthly report: the figures, charts and overdue wishes of a street or the district, as HTML and as PDF.

March 2026 in 湛山街道 (``tests.factories.build_world``), read at noon on 31 March:

- W1, 仰口路社区 (A): the whole loop on time, rated satisfied.
- W2, 湛山一路社区 (B): on the board from 5 March, nobody claims it (claim due 12 March): overdue.
- W3, A: submitted on 20 March with the resident's name and phone in its text, never reviewed (review due 22
  March): overdue.
- W4, A: submitted in January and rejected: only in the 12 months the charts show.
The escalation scan runs on 25 March and moves W2 and W3 up.
"""

import datetime as dt
import re
import shutil
import subprocess
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation

from sanji.core import clock
from sanji.dispatch.escalation import escalate_overdue
from sanji.insights.dashboard import dashboard_build
from sanji.insights.report import (
    monthly_report_context,
    monthly_report_html,
    monthly_report_pdf,
    trend_months,
)
from sanji.insights.slices import figures_request

from ..factories import fresh
from ..wishes.test_rollups import act, submit, when

pytestmark = pytest.mark.django_db
SH = ZoneInfo("Asia/Shanghai")
NOW = dt.datetime(2026, 3, 31, 12, tzinfo=SH)
W3_TEXT = "林志强家楼道灯坏了，请打13906428815联系，希望有人帮忙修理，谢谢社区"


@pytest.fixture
def march(world):
    w = world
    w4 = submit(when(1, 10), w.resident_a, "希望社区给我家免费装空调")
    act(when(1, 10, 10), w4, "reject", w.staff_a, reason="超出微心愿范围")
    w1 = submit(when(3, 2), w.resident_a, "希望有人帮忙修理门锁")
    act(when(3, 2, 10), w1, "approve", w.staff_a)
    act(when(3, 3), w1, "claim", w.member_a, promised_date="2026-03-10")
    act(when(3, 4), w1, "start", w.member_a)
    act(when(3, 8), w1, "fulfil", w.member_a, note="门锁已换新")
    act(when(3, 9), w1, "confirm", w.resident_a, satisfaction="satisfied")
    w2 = submit(when(3, 5), w.resident_b, "希望有人教我用智能手机")
    act(when(3, 5, 10), w2, "approve", w.staff_b)
    w3 = submit(when(3, 20), w.resident_a, W3_TEXT)
    with clock.at(when(3, 25)):
        escalate_overdue()
    return {"w1": w1, "w2": w2, "w3": w3}


def dashboard(user, area, *, overdue_limit=50, **params):
    with clock.at(NOW):
        request = figures_request(fresh(user), {"area": str(area.pk), "from": "2026-03", "to": "2026-03", **params})
        return dashboard_build(request, overdue_limit=overdue_limit)


def html_of(d, **kw) -> str:
    with clock.at(NOW), translation.override("en"):
        return monthly_report_html(d, **kw)


def test_the_street_report_prints_the_figures_with_their_numerators(world, march):
    page = html_of(dashboard(world.street_officer, world.street))
    assert "湛山街道: monthly report 2026-03" in page
    assert 'lang="en"' in page
    rates = re.search(r'<table class="rates">.*?</table>', page, re.S).group()
    cells = [re.sub(r"<[^>]+>", " ", row).split() for row in re.findall(r"<tr>(.*?)</tr>", rates, re.S)[1:]]
    assert cells == [
        ["Response", "rate", "50.0%", "1", "2"],  # W1 claimed by its deadline, W2 not
        ["Resolution", "rate", "100.0%", "1", "1"],
        ["Satisfaction", "rate", "100.0%", "1", "1"],
    ]
    counts = re.sub(r"<[^>]+>", " ", re.search(r'<table class="counts">.*?</table>', page, re.S).group())
    for label, value in [("Wishes submitted", "3"), ("Wishes fulfilled", "1"), ("Wishes escalated", "2"),
                         ("Wishes open now", "2"), ("Wishes overdue now", "2")]:
        assert re.search(rf"{label}\s+{value}\s", counts), label
    areas = re.sub(r"<[^>]+>", " ", re.search(r'<table class="areas">.*?</table>', page, re.S).group())
    assert re.search(r"仰口路社区\s+2\s+1\s+100.0%\s+1 / 1", areas)
    assert re.search(r"湛山一路社区\s+1\s+0\s+0.0%\s+0 / 1", areas)


def test_the_charts_show_the_twelve_months_ending_with_the_report(world, march):
    d = dashboard(world.street_officer, world.street)
    with clock.at(NOW):
        months = trend_months(d)
    assert [m for m, _c in months][0] == dt.date(2025, 4, 1) and len(months) == 12
    assert [c["submitted"] for _m, c in months][-3:] == [1, 0, 3]  # W4 in January
    page = html_of(d)
    assert page.count('<path class="series"') == 3
    assert page.count('<rect class="bar"') == 12
    assert "2025-04" in page and "2025-04 – 2026-03" in page
    assert "<svg" in page and "&lt;svg" not in page  # drawn, not escaped


def test_a_trend_dashboard_given_is_drawn_instead(world, march):
    d = dashboard(world.street_officer, world.street)
    trend = dashboard(world.street_officer, world.street, **{"from": "2026-01"})
    page = html_of(d, trend=trend)
    assert page.count('<rect class="bar"') == 3
    assert "2026-01 – 2026-03" in page


def test_the_overdue_list_names_no_resident(world, march):
    d = dashboard(world.district_admin, world.district)
    with clock.at(NOW), translation.override("en"):
        rows = monthly_report_context(d)["overdue"]
    w2, w3 = march["w2"], march["w3"]
    w2.refresh_from_db()
    w3.refresh_from_db()
    assert [r["number"] for r in rows] == [w2.pk, w3.pk]  # longest overdue first
    first = rows[0]
    assert first["community"] == "湛山一路社区" and first["state"] == "Awaiting a claimer"
    assert first["deadline"] == timezone.localdate(w2.claim_due)
    assert first["days"] == (NOW.date() - timezone.localdate(w2.claim_due)).days
    assert rows[1]["state"] == "Awaiting review"
    assert rows[1]["days"] == (NOW.date() - timezone.localdate(w3.review_due)).days
    assert "text" not in rows[1]  # residents write personal data into the text; the report prints none of it
    page = html_of(d)
    assert f"<td class=\"n\">{w3.pk}</td>" in page
    for secret in ("林志强", "13906428815", "王秀英", "13588880000", "17号2单元302户", "3号1单元101户"):
        assert secret not in page, secret
    assert "湛山街道" in page  # the district's table has a line per street
    assert "longest overdue" not in page


def test_a_cut_overdue_list_says_how_many_are_overdue(world, march):
    page = html_of(dashboard(world.street_officer, world.street, overdue_limit=1))
    assert "The longest overdue wish of 2 is listed." in page
    assert page.count("<td class=\"n\">19</td>") == 1 and "<td class=\"n\">9</td>" not in page


def test_an_area_outside_the_user_s_scope_gives_no_report(world, march):
    from sanji.core.errors import NotFound

    with clock.at(NOW), pytest.raises(NotFound):
        figures_request(fresh(world.staff_a), {"area": str(world.b.pk)})


def test_the_page_speaks_the_active_language(world, march):
    d = dashboard(world.street_officer, world.street)
    with clock.at(NOW), translation.override("zh-hans"):
        page = monthly_report_html(d)
    assert 'lang="zh-hans"' in page


def test_the_report_prints_as_a_pdf(world, march):
    d = dashboard(world.street_officer, world.street)
    with clock.at(NOW), translation.override("en"):
        pdf = monthly_report_pdf(d, uncompressed_pdf=True)
    assert pdf.startswith(b"%PDF")
    assert b"/FontFile" in pdf  # the fonts travel with the file


@pytest.mark.skipif(not shutil.which("fc-list"), reason="fontconfig is not installed")
def test_the_printed_report_embeds_a_chinese_font(world, march):
    fonts = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True).stdout
    if not fonts.strip():
        pytest.skip("no Chinese font is installed (Debian: fonts-noto-cjk), so none can be embedded")
    d = dashboard(world.street_officer, world.street)
    with clock.at(NOW), translation.override("zh-hans"):
        pdf = monthly_report_pdf(d, uncompressed_pdf=True)
    names = re.findall(rb"/BaseFont\s*/([A-Za-z0-9+_-]+)", pdf)
    assert b"/FontFile" in pdf
    assert any(b"CJK" in name or b"WenQuanYi" in name for name in names), names
