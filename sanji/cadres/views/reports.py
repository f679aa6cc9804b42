"""The agency's desk: the inbox of sentinel reports, answering one, sending documents down."""

import rules
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sanji.core.errors import NotFound
from sanji.core.pages import act

from ..models import Agency
from ..rules import desk_agency_ids
from ..selectors.access import report_access
from ..selectors.work import ANSWER_WITHIN_DAYS, bulletins_tracked, inbox
from ..services import reports as services


def _desk(request):
    if not rules.has_perm("cadres.work_desk", request.user):
        raise NotFound()


@login_required
def report_inbox(request):
    _desk(request)
    rows = inbox(request.user)
    return render(request, "cadres/inbox.html", {
        "rows": rows, "waiting": sum(1 for r in rows if r.report.answered_at is None),
        "overdue": sum(1 for r in rows if r.overdue), "within": ANSWER_WITHIN_DAYS})


def _report_page(request, report, *, error=None, values=None):
    return render(request, "cadres/report.html", {
        "report": report, "can_answer": report.agency_id in desk_agency_ids(request.user) and not report.answered_at,
        "error": error, "values": values or {}})


@login_required
def report_detail(request, pk):
    return _report_page(request, report_access(request.user, pk))


@login_required
@require_POST
def report_answer(request, pk):
    report = report_access(request.user, pk)
    return act(request, lambda: services.report_answer(actor=request.user, report_id=report.pk,
                                                       answer=request.POST.get("answer", "")),
               done=_("Answer sent."), to=f"/cadres/reports/{report.pk}/",
               page=lambda **kw: _report_page(request, report, **kw))


def _bulletins_page(request, *, error=None, values=None):
    return render(request, "cadres/bulletins.html", {
        "bulletins": bulletins_tracked(request.user),
        "agencies": Agency.objects.filter(pk__in=desk_agency_ids(request.user)),
        "error": error, "values": values or {}})


@login_required
def bulletin_list(request):
    _desk(request)
    return _bulletins_page(request)


@login_required
@require_POST
def bulletin_publish(request):
    _desk(request)
    post = request.POST
    return act(request, lambda: services.bulletin_publish(
        actor=request.user, agency_id=post.get("agency"), title=post.get("title", ""), body=post.get("body", ""),
        number=post.get("number", "")), done=_("Document sent to the agency's placed cadres."),
        to="/cadres/bulletins/", page=lambda **kw: _bulletins_page(request, **kw))
