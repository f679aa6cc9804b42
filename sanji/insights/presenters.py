"""The dashboard as JSON: every rate as ``{"rate", "numerator", "denominator"}``, every number exact."""

from .dashboard import Dashboard
from .rates import Rate
from .selectors.wishes import Counters


def _decimal(value) -> str | None:
    return None if value is None else str(value)


def counters_json(c: Counters) -> dict:
    """Return one cell's measures: the three rates and the counts beside them."""
    return {
        "response_rate": c.response.as_json(),
        "resolution_rate": c.resolution.as_json(),
        "satisfaction_rate": c.satisfaction.as_json(),
        "submitted": c["submitted"],
        "fulfilled": c["fulfilled"],
        "rejected": c["rejected"],
        "withdrawn": c["withdrawn"],
        "escalated": c["escalated"],
    }


def _jsonable(value):
    """Turn the non-wish summaries (dicts of Rates, Decimals, dates, lazy strings) into JSON values."""
    if isinstance(value, Rate):
        return value.as_json()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def dashboard_json(d: Dashboard) -> dict:
    """Return the dashboard as the ``GET /api/v1/metrics`` body."""
    s = d.slice
    total = d.wishes.total
    return {
        "area": {"code": s.area.code, "id": s.area.pk, "name": s.area.name, "level": s.area.level},
        "from": s.period.first.strftime("%Y-%m"),
        "to": s.period.last.strftime("%Y-%m"),
        "category": d.request.category.code if d.request.category else None,
        "group": d.request.group.code if d.request.group else None,
        "as_of": d.now.isoformat(),
        **counters_json(total),
        "median_days_to_fulfil": _decimal(d.wishes.median_days),
        "open": d.open.open,
        "overdue": d.open.overdue,
        "household_coverage": d.coverage.as_json(),
        "party_members": d.members.members,
        "member_fulfilled": d.members.wishes,
        "member_hours": str(d.members.hours),
        "wishes_per_member": d.members.wishes_per_member.as_json(),
        "by_month": [{"month": m.strftime("%Y-%m"), **counters_json(c)} for m, c in d.months],
        "by_area": [
            {"code": r.area.code, "id": r.area.pk, "name": r.area.name, **counters_json(r.counters),
             "median_days_to_fulfil": _decimal(r.median_days), "open": r.open.open, "overdue": r.open.overdue}
            for r in d.areas
        ],
        "by_category": [{"code": r.code or None, "name": str(r.name), **counters_json(r.counters)} for r in d.types],
        "by_group": [{"code": r.code, "name": r.name, **counters_json(r.counters)} for r in d.groups],
        "property": _jsonable(d.property),
        "cadres": _jsonable(d.cadres),
        "classes": {"top": _jsonable(d.classes), **_jsonable(d.projects)},
    }
