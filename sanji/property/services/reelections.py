"""Owners' committee re-election, party-led: start, nominate and review, announce, elect, and hand over.

``reelection_transition`` is the one writer of ``Reelection.step`` (see ``sanji.property.models.reelections`` for
the steps). No step can be skipped: each action names the one step it leaves. Deadlines are not refusals: a step
done late is still done, and the lateness stays flagged (``sanji.property.services.flags``).
"""

import datetime as dt

import rules
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sanji.audit.services import audit_record_bulk
from sanji.core import clock
from sanji.core.errors import Conflict, Forbidden, IllegalTransition, InvalidInput, NotFound
from sanji.core.inputs import clean_text, parse_id

from ..deadlines import start_due
from ..models import (
    Candidate,
    CommitteeMember,
    CommitteeRole,
    CommitteeState,
    CommitteeTerm,
    Initiator,
    Matter,
    Objection,
    Owner,
    Reelection,
    ReelectionEvent,
    Route,
    Step,
    VoteState,
)
from ..selectors import compound_access, reelection_access
from .registry import check_size
from .votes import vote_create, vote_transition

#: What the party organisation checks of each candidate (Qingdao property-management regulation).
CRITERIA = {
    "capacity": gettext_lazy("has full civil capacity"),
    "owner": gettext_lazy("is an owner in the compound"),
    "conduct": gettext_lazy("has no unrectified illegal building and no unpaid property fees"),
    "independent": gettext_lazy("has no interest in the property-service company"),
}

ACTIONS = {
    "announce": (Step.PREPARING, Step.ANNOUNCED),
    "elect": (Step.ANNOUNCED, Step.ELECTED),
    "choose_officers": (Step.ELECTED, Step.OFFICERS_CHOSEN),
    "hand_over": (Step.OFFICERS_CHOSEN, Step.HANDED_OVER),
    "file": (Step.HANDED_OVER, Step.FILED),
}


def reelection_start(*, actor, compound_id, term_years, by_street: bool = False, group_members: str = "") -> Reelection:
    """Start the re-election of the compound's committee in office.

    The committee starts it itself up to 60 days before its term ends (``by_street=False``, entered by the
    community for it); after that day only the street can, by forming a re-election group whose members are
    named in ``group_members``.
    """
    years = parse_id(term_years)
    if years is None or not 1 <= years <= 5:
        raise InvalidInput(_("A committee's term is 1 to 5 years."), field="term_years")
    group_members = clean_text(group_members, field="group_members", max_length=1000)
    with transaction.atomic():
        compound = compound_access(actor, compound_id, lock=True)
        outgoing = CommitteeTerm.objects.filter(compound=compound, state=CommitteeState.CURRENT).first()
        if outgoing is None:
            raise IllegalTransition(_("This compound has no owners' committee in office to re-elect."))
        today = timezone.localdate(clock.now())
        if by_street:
            if not rules.has_perm("property.form_group", actor, compound):
                raise Forbidden(_("Only the street forms a re-election group."))
            if today <= start_due(outgoing.ends_on):
                raise IllegalTransition(
                    _("The committee itself may start its re-election until %(day)s; the street forms a re-election "
                      "group only after that day.") % {"day": start_due(outgoing.ends_on).isoformat()})
            if not group_members:
                raise InvalidInput(
                    _("Name the group's members: the street, the community party organisation, the residents' "
                      "committee and owner representatives."), field="group_members")
        elif today > start_due(outgoing.ends_on):
            raise IllegalTransition(
                _("The committee had to start its re-election by %(day)s, 60 days before its term ends; now the "
                  "street forms a re-election group.") % {"day": start_due(outgoing.ends_on).isoformat()})
        try:
            with transaction.atomic():
                reelection = Reelection.objects.create(
                    compound=compound, outgoing=outgoing, term_years=years, group_members=group_members,
                    initiator=Initiator.STREET_GROUP if by_street else Initiator.COMMITTEE, started_at=clock.now(),
                )
        except IntegrityError:
            raise Conflict(_("A re-election of this compound is already under way.")) from None
        _event(reelection, actor, "started", initiator=reelection.initiator)
    return reelection


def candidate_nominate(*, actor, reelection_id, owner_id, route: str, nominators: str = "", statement: str = ""):
    """Nominate an owner as a candidate by one of the four routes."""
    if route not in Route.values:
        raise InvalidInput(_("Say how the candidate was nominated."), field="route")
    nominators = clean_text(nominators, field="nominators", max_length=500)
    statement = clean_text(statement, field="statement", max_length=2000)
    if route == Route.OWNERS and not nominators:
        raise InvalidInput(_("Name the owners who nominate the candidate jointly."), field="nominators")
    with transaction.atomic():
        reelection = _at(actor, reelection_id, Step.PREPARING, lock=True)
        owner = Owner.objects.filter(pk=parse_id(owner_id), compound=reelection.compound_id, is_developer=False,
                                     units__isnull=False).distinct().first()
        if owner is None:
            raise InvalidInput(_("A candidate must be an owner of a unit in this compound."), field="owner")
        try:
            with transaction.atomic():
                candidate = Candidate.objects.create(
                    reelection=reelection, owner=owner, route=route, nominators=nominators, statement=statement,
                    nominated_by=actor, nominated_at=clock.now(),
                )
        except IntegrityError:
            raise Conflict(_("%(owner)s is already a candidate.") % {"owner": owner.name}) from None
        _event(reelection, actor, "nominated", candidate=candidate.pk, owner=owner.name, route=route)
    return candidate


def candidate_review(*, actor, reelection_id, candidate_id, met: set, reason: str) -> Candidate:
    """Record the party organisation's review: the criteria the candidate meets, and the reason, always.

    A candidate is qualified only if all four criteria are met. A review can be redone until the announcement.
    """
    reason = clean_text(reason, field="reason", max_length=1000, required=True,
                        message=_("Record the reason for the review's conclusion."))
    unknown = set(met) - set(CRITERIA)
    if unknown:
        raise InvalidInput(_("Unknown criterion."), field="met")
    with transaction.atomic():
        reelection = _at(actor, reelection_id, Step.PREPARING, lock=True)
        candidate = Candidate.objects.filter(reelection=reelection, pk=parse_id(candidate_id)).first()
        if candidate is None:
            raise NotFound()
        candidate.qualified = set(met) == set(CRITERIA)
        candidate.review_reason = reason
        candidate.reviewed_by, candidate.reviewed_at = actor, clock.now()
        candidate.save(update_fields=["qualified", "review_reason", "reviewed_by", "reviewed_at"])
        _event(reelection, actor, "reviewed", candidate=candidate.pk, owner=candidate.owner.name,
               qualified=candidate.qualified, met=sorted(met), reason=reason)
    return candidate


def objection_raise(*, actor, reelection_id, text: str, raised_by: str) -> Objection:
    """Record an objection to the announced slate or meeting; it must be answered before the vote opens."""
    text = clean_text(text, field="text", max_length=2000, required=True, message=_("Write down the objection."))
    raised_by = clean_text(raised_by, field="raised_by", max_length=60, required=True,
                           message=_("Say who raised the objection."))
    with transaction.atomic():
        reelection = _at(actor, reelection_id, Step.ANNOUNCED, lock=True)
        if clock.now() >= reelection.vote.opens_at:
            raise IllegalTransition(_("Objections are raised before the owners' vote opens, on %(at)s.")
                                    % {"at": timezone.localtime(reelection.vote.opens_at).strftime("%Y-%m-%d %H:%M")})
        objection = Objection.objects.create(reelection=reelection, text=text, raised_by=raised_by,
                                             raised_at=clock.now())
        _event(reelection, actor, "objection", objection=objection.pk)
    return objection


def objection_answer(*, actor, reelection_id, objection_id, answer: str) -> Objection:
    answer = clean_text(answer, field="answer", max_length=2000, required=True, message=_("Write the answer."))
    with transaction.atomic():
        reelection = _at(actor, reelection_id, Step.ANNOUNCED, lock=True)
        objection = Objection.objects.filter(reelection=reelection, pk=parse_id(objection_id),
                                             answered_at__isnull=True).first()
        if objection is None:
            raise NotFound()
        objection.answer, objection.answered_by, objection.answered_at = answer, actor, clock.now()
        objection.save(update_fields=["answer", "answered_by", "answered_at"])
        _event(reelection, actor, "answered", objection=objection.pk)
    return objection


def reelection_transition(*, actor, reelection_id, action: str, **details) -> Reelection:
    """Take the re-election one step on; ``details`` are what the step records.

    - ``announce``: ``opens_at``, ``closes_at`` of the owners' vote on the reviewed slate (matter 3);
    - ``elect``: none; reads the counted vote (a failed or cancelled vote sends the re-election back to
      nominating);
    - ``choose_officers``: ``chair``, ``vice_chair`` (owner ids among the elected);
    - ``hand_over``: ``note`` on the files and seals handed over;
    - ``file``: ``note`` on the filing with the street (the street records it).
    """
    if action not in ACTIONS:
        raise InvalidInput(_("Unknown action."), field="action")
    source, target = ACTIONS[action]
    with transaction.atomic():
        reelection = _at(actor, reelection_id, source, lock=True)
        now = clock.now()
        params = STEPS[action](reelection, actor, now, details)
        if action == "elect" and not params["passed"]:  # the vote failed: back to nominating, a new vote
            target = Step.PREPARING
            reelection.vote, reelection.announced_at = None, None
        reelection.step = target
        reelection.save()
        _event(reelection, actor, action, **params)
    return reelection


def _announce(reelection, actor, now, details) -> dict:
    candidates = list(reelection.candidates.select_related("owner"))
    if not candidates or any(c.qualified is None for c in candidates):
        raise IllegalTransition(_("Every candidate must be reviewed by the party organisation first."))
    slate = [c for c in candidates if c.qualified]
    check_size(len(slate), field="candidates")
    term = reelection.outgoing.number + 1 if reelection.outgoing else 1
    vote = vote_create(
        actor=actor, compound_id=reelection.compound_id, matter=Matter.COMMITTEE,
        title=_("Election of the owners' committee, term %(n)s") % {"n": term},
        proposal=_("Elect these candidates, reviewed by the community party organisation, as the owners' committee "
                   "for %(years)s years: %(names)s.") % {"years": reelection.term_years,
                                                       "names": "、".join(c.owner.name for c in slate)},
        opens_at=details.get("opens_at"), closes_at=details.get("closes_at"),
    )
    vote = vote_transition(actor=actor, vote_id=vote.pk, action="announce")  # the row as announced
    reelection.vote, reelection.announced_at = vote, now
    return {"vote": vote.pk, "slate": [c.owner.name for c in slate]}


def _elect(reelection, actor, now, details) -> dict:
    vote = reelection.vote
    if vote.state == VoteState.CANCELLED:  # the meeting was called off: back to nominating, as for a failed vote
        return {"vote": vote.pk, "passed": False, "cancelled": True}
    if vote.state != VoteState.COUNTED:
        raise IllegalTransition(_("Count the owners' vote first."))
    if reelection.objections.filter(answered_at__isnull=True).exists():
        raise IllegalTransition(_("Every objection must be answered first."))
    if not vote.result["passed"]:
        return {"vote": vote.pk, "passed": False}
    # The committee is elected when the owners' vote is counted, whenever staff record it here: its term and the
    # 3-, 10- and 30-day deadlines run from then.
    elected_at = vote.counted_at or now
    today = timezone.localdate(elected_at)
    number = (CommitteeTerm.objects.filter(compound=reelection.compound_id).order_by("-number")
              .values_list("number", flat=True).first() or 0) + 1
    term = CommitteeTerm.objects.create(
        compound_id=reelection.compound_id, number=number, starts_on=today,
        ends_on=_years_after(today, reelection.term_years), state=CommitteeState.ELECTED,
    )
    elected = CommitteeMember.objects.bulk_create(
        CommitteeMember(term=term, owner=c.owner, role=CommitteeRole.MEMBER)
        for c in reelection.candidates.filter(qualified=True).select_related("owner")
    )
    audit_record_bulk(CommitteeMember, action="create", instances=elected)  # bulk writes send no signal
    reelection.elected, reelection.elected_at = term, elected_at
    return {"vote": vote.pk, "passed": True, "term": term.number}


def _choose_officers(reelection, actor, now, details) -> dict:
    members = {m.owner_id: m for m in reelection.elected.members.select_related("owner")}
    chair, vice = parse_id(details.get("chair")), parse_id(details.get("vice_chair"))
    if chair not in members:
        raise InvalidInput(_("Choose the chair among the elected members."), field="chair")
    if vice not in members or vice == chair:
        raise InvalidInput(_("Choose a vice-chair among the other elected members."), field="vice_chair")
    members[chair].role, members[vice].role = CommitteeRole.CHAIR, CommitteeRole.VICE_CHAIR
    CommitteeMember.objects.bulk_update([members[chair], members[vice]], ["role"])
    audit_record_bulk(CommitteeMember, action="update", instances=[members[chair], members[vice]], fields=["role"])
    reelection.officers_at = now
    return {"chair": members[chair].owner.name, "vice_chair": members[vice].owner.name}


def _hand_over(reelection, actor, now, details) -> dict:
    note = clean_text(details.get("note"), field="note", max_length=1000, required=True,
                      message=_("List what was handed over: files, seals, accounts."))
    if reelection.outgoing:
        CommitteeTerm.objects.filter(pk=reelection.outgoing_id).update(state=CommitteeState.FORMER)
        audit_record_bulk(CommitteeTerm, action="update", instances=[reelection.outgoing],
                          changes={"state": [reelection.outgoing.state, CommitteeState.FORMER]})
    elected = reelection.elected  # read before it changes, for the audit log
    CommitteeTerm.objects.filter(pk=reelection.elected_id).update(state=CommitteeState.CURRENT)
    audit_record_bulk(CommitteeTerm, action="update", instances=[elected],
                      changes={"state": [elected.state, CommitteeState.CURRENT]})
    reelection.handed_over_at = now
    return {"note": note}


def _file(reelection, actor, now, details) -> dict:
    if not rules.has_perm("property.form_group", actor, reelection.compound):
        raise Forbidden(_("The street records the filing."))
    note = clean_text(details.get("note"), field="note", max_length=1000)
    reelection.filed_at = now
    return {"note": note}


STEPS = {
    "announce": _announce,
    "elect": _elect,
    "choose_officers": _choose_officers,
    "hand_over": _hand_over,
    "file": _file,
}


def _at(actor, reelection_id, step: str, *, lock: bool = False) -> Reelection:
    reelection = reelection_access(actor, reelection_id, lock=lock)
    if reelection.step != step:
        raise IllegalTransition(
            _("This is done at the step “%(step)s”; the re-election is at “%(now)s”.")
            % {"step": Step(step).label, "now": reelection.get_step_display()}
        )
    return reelection


def _event(reelection, actor, kind: str, **params) -> None:
    ReelectionEvent.objects.create(reelection=reelection, kind=kind, actor=actor, at=clock.now(), params=params)


def _years_after(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
