"""The cadres' start page, which shows each person the part that is his or hers, and the needs page."""

import rules
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sanji.core import clock
from sanji.core.errors import NotFound
from sanji.core.models import Area
from sanji.core.pages import act
from sanji.core.scope import area_q

from ..models import CommunityNeed, Difficulty, Skill
from ..rules import community_areas
from ..selectors.work import own_placements
from ..services.pool import need_publish


@login_required
def index(request):
    user = request.user
    context = {
        "runs_batches": rules.has_perm("cadres.run_batches", user),
        "for_communities": rules.has_perm("cadres.act_for_communities", user),
        "desk": rules.has_perm("cadres.work_desk", user),
        "mine": own_placements(user),
    }
    today = clock.today()
    context["whistles"] = bool(context["for_communities"] or context["desk"]
                               or any(p.is_active_on(today) for p in context["mine"]))
    if not any(context.values()):
        raise NotFound()
    return render(request, "cadres/index.html", context)


def _needs_page(request, *, error=None, values=None):
    communities = Area.objects.filter(area_q(community_areas(request.user)), level="community")
    needs = {n.community_id: n for n in CommunityNeed.objects.filter(community__in=communities)}
    refused = str((values or {}).get("community", "")) if error else ""
    rows = []
    for community in communities.select_related("parent"):
        need = needs.get(community.pk)
        if refused == str(community.pk):  # the form that was refused: what was typed, and the error beside it
            shown = {"difficulty": values.get("difficulty", ""), "weak": values.get("weak_foundation") == "on",
                     "wanted": values.getlist("wanted"), "capacity": values.get("capacity", ""),
                     "note": values.get("note", ""), "error": error}
        else:
            shown = {"difficulty": str(need.difficulty) if need else "", "weak": bool(need and need.weak_foundation),
                     "wanted": need.wanted if need else [], "capacity": need.capacity if need else 2,
                     "note": need.note if need else "", "error": None}
        rows.append((community, need, shown))
    return render(request, "cadres/needs.html", {
        "rows": rows, "skills": Skill.choices, "difficulties": Difficulty.choices,
        "error": error if error and not refused else None})


@login_required
def needs(request):
    if not rules.has_perm("cadres.act_for_communities", request.user):
        raise NotFound()
    return _needs_page(request)


@login_required
@require_POST
def need_save(request):
    post = request.POST
    return act(request, lambda: need_publish(
        actor=request.user, community_id=post.get("community"), difficulty=post.get("difficulty", ""),
        weak_foundation=post.get("weak_foundation") == "on", wanted=post.getlist("wanted"),
        capacity=post.get("capacity", ""), note=post.get("note", "")), done=_("The community's needs are saved."),
        to="/cadres/needs/", page=lambda **kw: _needs_page(request, **kw))
