"""A placement's page: the cadre's log, tasks, reports and documents; the community's and agency's forms."""

import rules
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sanji.core import clock
from sanji.core.errors import NotFound
from sanji.core.pages import act

from ..models import EvaluationSide, Grade, LogKind, ReportKind, Stage
from ..rules import covers_community, desk_agency_ids, is_placed_cadre
from ..selectors.access import placement_access
from ..selectors.work import placements_listed
from ..services import placements as services
from ..services import reports


@login_required
def placement_list(request):
    found = placements_listed(request.user)
    if not found.exists():
        raise NotFound()
    return render(request, "cadres/placements.html", {"placements": found})


def _page(request, placement, *, error=None, values=None):
    user = request.user
    return render(request, "cadres/placement.html", {
        "placement": placement,
        "today": clock.today(),
        "is_cadre": is_placed_cadre(user, placement),
        "active": placement.is_active_on(clock.today()),
        "for_community": covers_community(user, placement.community),
        "for_agency": placement.cadre.agency_id in desk_agency_ids(user),
        "can_recall": rules.has_perm("cadres.recall", user),
        "log": placement.log.all()[:50],
        "tasks": placement.tasks.select_related("assigned_by"),
        "evaluations": placement.evaluations.select_related("by"),
        "reports": placement.reports.select_related("agency"),
        "receipts": placement.receipts.select_related("bulletin__agency"),
        "whistles": placement.whistles.all(),
        "log_kinds": LogKind.choices, "report_kinds": ReportKind.choices, "stages": Stage.choices,
        "grades": Grade.choices, "sides": EvaluationSide.choices,
        "error": error, "values": values or {},
    })


@login_required
def placement_detail(request, pk):
    return _page(request, placement_access(request.user, pk))


def _post(request, pk, call, done):
    placement = placement_access(request.user, pk)
    if not rules.has_perm("cadres.view_placement", request.user, placement):
        raise NotFound()
    return act(request, lambda: call(placement, request.POST), done=done, to=f"/cadres/placements/{placement.pk}/",
               page=lambda **kw: _page(request, placement, **kw))


@login_required
@require_POST
def log_add(request, pk):
    return _post(request, pk, lambda pl, p: services.log_add(
        actor=request.user, placement_id=pl.pk, on=p.get("on", ""), kind=p.get("kind", ""), text=p.get("text", ""),
        people=p.get("people", "")), _("Added to the log."))


@login_required
@require_POST
def task_assign(request, pk):
    return _post(request, pk, lambda pl, p: services.task_assign(
        actor=request.user, placement_id=pl.pk, title=p.get("title", ""), detail=p.get("detail", ""),
        due_on=p.get("due_on", "")), _("Task given."))


@login_required
@require_POST
def task_done(request, pk):
    return _post(request, pk, lambda pl, p: services.task_done(
        actor=request.user, task_id=p.get("task"), note=p.get("note", "")), _("Task marked done."))


@login_required
@require_POST
def evaluate(request, pk):
    return _post(request, pk, lambda pl, p: services.evaluation_record(
        actor=request.user, placement_id=pl.pk, stage=p.get("stage", ""), side=p.get("side", ""),
        grade=p.get("grade", ""), comment=p.get("comment", "")), _("Evaluation recorded."))


@login_required
@require_POST
def recall(request, pk):
    return _post(request, pk, lambda pl, p: services.placement_recall(
        actor=request.user, placement_id=pl.pk, on=p.get("on", ""), reason=p.get("reason", "")),
        _("The cadre is recalled."))


@login_required
@require_POST
def report_file(request, pk):
    return _post(request, pk, lambda pl, p: reports.report_file(
        actor=request.user, placement_id=pl.pk, kind=p.get("kind", ""), title=p.get("title", ""),
        body=p.get("body", "")), _("Report sent to your home agency."))


@login_required
@require_POST
def receipt(request, pk):
    def call(placement, post):
        if post.get("how", "").strip() or post.get("action") == "explain":
            return reports.receipt_explain(actor=request.user, receipt_id=post.get("receipt"),
                                           how=post.get("how", ""), audience=post.get("audience", ""))
        return reports.receipt_acknowledge(actor=request.user, receipt_id=post.get("receipt"))
    return _post(request, pk, call, _("Recorded."))
