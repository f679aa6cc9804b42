"""Owners' votes: draft, announce (freezing the roll), take ballots in the window, count and publish.

``vote_transition`` is the one writer of ``OwnersVote.state``::

    draft ──announce──▶ announced ──count──▶ counted
      └───────cancel───────┴──────cancel──▶ cancelled

Ballots are taken while the vote is announced and its window is open. ``ballot_enter`` and ``ballot_void`` take
the vote's row lock, as ``count`` does, so no ballot slips in while a vote is being counted.
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sanji.core import clock
from sanji.core.errors import Conflict, IllegalTransition, InvalidInput, NotFound
from sanji.core.inputs import clean_text, parse_id, parse_moment

from .. import tally as counting
from ..deadlines import ANNOUNCE_BEFORE_VOTE
from ..models import Ballot, Channel, Choice, Matter, Owner, OwnersVote, RollUnit, Unit, VoteEvent, VoteState
from ..selectors import compound_access, vote_access

ALLOWED = {
    "announce": ({VoteState.DRAFT}, VoteState.ANNOUNCED),
    "count": ({VoteState.ANNOUNCED}, VoteState.COUNTED),
    "cancel": ({VoteState.DRAFT, VoteState.ANNOUNCED}, VoteState.CANCELLED),
}
MIN_WINDOW = dt.timedelta(days=1)
MAX_WINDOW = dt.timedelta(days=92)


def vote_create(*, actor, compound_id, matter, title: str, proposal: str, opens_at, closes_at) -> OwnersVote:
    """Draft an owners' vote on one of the nine matters, with its ballot window."""
    matter = _matter(matter)
    title = clean_text(title, field="title", max_length=120, required=True, message=_("Give the vote a title."))
    proposal = clean_text(proposal, field="proposal", max_length=8000, required=True,
                          message=_("Write out the proposal the owners vote on."))
    opens_at, closes_at = parse_moment(opens_at, field="opens_at"), parse_moment(closes_at, field="closes_at")
    if closes_at <= opens_at:
        raise InvalidInput(_("The ballot must close after it opens."), field="closes_at")
    if closes_at - opens_at < MIN_WINDOW:
        raise InvalidInput(_("A ballot stays open at least one day, so that owners can take part."),
                           field="closes_at")
    if closes_at - opens_at > MAX_WINDOW:
        raise InvalidInput(_("A ballot stays open at most 92 days."), field="closes_at")
    with transaction.atomic():
        compound = compound_access(actor, compound_id)
        now = clock.now()
        vote = OwnersVote.objects.create(
            compound=compound, matter=matter, title=title, proposal=proposal, opens_at=opens_at,
            closes_at=closes_at, created_by=actor, created_at=now,
        )
        VoteEvent.objects.create(vote=vote, kind="drafted", actor=actor, at=now)
    return vote


def vote_transition(*, actor, vote_id, action: str, reason: str = "") -> OwnersVote:
    """Move the vote by ``action`` (announce, count, cancel); refuse a move its state or time does not allow."""
    if action not in ALLOWED:
        raise InvalidInput(_("Unknown action."), field="action")
    sources, target = ALLOWED[action]
    with transaction.atomic():
        vote = vote_access(actor, vote_id, lock=True)
        if vote.state not in sources:
            raise IllegalTransition(_("This is not possible while the vote is %(state)s.")
                                    % {"state": vote.get_state_display()})
        now = clock.now()
        params = {}
        if action == "announce":
            _announce(vote, now)
        elif action == "count":
            if now < vote.closes_at:
                raise IllegalTransition(_("The vote can be counted once its ballot has closed, on %(at)s.")
                                        % {"at": _local(vote.closes_at)})
            vote.result = count(vote)
            vote.counted_at = now
            params = {"passed": vote.result["passed"]}
        else:
            reason = clean_text(reason, field="reason", max_length=300, required=True,
                                message=_("Say why the vote is cancelled."))
            params = {"reason": reason}
        vote.state = target
        vote.save(update_fields=["state", "announced_at", "counted_at", "result"])
        VoteEvent.objects.create(vote=vote, kind=target, actor=actor, at=now, params=params)
    return vote


def _announce(vote: OwnersVote, now: dt.datetime) -> None:
    if vote.opens_at - now < ANNOUNCE_BEFORE_VOTE:
        raise IllegalTransition(
            _("The meeting notice must be published at least 15 days before the ballot opens; announced now, the "
              "ballot can open on %(day)s at the earliest. Move the window first.")
            % {"day": timezone.localdate(now + ANNOUNCE_BEFORE_VOTE).isoformat()}
        )
    units = list(Unit.objects.filter(building__compound=vote.compound_id).select_related("owner"))
    if not units:
        raise IllegalTransition(_("Register the compound's units and owners before announcing a vote."))
    RollUnit.objects.bulk_create(
        RollUnit(vote=vote, unit=u, owner=u.owner, area=u.area, is_developer=u.owner.is_developer) for u in units
    )
    vote.announced_at = now


def count(vote: OwnersVote) -> dict:
    """Return the published result of ``vote``: the tally of its frozen roll and its valid ballots."""
    roll = [
        counting.Unit(id=str(r.unit_id), area=r.area, owner=str(r.owner_id), developer=r.is_developer)
        for r in RollUnit.objects.filter(vote=vote).order_by("unit_id")
    ]
    ballots = [
        counting.Ballot(owner=str(owner_id), choice=choice)
        for owner_id, choice in Ballot.objects.filter(vote=vote, voided_at__isnull=True)
        .order_by("pk").values_list("owner_id", "choice")
    ]
    result = counting.tally(vote.matter, roll, ballots)
    published = result.as_json()
    published.update({
        "no_area": _decimal(result.no_area), "no_owners": result.no_owners,
        "abstain_area": _decimal(result.abstain_area), "abstain_owners": result.abstain_owners,
        "checks": [
            {"name": c.name, "numerator": _decimal(c.numerator), "denominator": _decimal(c.denominator),
             "threshold": f"{c.threshold.numerator}/{c.threshold.denominator}", "strict": c.strict, "met": c.met}
            for c in result.checks
        ],
    })
    return published


def ballot_enter(*, actor, vote_id, owner_id, choice: str, channel: str = Channel.PAPER) -> Ballot:
    """Record one owner's ballot in the open window: a paper ballot by staff, or the owner's own online.

    An owner who is a user casts his or her own ballot with ``channel="online"``; staff enter paper ballots.
    """
    if choice not in Choice.values:
        raise InvalidInput(_("Choose yes, no or abstain."), field="choice")
    if channel not in Channel.values:
        raise InvalidInput(_("Unknown channel."), field="channel")
    with transaction.atomic():
        if channel == Channel.ONLINE:
            vote = vote_access(actor, vote_id, lock=True, as_owner=True)
            owner = Owner.objects.filter(pk=parse_id(owner_id), compound=vote.compound_id, user=actor).first()
        else:
            vote = vote_access(actor, vote_id, lock=True)
            owner = Owner.objects.filter(pk=parse_id(owner_id), compound=vote.compound_id).first()
        _window_open(vote)
        if owner is None or not RollUnit.objects.filter(vote=vote, owner=owner).exists():
            raise InvalidInput(_("Choose an owner on this vote's roll."), field="owner")
        now = clock.now()
        try:
            with transaction.atomic():
                ballot = Ballot.objects.create(
                    vote=vote, owner=owner, choice=choice, channel=channel, entered_by=actor, entered_at=now
                )
        except IntegrityError:
            raise Conflict(_("%(owner)s has already voted. To correct a paper ballot, void it first.")
                           % {"owner": owner.name}) from None
        VoteEvent.objects.create(vote=vote, kind="ballot_entered", actor=actor, at=now, params={
            "ballot": ballot.pk, "owner": owner.pk, "choice": choice, "channel": channel})
    return ballot


def ballot_void(*, actor, vote_id, ballot_id, reason: str) -> Ballot:
    """Void a wrongly entered paper ballot in the open window, keeping it with the reason, so it can be entered again.

    A ballot an owner cast online is the owner's own: staff cannot void it.
    """
    reason = clean_text(reason, field="reason", max_length=200, required=True,
                        message=_("Say why the ballot is voided."))
    with transaction.atomic():
        vote = vote_access(actor, vote_id, lock=True)
        _window_open(vote)
        ballot = Ballot.objects.filter(vote=vote, pk=parse_id(ballot_id), voided_at__isnull=True,
                                       channel=Channel.PAPER).first()
        if ballot is None:
            raise NotFound()
        now = clock.now()
        ballot.voided_at, ballot.void_reason = now, reason
        ballot.save(update_fields=["voided_at", "void_reason"])
        VoteEvent.objects.create(vote=vote, kind="ballot_voided", actor=actor, at=now, params={
            "ballot": ballot.pk, "owner": ballot.owner_id, "reason": reason})
    return ballot


def _window_open(vote: OwnersVote) -> None:
    now = clock.now()
    if vote.state != VoteState.ANNOUNCED:
        raise IllegalTransition(_("Ballots are taken only while the vote is announced and open."))
    if now < vote.opens_at:
        raise IllegalTransition(_("The ballot opens on %(at)s.") % {"at": _local(vote.opens_at)})
    if now >= vote.closes_at:
        raise IllegalTransition(_("The ballot closed on %(at)s; no ballot can be taken after that.")
                                % {"at": _local(vote.closes_at)})


def _matter(value) -> int:
    number = parse_id(value)
    if number is None or number not in Matter.values:
        raise InvalidInput(_("Choose one of the nine matters of Civil Code art. 278."), field="matter")
    return number


def _local(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _decimal(value) -> str | int:
    return value if isinstance(value, int) else format(value, "f")
