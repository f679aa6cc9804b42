"""An owners' vote's page: the window, turnout, ballot entry, the count with its arithmetic, and the records."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sanji.core import clock
from sanji.core.errors import NotFound

from .. import selectors
from ..models import Choice, Owner, RollUnit, VoteState
from ..presenters import VOTE_EVENTS, arithmetic, event_text
from ..printing import result_notice_pdf
from ..selectors.registry import natural_key
from ..services import votes as services
from ..spreadsheets import ballots_sheet
from .common import act, download, gate

BALLOTS_SHOWN = 50
ACTION_DONE = {
    "announce": gettext_lazy("The meeting notice is published and the roll is fixed."),
    "count": gettext_lazy("The vote is counted and the result published."),
    "cancel": gettext_lazy("The vote is cancelled."),
}


def _page(request, vote, *, error=None, values=None):
    now = clock.now()
    voted = selectors.ballots_of(vote).values("owner")
    return render(request, "property/vote.html", {
        "vote": vote,
        "window_open": vote.state == VoteState.ANNOUNCED and vote.opens_at <= now < vote.closes_at,
        "closed": now >= vote.closes_at,
        "progress": selectors.vote_progress(vote),
        "ballots": selectors.ballots_of(vote, include_voided=True).order_by("-entered_at", "-pk")[:BALLOTS_SHOWN],
        "ballot_count": selectors.ballots_of(vote, include_voided=True).count(),
        "waiting": _waiting(vote, voted),
        "choices": Choice.choices,
        "result": arithmetic(vote.result) if vote.result else None,
        "events": _events(vote),
        "error": error,
        "values": values or {},
    })


def _waiting(vote, voted) -> list[tuple[str, list]]:
    """Return the owners on the roll who have not voted, by building, each labelled with its units, as staff find
    them on a paper ballot (which names the unit)."""
    units: dict[int, list] = {}
    owners = {}
    for roll in RollUnit.objects.filter(vote=vote).exclude(owner__in=voted).select_related("unit__building", "owner"):
        units.setdefault(roll.owner_id, []).append(roll.unit)
        owners[roll.owner_id] = roll.owner
    groups: dict[str, list] = {}
    for owner_id, held in units.items():
        held.sort(key=lambda u: (natural_key(u.building.name), natural_key(u.number)))
        first = held[0]
        label = "、".join(f"{u.building.name}{u.number}" for u in held[:3]) + ("…" if len(held) > 3 else "")
        groups.setdefault(first.building.name, []).append((natural_key(first.number), owners[owner_id], label))
    return [(name, [(owner, label) for _key, owner, label in sorted(items, key=lambda i: i[0])])
            for name, items in sorted(groups.items(), key=lambda g: natural_key(g[0]))]


def _events(vote) -> list:
    events = list(vote.events.select_related("actor").order_by("-at", "-pk")[:40])
    ids = {e.params.get("owner") for e in events if isinstance(e.params.get("owner"), int)}
    owners = dict(Owner.objects.filter(pk__in=ids).values_list("pk", "name"))
    return [(e, event_text(e, VOTE_EVENTS, owners)) for e in events]


@login_required
def vote(request, pk):
    gate(request)
    return _page(request, selectors.vote_access(request.user, pk))


@login_required
@require_POST
def transition(request, pk, action):
    gate(request)
    found = selectors.vote_access(request.user, pk)
    return act(request, lambda: services.vote_transition(
        actor=request.user, vote_id=found.pk, action=action, reason=request.POST.get("reason", "")),
        done=str(ACTION_DONE.get(action, "")), page=lambda **kw: _page(request, found, **kw))


@login_required
@require_POST
def ballot(request, pk):
    gate(request)
    found = selectors.vote_access(request.user, pk)
    return act(request, lambda: services.ballot_enter(
        actor=request.user, vote_id=found.pk, owner_id=request.POST.get("owner"),
        choice=request.POST.get("choice", "")), done=_("Ballot entered."), to=found.get_absolute_url(),
        page=lambda **kw: _page(request, found, **kw))


@login_required
@require_POST
def void(request, pk, ballot_pk):
    gate(request)
    found = selectors.vote_access(request.user, pk)
    return act(request, lambda: services.ballot_void(
        actor=request.user, vote_id=found.pk, ballot_id=ballot_pk, reason=request.POST.get("reason", "")),
        done=_("The ballot is voided; the owner's ballot can be entered again."), to=found.get_absolute_url(),
        page=lambda **kw: _page(request, found, **kw))


@login_required
def ballots_xlsx(request, pk):
    gate(request)
    found = selectors.vote_access(request.user, pk)
    return download(ballots_sheet(found, selectors.ballot_rows(found)), f"vote-{found.pk}-ballots.xlsx")


@login_required
def notice_pdf(request, pk):
    """Return the printable result notice of a counted vote (as a page, or as a 404 before the count)."""
    found = selectors.vote_access(request.user, pk, as_owner=True)
    if found.state != VoteState.COUNTED:
        raise NotFound(_("The result notice exists once the vote is counted."))
    return download(result_notice_pdf(found), f"vote-{found.pk}-result.pdf", "application/pdf")
