"""An owners' vote's page: the window, turnout, ballot entry, the count with its arithmetic, and the records."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sanji.core import clock
from sanji.core.errors import NotFound

from .. import selectors
from ..models import Choice, Owner, VoteState
from ..presenters import VOTE_EVENTS, arithmetic, event_text
from ..printing import result_notice_pdf
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
    return render(request, "property/vote.html", {
        "vote": vote,
        "window_open": vote.state == VoteState.ANNOUNCED and vote.opens_at <= now < vote.closes_at,
        "closed": now >= vote.closes_at,
        "progress": selectors.vote_progress(vote),
        "ballots": selectors.ballots_of(vote, include_voided=True).order_by("-entered_at", "-pk")[:BALLOTS_SHOWN],
        "ballot_count": selectors.ballots_of(vote, include_voided=True).count(),
        "waiting": selectors.owners_yet_to_vote(vote),
        "choices": Choice.choices,
        "result": arithmetic(vote.result) if vote.result else None,
        "events": _events(vote),
        "error": error,
        "values": values or {},
    })


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
