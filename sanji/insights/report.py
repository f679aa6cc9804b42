"""The monthly report of a community, a street or the district, as HTML (for a print preview) and as PDF.

The report prints what a ``Dashboard`` holds, in this order: the three rates with their numerators and
denominators, the counts, the rates and the wishes submitted by month as charts, a line per child area, property
management, young cadres, wish classes, and the wishes overdue now. Its charts cover at least 12 months: for a
shorter period (usually one month) they show the 12 months ending with its last, read with the slice's filters.

No resident's name, phone or address is printed: an overdue wish shows only the start of its text, with its
beneficiary's name, phone and address and any long run of digits masked.

WeasyPrint embeds the glyphs of the fonts fontconfig finds (see ``sanji.property.printing``): a server that prints
needs a Chinese font installed. The template uses no outside resource.
"""

import datetime as dt

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from sanji.core import clock
from sanji.core.models import AreaLevel

from .charts import bar_chart, line_chart
from .dashboard import Dashboard
from .period import Period, add_months
from .rates import Rate
from .selectors.wishes import Counters, Slice, wish_figures

#: The fewest months the charts show.
TREND_MONTHS = 12


def monthly_report_pdf(dashboard: Dashboard, *, trend: Dashboard | None = None, **options) -> bytes:
    """Return the report of ``dashboard`` as PDF bytes (A4 portrait, numbered pages).

    ``options`` go to WeasyPrint's ``write_pdf`` (the tests ask for ``uncompressed_pdf`` to read the fonts).
    """
    from weasyprint import HTML

    return HTML(string=monthly_report_html(dashboard, trend=trend), base_url=None).write_pdf(**options)


def monthly_report_html(dashboard: Dashboard, *, trend: Dashboard | None = None) -> str:
    """Return the report of ``dashboard`` as one HTML page, in the active language.

    ``trend`` is a dashboard of the same slice over 12 months or more, drawn in the charts instead of the months
    the report reads itself (see ``trend_months``).
    """
    return render_to_string("insights/print/monthly_report.html", monthly_report_context(dashboard, trend=trend))


def monthly_report_context(dashboard: Dashboard, *, trend: Dashboard | None = None) -> dict:
    """Return what the report template prints, every number already put as it is printed."""
    slice_ = dashboard.slice
    total = dashboard.wishes.total
    months = trend_months(dashboard, trend)
    return {
        "area": slice_.area,
        "child_level": AreaLevel((dashboard.areas[0].area if dashboard.areas else slice_.area).level).label,
        "period": slice_.period.label(),
        "one_month": slice_.period.first == slice_.period.last,
        "category": dashboard.request.category,
        "group": dashboard.request.group,
        "as_of": timezone.localtime(dashboard.now),
        "printed": timezone.localtime(clock.now()),
        "rates": [
            {"label": _("Response rate"), **rate_cells(total.response)},
            {"label": _("Resolution rate"), **rate_cells(total.resolution)},
            {"label": _("Satisfaction rate"), **rate_cells(total.satisfaction)},
        ],
        "counts": {
            "submitted": total["submitted"],
            "fulfilled": total["fulfilled"],
            "escalated": total["escalated"],
            "open": dashboard.open.open,
            "overdue": dashboard.open.overdue,
            "median_days": _or_dash(dashboard.wishes.median_days),
            "coverage": rate_cells(dashboard.coverage),
            "members": dashboard.members.members,
            "member_wishes": dashboard.members.wishes,
            "member_hours": dashboard.members.hours,
        },
        "trend_period": f"{months[0][0]:%Y-%m} – {months[-1][0]:%Y-%m}" if months else "",
        # Safe: the charts escape every label they draw and write nothing else but numbers.
        "rates_chart": mark_safe(rates_chart(months)),
        "submitted_chart": mark_safe(submitted_chart(months)),
        "areas": [
            {
                "name": row.area.name,
                "submitted": row.counters["submitted"],
                "fulfilled": row.counters["fulfilled"],
                "rates": [rate_cells(rate) for rate in (row.counters.response, row.counters.resolution,
                                                        row.counters.satisfaction)],
                "open": row.open.open,
                "overdue": row.open.overdue,
                "median_days": _or_dash(row.median_days),
            }
            for row in dashboard.areas
        ],
        "property": {**dashboard.property, "coverage": rate_cells(dashboard.property["consultation_coverage"])},
        "cadres": {
            **dashboard.cadres,
            "answered": rate_cells(dashboard.cadres["reports_answered"]),
            "attended": rate_cells(dashboard.cadres["whistles_attended"]),
        },
        "classes": dashboard.classes,
        "projects": dashboard.projects,
        "overdue": overdue_rows(dashboard),
        "overdue_cut": dashboard.open.overdue > len(dashboard.overdue),
    }


def rate_cells(rate: Rate) -> dict:
    """Return a rate as printed: ``percent`` ("87.5%", or "—" when nothing was due), numerator, denominator."""
    percent = rate.percent()
    return {
        "percent": "—" if percent is None else f"{percent}%",
        "numerator": rate.numerator,
        "denominator": rate.denominator,
    }


def _or_dash(value) -> str:
    return "—" if value is None else str(value)


def trend_months(dashboard: Dashboard, trend: Dashboard | None = None) -> list[tuple[dt.date, Counters]]:
    """Return the months the charts draw, each with its counters.

    ``trend``'s months when given; else the report's own when its period has 12 months or more; else the 12
    months ending with the report's last, read from the rollups with the same filters (three or four queries).
    """
    if trend is not None:
        return trend.months
    s = dashboard.slice
    if len(s.period.months()) >= TREND_MONTHS:
        return dashboard.months
    longer = Slice(s.area, Period(add_months(s.period.last, 1 - TREND_MONTHS), s.period.last), s.duty_types, s.group)
    figures = wish_figures(longer, now=dashboard.now)
    return [(month, figures.by_month.get(month) or Counters()) for month in longer.period.months()]


def rates_chart(months: list[tuple[dt.date, Counters]]) -> str:
    """Return the line chart of the three rates by month; a month where nothing was due is a gap."""
    series = [
        (_("Response rate"), [c.response.percent() for _m, c in months]),
        (_("Resolution rate"), [c.resolution.percent() for _m, c in months]),
        (_("Satisfaction rate"), [c.satisfaction.percent() for _m, c in months]),
    ]
    return line_chart([f"{m:%Y-%m}" for m, _c in months], series, title=_("The three rates by month"))


def submitted_chart(months: list[tuple[dt.date, Counters]]) -> str:
    """Return the bar chart of the wishes submitted each month."""
    return bar_chart([f"{m:%Y-%m}" for m, _c in months], [c["submitted"] for _m, c in months],
                     title=_("Wishes submitted by month"))


def overdue_rows(dashboard: Dashboard) -> list[dict]:
    """Return the overdue wishes as printed: days overdue count local calendar days from the deadline's day.

    The wish's own text is left out: residents write names, phone numbers and door numbers into it in forms no
    mask catches, and a printed report travels. Its number leads to it on the pages, in the reader's scope.
    """
    today = timezone.localdate(dashboard.now)
    rows = []
    for wish in dashboard.overdue:
        due = timezone.localdate(wish.deadline)
        rows.append({
            "number": wish.pk,
            "community": wish.community.name,
            "category": wish.duty_type.name if wish.duty_type else _("No category"),
            "state": wish.get_state_display(),
            "deadline": due,
            "days": (today - due).days,
        })
    return rows
