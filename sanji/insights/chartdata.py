"""ECharts options for the dashboard's charts, built from the same tables the page shows under each chart."""

from django.utils.translation import gettext as _

from .rates import Rate
from .tables import Table

#: Colours with distinct lightness, so the lines stay apart in greyscale; dashes tell them apart too.
COLOURS = ["#b71c1c", "#1565c0", "#2e7d32", "#6d4c41"]
DASHES = ["solid", "dashed", "dotted"]


def _percent(value) -> float | None:
    if isinstance(value, Rate):
        percent = value.percent(1)
        return float(percent) if percent is not None else None
    return None


def _base(categories: list[str]) -> dict:
    return {
        "animation": False,
        "color": COLOURS,
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 48, "right": 16, "top": 40, "bottom": 48, "containLabel": True},
        "xAxis": {"type": "category", "data": categories, "axisLabel": {"interval": 0, "rotate": 30}},
    }


def trend_chart(months: Table) -> dict:
    """Return the three rates by month as lines (per cent), with the wishes made as bars on a second axis."""
    option = _base(months.column(0))
    option["yAxis"] = [{"type": "value", "min": 0, "max": 100, "name": "%"}, {"type": "value", "name": _("Wishes")}]
    option["series"] = [
        {"type": "line", "name": str(months.columns[i].label), "data": [_percent(v) for v in months.column(i)],
         "connectNulls": False, "lineStyle": {"type": DASHES[i - 1], "width": 3}, "symbolSize": 8}
        for i in (1, 2, 3)
    ] + [{"type": "bar", "name": str(months.columns[4].label), "yAxisIndex": 1, "data": months.column(4),
          "itemStyle": {"color": "#cfd8dc"}}]
    return option


def areas_chart(areas: Table) -> dict:
    """Return the three rates by area as grouped bars; a click on an area drills down to it."""
    option = _base(areas.column(0))
    option["yAxis"] = {"type": "value", "min": 0, "max": 100, "name": "%"}
    option["series"] = [
        {"type": "bar", "name": str(areas.columns[i].label), "data": [_percent(v) for v in areas.column(i)]}
        for i in (1, 2, 3)
    ]
    return option


def counts_chart(table: Table, column: int = 1) -> dict:
    """Return one count column of ``table`` as horizontal bars (categories, groups)."""
    option = _base([])
    option.update({
        "legend": {"show": False},
        "xAxis": {"type": "value"},
        "yAxis": {"type": "category", "data": table.column(0), "inverse": True},
        "series": [{"type": "bar", "name": str(table.columns[column].label), "data": table.column(column)}],
        "grid": {"left": 16, "right": 24, "top": 16, "bottom": 24, "containLabel": True},
    })
    return option
