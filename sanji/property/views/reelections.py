"""A re-election's page: the steps with their deadlines, candidates and their review, objections, each step's form."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .. import selectors
from ..models import Route, Step
from ..presenters import REELECTION_EVENTS, event_text
from ..services import reelections as services
from .common import act, gate

STEPS = [Step.PREPARING, Step.ANNOUNCED, Step.ELECTED, Step.OFFICERS_CHOSEN, Step.HANDED_OVER, Step.FILED]
DONE = {
    "announce": gettext_lazy("The candidates and the meeting are announced, and the owners' vote is scheduled."),
    "elect": gettext_lazy("The election result is recorded."),
    "choose_officers": gettext_lazy("The chair and vice-chair are recorded."),
    "hand_over": gettext_lazy("The hand-over is recorded; the new committee is in office."),
    "file": gettext_lazy("The filing with the street is recorded. The re-election is complete."),
}


def _page(request, reelection, *, error=None, values=None):
    position = STEPS.index(reelection.step)
    return render(request, "property/reelection.html", {
        "reelection": reelection,
        "steps": [(step.label, i < position, i == position) for i, step in enumerate(STEPS)],
        "deadlines": selectors.deadlines_of(reelection),
        "candidates": selectors.candidates_of(reelection),
        "owners": selectors.owner_choices(reelection.compound, limit=2000),
        "routes": Route.choices,
        "criteria": services.CRITERIA.items(),
        "objections": reelection.objections.select_related("answered_by"),
        "members": reelection.elected.members.select_related("owner") if reelection.elected_id else [],
        "events": [(e, event_text(e, REELECTION_EVENTS))
                   for e in reelection.events.select_related("actor").order_by("-at", "-pk")[:40]],
        "can_file": request.user.has_perm("property.form_group", reelection.compound),
        "error": error,
        "values": values or {},
        "failed": (values or {}).get("form", ""),
        "ticked": set(values.getlist("met")) if hasattr(values, "getlist") else set(),
    })


@login_required
def reelection(request, pk):
    gate(request)
    return _page(request, selectors.reelection_access(request.user, pk))


def _do(request, pk, call, done):
    gate(request)
    found = selectors.reelection_access(request.user, pk)
    return act(request, lambda: call(found), done=str(done), to=found.get_absolute_url(),
               page=lambda **kw: _page(request, found, **kw))


@login_required
@require_POST
def step(request, pk, action):
    details = {key: request.POST.get(key) for key in ("opens_at", "closes_at", "chair", "vice_chair", "note")}
    return _do(request, pk, lambda r: services.reelection_transition(
        actor=request.user, reelection_id=r.pk, action=action, **details), DONE.get(action, ""))


@login_required
@require_POST
def nominate(request, pk):
    return _do(request, pk, lambda r: services.candidate_nominate(
        actor=request.user, reelection_id=r.pk, owner_id=request.POST.get("owner"), route=request.POST.get("route", ""),
        nominators=request.POST.get("nominators", ""), statement=request.POST.get("statement", "")),
        _("The candidate is nominated and waits for the party organisation's review."))


@login_required
@require_POST
def review(request, pk, candidate_pk):
    return _do(request, pk, lambda r: services.candidate_review(
        actor=request.user, reelection_id=r.pk, candidate_id=candidate_pk,
        met=set(request.POST.getlist("met")) & set(services.CRITERIA), reason=request.POST.get("reason", "")),
        _("The review is recorded."))


@login_required
@require_POST
def objection(request, pk):
    return _do(request, pk, lambda r: services.objection_raise(
        actor=request.user, reelection_id=r.pk, text=request.POST.get("text", ""),
        raised_by=request.POST.get("raised_by", "")), _("The objection is recorded; answer it before the vote opens."))


@login_required
@require_POST
def answer(request, pk, objection_pk):
    return _do(request, pk, lambda r: services.objection_answer(
        actor=request.user, reelection_id=r.pk, objection_id=objection_pk, answer=request.POST.get("answer", "")),
        _("The answer is recorded."))
