"""The dashboard page, its sheets and its printed report. Thin: parse, fetch with the scope check, render."""

import rules
from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from sanji.core import clock
from sanji.core.errors import InvalidInput, NotFound
from sanji.core.models import Area, PriorityGroup
from sanji.core.pages import download
from sanji.wishes.models import DutyCategory

from .access import dashboard_areas
from .dashboard import dashboard_build
from .page import page_context
from .period import add_months
from .sheets import table_xlsx
from .slices import figures_request
from .tables import dashboard_tables

#: Overdue wishes listed in the sheet (the page shows the first of them).
OVERDUE_SHEET = 500


def _filters():
    categories = [(c, list(c.types.all())) for c in DutyCategory.objects.prefetch_related("types")]
    return {"categories": categories, "groups": PriorityGroup.objects.all()}


def _refused(request, error: InvalidInput):
    """Draw the filters again with what was typed and the message naming the field; no figures."""
    context = {"error": error, "values": request.GET, **_filters()}
    return render(request, "insights/dashboard.html", context, status=error.status)


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
    if not rules.has_perm("insights.view_figures", request.user):
        raise NotFound()
    mine = dashboard_areas(request.user)
    try:
        asked = figures_request(request.user, request.GET)
    except InvalidInput as error:
        return _refused(request, error)
    built = dashboard_build(asked, overdue_limit=OVERDUE_SHEET)
    tables = dashboard_tables(built)
    heading = f"{asked.slice.area.name} · {asked.slice.period.label()}"
    export = request.GET.get("export")
    if export:
        if export not in tables:
            raise NotFound()
        name = f"sanji-{export}-{_file_part(asked)}.xlsx"
        return download(table_xlsx(tables[export], heading=heading), name)
    context = page_context(asked, built, tables, trail=_trail(asked.slice.area, mine))
    return render(request, "insights/dashboard.html", {**context, "heading": heading, **_filters()})


@login_required
def report(request):
    """Return the monthly report of the area as PDF: by default for last month, else for ``from``..``to``."""
    if not rules.has_perm("insights.view_figures", request.user):
        raise NotFound()
    params = request.GET.copy()
    if not params.get("from") and not params.get("to"):
        last_month = add_months(clock.today().replace(day=1), -1).strftime("%Y-%m")
        params["from"] = params["to"] = last_month
    try:
        asked = figures_request(request.user, params)
    except InvalidInput as error:
        return _refused(request, error)
    from .report import monthly_report_pdf

    pdf = monthly_report_pdf(dashboard_build(asked))
    return download(pdf, f"sanji-report-{_file_part(asked)}.pdf", "application/pdf")
