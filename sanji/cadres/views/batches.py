"""The district's batch pages: list and create batches, fill one, propose, adjust, place."""

import rules
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sanji.core.errors import InvalidInput, NotFound
from sanji.core.models import Area
from sanji.core.pages import act

from ..models import Difficulty, Mode, Role, Side
from ..selectors.access import batch_access, batches_in_scope
from ..selectors.batches import pool_for, proposal_view
from ..services import batches as services
from ..services import proposals


def _gate(request):
    if not rules.has_perm("cadres.run_batches", request.user):
        raise NotFound()


def _list_page(request, *, error=None, values=None):
    return render(request, "cadres/batches.html", {
        "batches": batches_in_scope(request.user), "error": error, "values": values or {}})


@login_required
def batch_list(request):
    _gate(request)
    return _list_page(request)


@login_required
@require_POST
def batch_create(request):
    _gate(request)
    post = request.POST
    return act(request, lambda: services.batch_create(
        actor=request.user, name=post.get("name", ""), starts_on=post.get("starts_on", ""),
        ends_on=post.get("ends_on", ""), max_age=post.get("max_age", ""),
        without_grassroots_only=post.get("without_grassroots_only") == "on",
        weight_ability=post.get("weight_ability", ""), weight_business=post.get("weight_business", ""),
        weight_professional=post.get("weight_professional", "")),
        done=_("Batch created."), page=lambda **kw: _list_page(request, **kw), to=None)


def _page(request, batch, *, error=None, values=None):
    return render(request, "cadres/batch.html", {
        "batch": batch,
        "entries": batch.entries.select_related("cadre__agency", "cadre__home_community"),
        "places": batch.places.select_related("community", "community__cadre_need"),
        "pool": pool_for(batch),
        "communities": Area.objects.filter(level="community").exclude(
            pk__in=batch.places.values("community")).select_related("parent"),
        "batch_communities": [p.community for p in batch.places.select_related("community")],
        "view": proposal_view(batch),
        "adjustments": (batch.proposals.first().adjustments.select_related(
            "cadre", "from_community", "to_community", "swapped_with", "actor") if batch.proposals.exists() else []),
        "modes": Mode.choices, "sides": Side.choices, "roles": Role.choices, "difficulty": Difficulty,
        "placements": batch.placements.select_related("cadre", "community"),
        "chosen_prefs": values.getlist("prefs") if hasattr(values, "getlist") else [],
        "error": error, "values": values or {},
    })


@login_required
def batch_detail(request, pk):
    _gate(request)
    return _page(request, batch_access(request.user, pk))


def _post(request, pk, call, done):
    _gate(request)
    batch = batch_access(request.user, pk)
    return act(request, lambda: call(batch, request.POST), done=done, to=f"/cadres/batches/{batch.pk}/",
               page=lambda **kw: _page(request, batch, **kw))


@login_required
@require_POST
def add_cadre(request, pk):
    return _post(request, pk, lambda b, p: services.batch_add_cadre(
        actor=request.user, batch_id=b.pk, cadre_id=p.get("cadre"), role=p.get("role", Role.MEMBER),
        prefs=p.getlist("prefs")), _("Cadre added."))


@login_required
@require_POST
def add_community(request, pk):
    return _post(request, pk, lambda b, p: services.batch_add_community(
        actor=request.user, batch_id=b.pk, community_id=p.get("community"), capacity=p.get("capacity")),
        _("Community added."))


@login_required
@require_POST
def remove(request, pk):
    return _post(request, pk, lambda b, p: services.batch_remove(
        actor=request.user, batch_id=b.pk, cadre_id=p.get("cadre"), community_id=p.get("community")),
        _("Removed from the batch."))


@login_required
@require_POST
def propose(request, pk):
    return _post(request, pk, lambda b, p: proposals.proposal_make(
        actor=request.user, batch_id=b.pk, mode=p.get("mode", ""), side=p.get("side", Side.COMMUNITY)),
        _("A new proposal is ready."))


@login_required
@require_POST
def move(request, pk):
    def call(batch, post):
        target = post.get("target", "")
        if target.startswith("swap:"):
            return proposals.proposal_swap(actor=request.user, proposal_id=post.get("proposal"),
                                           cadre_id=post.get("cadre"), other_cadre_id=target[5:],
                                           reason=post.get("reason", ""))
        if not target.startswith("to:"):
            raise InvalidInput(_("Choose the change to make."), field="target")
        return proposals.proposal_move(actor=request.user, proposal_id=post.get("proposal"),
                                       cadre_id=post.get("cadre"), community_id=target[3:],
                                       reason=post.get("reason", ""))
    return _post(request, pk, call, _("The proposal was changed."))


@login_required
@require_POST
def transition(request, pk, action):
    if action not in ("place", "close"):
        raise NotFound()
    done = _("The cadres are placed.") if action == "place" else _("The batch is closed.")
    return _post(request, pk, lambda b, p: services.batch_transition(
        actor=request.user, batch_id=b.pk, action=action, proposal_id=p.get("proposal")), done)

