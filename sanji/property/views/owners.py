"""The owner's own page: the votes of his or her compound, and casting his or her own ballot online."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sanji.core import clock
from sanji.core.errors import NotFound

from .. import selectors
from ..models import Ballot, Channel, Choice, Owner, RollUnit, VoteState
from ..presenters import arithmetic
from ..services import votes as services
from .common import act


def _page(request, *, error=None, values=None):
    owners = list(Owner.objects.filter(user=request.user).select_related("compound"))
    if not owners:
        raise NotFound()
    now = clock.now()
    rows = []
    for vote in selectors.owner_votes(request.user):
        on_roll = set(RollUnit.objects.filter(vote=vote, owner__in=owners).values_list("owner_id", flat=True))
        mine = [o for o in owners if o.pk in on_roll]
        ballot = Ballot.objects.filter(vote=vote, owner__in=mine, voided_at__isnull=True).first()
        rows.append({
            "vote": vote,
            "owner": mine[0] if mine else None,
            "ballot": ballot,
            "open": vote.state == VoteState.ANNOUNCED and vote.opens_at <= now < vote.closes_at,
            "result": arithmetic(vote.result) if vote.state == VoteState.COUNTED else None,
        })
    return render(request, "property/mine.html", {
        "owners": owners, "rows": rows, "choices": Choice.choices, "error": error, "values": values or {},
    })


@login_required
def mine(request):
    return _page(request)


@login_required
@require_POST
def cast(request, pk):
    return act(request, lambda: services.ballot_enter(
        actor=request.user, vote_id=pk, owner_id=request.POST.get("owner"), choice=request.POST.get("choice", ""),
        channel=Channel.ONLINE), done=_("Your ballot is recorded. Thank you."), to=reverse("property:mine"),
        page=lambda **kw: _page(request, **kw))
