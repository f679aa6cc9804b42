"""What the dashboard page draws beyond the tables: the charts, the rate tiles, the links and the report's month."""

from urllib.parse import urlencode

from django.utils.translation import gettext as _

from sanji.core import clock

from . import chartdata
from .dashboard import Dashboard
from .period import add_months
from .slices import Request
from .tables import Table

#: Overdue wishes the page lists (the longest overdue); the sheet lists more.
OVERDUE_PAGE = 10


def page_context(asked: Request, built: Dashboard, tables: dict[str, Table], *, trail: list) -> dict:
    """Return the template context of the dashboard page for the figures ``built`` and their ``tables``."""
    charts = {
        "trend": chartdata.trend_chart(tables["months"]),
        "areas": chartdata.areas_chart(tables["areas"]),
        "categories": chartdata.counts_chart(tables["categories"]),
        "groups": chartdata.counts_chart(tables["groups"]),
    }
    links = [f"?{urlencode(q)}" if q else "" for q in tables["areas"].links]  # a click on a bar drills down
    shown = tables["overdue"]
    total = built.wishes.total
    rate_tiles = [
        (_("Response rate"), total.response, _("claimed by the claim deadline")),
        (_("Resolution rate"), total.resolution, _("fulfilled by the date first promised")),
        (_("Satisfaction rate"), total.satisfaction, _("satisfied or basically satisfied")),
    ]
    # The report of the last complete month the page covers.
    this_month = clock.today().replace(day=1)
    report_month = min(asked.slice.period.last, add_months(this_month, -1)).strftime("%Y-%m")
    return {
        "d": built, "tables": tables, "charts": charts, "area_links": links, "trail": trail,
        "query": asked.query(), "values": asked.query(), "rate_tiles": rate_tiles,
        "overdue_page": Table(shown.key, shown.title, shown.columns, shown.rows[:OVERDUE_PAGE]),
        "report_month": report_month, "report_query": asked.query(**{"from": report_month, "to": report_month}),
    }
