"""A consultation's page: live coverage and split, the visit form, who is left for the next round."""

import uuid

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import selectors
from ..models import REACHED, Opinion, Visit
from ..services import consultations as services
from ..spreadsheets import visits_sheet
from .common import act, download, gate


def _page(request, consultation, *, error=None, values=None):
    coverage = selectors.consultation_coverage(consultation)
    return render(request, "property/consultation.html", {
        "consultation": consultation,
        "coverage": coverage,
        "split": [(Opinion(o).label, coverage.split.get(o, 0), coverage.opinion_share(o), o) for o in REACHED],
        "unvisited": selectors.unvisited_by_building(consultation),
        "households": selectors.households_by_building(consultation),
        "recent": Visit.objects.filter(consultation=consultation).select_related("unit__building", "visited_by")[:15],
        "opinions": Opinion.choices,
        # A new key for each form drawn, so a double tap or a resend records the visit once.
        "client_key": (values or {}).get("client_key") or uuid.uuid4().hex,
        "error": error,
        "values": values or {},
    })


@login_required
def consultation(request, pk):
    gate(request)
    response = _page(request, selectors.consultation_access(request.user, pk))
    response["Cache-Control"] = "no-store"  # Back must not bring up a form whose key was already used
    return response


@login_required
@require_POST
def visit(request, pk):
    gate(request)
    found = selectors.consultation_access(request.user, pk)
    return act(request, lambda: services.visit_record(
        actor=request.user, consultation_id=found.pk, unit_id=request.POST.get("unit"),
        opinion=request.POST.get("opinion", ""), remarks=request.POST.get("remarks", ""),
        client_key=request.POST.get("client_key", "")), done=_("Visit recorded."), to=found.get_absolute_url(),
        page=lambda **kw: _page(request, found, **kw))


@login_required
@require_POST
def close(request, pk):
    gate(request)
    found = selectors.consultation_access(request.user, pk)
    return act(request, lambda: services.consultation_close(
        actor=request.user, consultation_id=found.pk, note=request.POST.get("note", "")),
        done=_("The consultation is closed."), page=lambda **kw: _page(request, found, **kw))


@login_required
def visits_xlsx(request, pk):
    gate(request)
    found = selectors.consultation_access(request.user, pk)
    visits = Visit.objects.filter(consultation=found).select_related("unit__building", "visited_by").order_by(
        "visited_at", "pk")
    return download(visits_sheet(found, visits), f"consultation-{found.pk}-visits.xlsx")
