"""The dashboard page, its sheets and its printed report. Thin: parse, fetch with the scope check, render."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from sanji.core import clock
from sanji.core.errors import InvalidInput, NotFound
from sanji.core.models import Area, PriorityGroup
from sanji.core.pages import download
from sanji.wishes.models import DutyCategory

from . import chartdata
from .access import dashboard_areas
from .dashboard import dashboard_build
from .period import add_months
from .sheets import table_xlsx
from .slices import figures_request
from .tables import Table, dashboard_tables

#: Overdue wishes listed on the page (the longest overdue) and in its sheet.
OVERDUE_PAGE, OVERDUE_SHEET = 10, 500


def _filters():
    categories = [(c, list(c.types.all())) for c in DutyCategory.objects.prefetch_related("types")]
    return {"categories": categories, "groups": PriorityGroup.objects.all()}


def _trail(area: Area, mine: list[Area]) -> list[Area]:
    """Return the way down from the widest area the user may see to ``area``, for the breadcrumb."""
    return [a for a in area.ancestors() if any(m.contains(a) for m in mine)]


def _file_part(asked) -> str:
    """Return the area's code and the months for a file name, in ASCII: 370202-2026-01-2026-12."""
    period = asked.slice.period
    months = f"{period.first:%Y-%m}" if period.first == period.last else f"{period.first:%Y-%m}-{period.last:%Y-%m}"
    return f"{asked.slice.area.code or asked.slice.area.pk}-{months}"


@login_required
def dashboard(request):
    mine = dashboard_areas(request.user)
    if not mine:
        raise NotFound()
    try:
        asked = figures_request(request.user, request.GET)
    except InvalidInput as error:
        context = {"error": error, "values": request.GET, **_filters()}
        return render(request, "insights/dashboard.html", context, status=error.status)
    built = dashboard_build(asked, overdue_limit=OVERDUE_SHEET)
    tables = dashboard_tables(built)
    heading = f"{asked.slice.area.name} · {asked.slice.period.label()}"
    export = request.GET.get("export")
    if export:
        if export not in tables:
            raise NotFound()
        name = f"sanji-{export}-{_file_part(asked)}.xlsx"
        return download(table_xlsx(tables[export], heading=heading), name)
    charts = {
        "trend": chartdata.trend_chart(tables["months"]),
        "areas": chartdata.areas_chart(tables["areas"]),
        "categories": chartdata.counts_chart(tables["categories"]),
        "groups": chartdata.counts_chart(tables["groups"]),
    }
    links = [f"?{urlencode(q)}" if q else "" for q in tables["areas"].links]  # a click on a bar drills down
    shown = tables["overdue"]
    overdue_page = Table(shown.key, shown.title, shown.columns, shown.rows[:OVERDUE_PAGE])
    total = built.wishes.total
    rate_tiles = [
        (_("Response rate"), total.response, _("claimed by the claim deadline")),
        (_("Resolution rate"), total.resolution, _("fulfilled by the date first promised")),
        (_("Satisfaction rate"), total.satisfaction, _("satisfied or basically satisfied")),
    ]
    this_month = clock.today().replace(day=1)
    report_month = min(asked.slice.period.last, add_months(this_month, -1)).strftime("%Y-%m")
    context = {
        "d": built, "tables": tables, "charts": charts, "area_links": links, "heading": heading,
        "trail": _trail(asked.slice.area, mine), "query": asked.query(), "values": asked.query(),
        "rate_tiles": rate_tiles, "overdue_page": overdue_page, "report_month": report_month,
        "report_query": asked.query(**{"from": report_month, "to": report_month}), **_filters(),
    }
    return render(request, "insights/dashboard.html", context)


@login_required
def report(request):
    """Return the monthly report of the area as PDF: by default for last month, else for ``from``..``to``."""
    if not dashboard_areas(request.user):
        raise NotFound()
    params = request.GET.copy()
    if not params.get("from") and not params.get("to"):
        last_month = add_months(clock.today().replace(day=1), -1).strftime("%Y-%m")
        params["from"] = params["to"] = last_month
    try:
        asked = figures_request(request.user, params)
    except InvalidInput as error:
        context = {"error": error, "values": request.GET, **_filters()}
        return render(request, "insights/dashboard.html", context, status=error.status)
    from .report import monthly_report_pdf

    pdf = monthly_report_pdf(dashboard_build(asked))
    return download(pdf, f"sanji-report-{_file_part(asked)}.pdf", "application/pdf")
