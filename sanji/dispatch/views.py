"""Dispatch pages: ranked candidates of a wish, and batch proposals. Thin: fetch, call a service, render."""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from sanji.core.errors import NotFound, SanjiError
from sanji.core.models import Claimer
from sanji.wishes import selectors as wish_selectors
from sanji.wishes.transitions import available_actions

from . import selectors, services
from .explain import explain, level_labels
from .models import BatchState, LineOutcome, Objective

EMBEDDED_CANDIDATES = 5


def _reviewer_only(request):
    if not rules.has_perm("dispatch.run_batches", request.user):
        raise NotFound()


@login_required
def wish_candidates(request, pk):
    """Show who should take a wish and why; a reviewer can dispatch to one from here."""
    wish = wish_selectors.wish_access(request.user, pk)
    can_dispatch = any(a.name == "dispatch" for a in available_actions(request.user, wish))
    if not can_dispatch:
        raise NotFound()
    ranked = selectors.candidates_for(wish)
    embedded = bool(request.headers.get("HX-Request"))  # on the review page: the best few, and a link to all
    shown = ranked[:EMBEDDED_CANDIDATES] if embedded else ranked
    return render(request, "dispatch/_candidates.html" if embedded else "dispatch/candidates.html", {
        "wish": wish,
        "levels": level_labels(selectors.responsible_levels(wish)),
        "candidates": [{**c, "why": explain(c["scored"].reasons)} for c in shown],
        "more": len(ranked) - len(shown),
    })


@login_required
def batches(request):
    _reviewer_only(request)
    error = None
    if request.method == "POST":
        try:
            batch = services.batch_propose(
                actor=request.user,
                area_id=request.POST.get("area"),
                objective=request.POST.get("objective") or Objective.MAX_SCORE,
            )
        except SanjiError as exc:
            error = exc
        else:
            return redirect(batch)
    return render(
        request,
        "dispatch/batches.html",
        {
            "areas": selectors.batch_area_choices(request.user),
            "objectives": Objective.choices,
            "batches": selectors.batches_visible(request.user)[:20],
            "error": error,
            "chosen_area": request.POST.get("area", ""),
            "chosen_objective": request.POST.get("objective") or Objective.MAX_SCORE,
        },
        status=error.status if error else 200,
    )


def _batch_context(request, batch, *, error=None, failed_line=None):
    lines = list(
        batch.lines.select_related(
            "wish__community",
            "wish__beneficiary",
            "wish__duty_type",
            "claimer__member",
            "claimer__partner_unit",
            "claimer__party_org",
            "claimer__area",
        )
    )
    names = {
        c.pk: c.name
        for c in Claimer.objects.filter(
            pk__in={cand["id"] for line in lines for cand in line.candidates}
        ).select_related("member", "partner_unit", "party_org", "area")
    }
    per_claimer = {}
    for line in lines:
        if line.claimer_id:
            per_claimer[line.claimer_id] = per_claimer.get(line.claimer_id, 0) + 1
    return {
        "batch": batch,
        "error": error,
        "failed_line": failed_line,
        "editable": batch.state == BatchState.PROPOSED,
        "lines": [
            {
                "line": line,
                "why": explain(line.reasons),
                "candidates": [
                    {"id": c["id"], "name": names.get(c["id"], "?"), "score": c["score"]} for c in line.candidates
                ],
            }
            for line in lines
        ],
        "assigned": sum(1 for line in lines if line.claimer_id),
        "dispatched": sum(1 for line in lines if line.outcome == LineOutcome.DISPATCHED),
        "claimers": len(per_claimer),
    }


@login_required
def batch(request, pk):
    _reviewer_only(request)
    item = selectors.batch_access(request.user, pk)
    return render(request, "dispatch/batch.html", _batch_context(request, item))


@login_required
@require_POST
def line_edit(request, pk, line_pk):
    _reviewer_only(request)
    try:
        services.batch_line_set(
            actor=request.user, batch_id=pk, line_id=line_pk, claimer_id=request.POST.get("claimer")
        )
    except NotFound:
        raise Http404 from None
    except SanjiError as exc:
        item = selectors.batch_access(request.user, pk)
        return render(
            request,
            "dispatch/batch.html",
            _batch_context(request, item, error=exc, failed_line=line_pk),
            status=exc.status,
        )
    messages.success(request, _("The proposal was changed."))
    return redirect("dispatch:batch", pk=pk)


def _decide(request, pk, decision):
    _reviewer_only(request)
    try:
        item = services.batch_decide(actor=request.user, batch_id=pk, decision=decision)
    except NotFound:
        raise Http404 from None
    except SanjiError as exc:
        item = selectors.batch_access(request.user, pk)
        return render(request, "dispatch/batch.html", _batch_context(request, item, error=exc), status=exc.status)
    if decision == "confirm":
        sent = item.lines.filter(outcome=LineOutcome.DISPATCHED).count()
        messages.success(request, ngettext("%(n)d wish was dispatched; its claimer has been told.",
                                           "%(n)d wishes were dispatched; their claimers have been told.", sent)
                         % {"n": sent})
    else:
        messages.success(request, _("The proposal was discarded; nothing was sent."))
    return redirect("dispatch:batch", pk=pk)


@login_required
@require_POST
def batch_confirm(request, pk):
    return _decide(request, pk, "confirm")


@login_required
@require_POST
def batch_discard(request, pk):
    return _decide(request, pk, "discard")


@login_required
def profile(request):
    """Let a party member or a unit's coordinator say what it offers and how much it can take on."""
    claimers = list(selectors.own_profiles(request.user))
    if not claimers:
        raise NotFound()
    error = failed = None
    if request.method == "POST":
        try:
            services.claimer_profile_update(
                actor=request.user, claimer_id=request.POST.get("claimer"), capacity=request.POST.get("capacity"),
                duty_type_codes=request.POST.getlist("duty_types"), speciality=request.POST.get("speciality"),
                occupation=request.POST.get("occupation"))
        except NotFound:
            raise Http404 from None
        except SanjiError as exc:
            error, failed = exc, request.POST.get("claimer")
            for row in claimers:  # show what was typed, not what is stored
                if str(row["claimer"].pk) == failed:
                    row.update(codes=set(request.POST.getlist("duty_types")), capacity=request.POST.get("capacity"),
                               **{k: request.POST[k] for k in ("speciality", "occupation")
                                  if row[k] is not None and k in request.POST})
        else:
            messages.success(request, _("Your service profile was saved."))
            return redirect("dispatch:profile")
    return render(request, "dispatch/profile.html", {
        "claimers": claimers, "categories": selectors.catalogue(), "error": error, "failed": failed,
    }, status=error.status if error else 200)
