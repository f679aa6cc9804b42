"""``GET /api/v1/metrics``: the dashboard's figures for an area the caller may see. Thin."""

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from sanji.wishes.schemas import ERRORS

from .dashboard import dashboard_build
from .presenters import dashboard_json
from .slices import figures_request

router = Router(tags=["insights"])


class MetricsQuery(Schema):
    area: str = Field("", description="division code of the area; by default the caller's widest area")
    from_: str = Field("", alias="from", description="first month, YYYY-MM; by default 11 months before `to`")
    to: str = Field("", description="last month, YYYY-MM; by default this month")
    category: str = Field("", description="a duty category or type code")
    group: str = Field("", description="a priority group code")


@router.get("/metrics", response={200: dict, **ERRORS})
def metrics(request: HttpRequest, query: Query[MetricsQuery]):
    """Return the measures of domain.md §5 for an area the caller may see, scoped to the caller.

    Each rate is ``{"rate", "numerator", "denominator"}`` (``rate`` a 4-place decimal string, null when
    nothing was due); ``by_month``, ``by_area``, ``by_category`` and ``by_group`` break them down.
    """
    params = {"area": query.area, "from": query.from_, "to": query.to, "category": query.category,
              "group": query.group}
    return dashboard_json(dashboard_build(figures_request(request.auth, params)))
