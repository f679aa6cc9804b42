"""Property endpoints: compounds, consultations and visits, owners' votes and ballots, re-elections. Thin."""

import datetime as dt
from typing import Literal

import rules
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from sanji.core.errors import NotFound
from sanji.core.inputs import MAX_ID
from sanji.wishes.schemas import ERRORS

from . import selectors
from .models import REACHED
from .presenters import arithmetic
from .services import consultations, reelections, votes

router = Router(tags=["property"])


def _gate(request) -> None:
    if not rules.has_perm("property.view_property", request.auth):
        raise NotFound()


class CompoundOut(Schema):
    id: int
    name: str
    community: str
    kind: str
    management_mode: str
    is_pilot: bool
    units: int


class CompoundDetailOut(CompoundOut):
    address: str
    party_branch: str | None
    buildings: int
    owners: int
    total_area: str = Field(..., description="registered exclusive area in m², a decimal string")
    committee_ends_on: dt.date | None


class ConsultationIn(Schema):
    question: str = Field(..., max_length=400)
    details: str = Field("", max_length=8000)


class ConsultationOut(Schema):
    id: int
    compound: int
    question: str
    state: str
    households: int
    reached: int
    attempts: int
    split: dict[str, int] = Field(..., description="households by latest opinion: agree, disagree, undecided")


class VisitIn(Schema):
    unit: int = Field(..., ge=1, le=MAX_ID)
    opinion: Literal["agree", "disagree", "undecided", "not_home"]
    remarks: str = Field("", max_length=1000)
    client_key: str = Field("", max_length=128, description="made by the client; a retry with it records once")


class VisitOut(Schema):
    id: int
    unit: int
    opinion: str
    visited_at: dt.datetime


class VoteIn(Schema):
    matter: int = Field(..., ge=1, le=9, description="the item of Civil Code art. 278")
    title: str = Field(..., max_length=240)
    proposal: str = Field(..., max_length=16000)
    opens_at: dt.datetime
    closes_at: dt.datetime


class CheckOut(Schema):
    name: str
    numerator: str
    denominator: str
    threshold: str
    relation: str
    met: bool


class VoteOut(Schema):
    id: int
    compound: int
    matter: int
    title: str
    state: str
    opens_at: dt.datetime
    closes_at: dt.datetime
    announced_at: dt.datetime | None
    voted_owners: int | None
    roll_owners: int | None
    result: dict | None = Field(None, description="once counted: every figure, areas as decimal strings")
    checks: list[CheckOut]


class VoteActionIn(Schema):
    action: Literal["announce", "count", "cancel"]
    reason: str = Field("", max_length=600)


class BallotIn(Schema):
    owner: int = Field(..., ge=1, le=MAX_ID)
    choice: Literal["yes", "no", "abstain"]


class BallotOut(Schema):
    id: int
    owner: int
    choice: str
    channel: str
    entered_at: dt.datetime


class DeadlineOut(Schema):
    key: str
    due: dt.date
    done_on: dt.date | None
    missed: bool


class ReelectionOut(Schema):
    id: int
    compound: int
    step: str
    initiator: str
    vote: int | None
    candidates: list[dict]
    deadlines: list[DeadlineOut]


class ReelectionActionIn(Schema):
    action: Literal["announce", "elect", "choose_officers", "hand_over", "file"]
    opens_at: dt.datetime | None = None
    closes_at: dt.datetime | None = None
    chair: int | None = Field(None, ge=1, le=MAX_ID)
    vice_chair: int | None = Field(None, ge=1, le=MAX_ID)
    note: str = Field("", max_length=2000)


def _compound(c) -> dict:
    return {"id": c.pk, "name": c.name, "community": c.community.name, "kind": c.kind,
            "management_mode": c.management_mode, "is_pilot": c.is_pilot, "units": getattr(c, "unit_count", 0)}


@router.get("/property/compounds", response={200: list[CompoundOut], **ERRORS},
            summary="Compounds in the caller's scope")
def list_compounds(request: HttpRequest):
    _gate(request)
    return [_compound(c) for c in selectors.compounds_in_scope(request.auth)[:1000]]


@router.get("/property/compounds/{int:compound_id}", response={200: CompoundDetailOut, **ERRORS},
            summary="A compound and its registry's figures")
def get_compound(request: HttpRequest, compound_id: int):
    _gate(request)
    compound = selectors.compound_access(request.auth, compound_id)
    summary = selectors.compound_summary(compound)
    return {**_compound(compound), "units": summary.units, "address": compound.address,
            "party_branch": compound.party_branch.name if compound.party_branch else None,
            "buildings": summary.buildings, "owners": summary.owners, "total_area": format(summary.total_area, "f"),
            "committee_ends_on": summary.committee.ends_on if summary.committee else None}


def _consultation(c) -> dict:
    coverage = selectors.consultation_coverage(c)
    return {"id": c.pk, "compound": c.compound_id, "question": c.question, "state": c.state,
            "households": coverage.households, "reached": coverage.reached, "attempts": coverage.attempts,
            "split": {str(o): coverage.split.get(o, 0) for o in REACHED}}


@router.post("/property/compounds/{int:compound_id}/consultations", response={201: ConsultationOut, **ERRORS},
             summary="Open a door-to-door consultation")
def open_consultation(request: HttpRequest, compound_id: int, payload: ConsultationIn):
    _gate(request)
    found = consultations.consultation_open(actor=request.auth, compound_id=compound_id, question=payload.question,
                                            details=payload.details)
    return Status(201, _consultation(found))


@router.get("/property/consultations/{int:consultation_id}", response={200: ConsultationOut, **ERRORS},
            summary="A consultation's live coverage and opinion split")
def get_consultation(request: HttpRequest, consultation_id: int):
    _gate(request)
    return _consultation(selectors.consultation_access(request.auth, consultation_id))


@router.post("/property/consultations/{int:consultation_id}/visits", response={201: VisitOut, **ERRORS},
             summary="Record a visit to a household")
def record_visit(request: HttpRequest, consultation_id: int, payload: VisitIn):
    _gate(request)
    visit = consultations.visit_record(actor=request.auth, consultation_id=consultation_id, unit_id=payload.unit,
                                       opinion=payload.opinion, remarks=payload.remarks, client_key=payload.client_key)
    return Status(201, {"id": visit.pk, "unit": visit.unit_id, "opinion": visit.opinion,
                        "visited_at": visit.visited_at})


def _vote(vote) -> dict:
    progress = selectors.vote_progress(vote)
    checks = [
        {"name": line.name, "numerator": line.numerator.replace(",", ""), "denominator": line.denominator.replace(
            ",", ""), "threshold": line.threshold, "relation": line.relation, "met": line.met}
        for line in (arithmetic(vote.result) if vote.result else [])
    ]
    return {"id": vote.pk, "compound": vote.compound_id, "matter": vote.matter, "title": vote.title,
            "state": vote.state, "opens_at": vote.opens_at, "closes_at": vote.closes_at,
            "announced_at": vote.announced_at, "voted_owners": progress.voted_owners if progress else None,
            "roll_owners": progress.roll_owners if progress else None,
            "result": {k: v for k, v in vote.result.items() if k != "checks"} if vote.result else None,
            "checks": checks}


@router.post("/property/compounds/{int:compound_id}/votes", response={201: VoteOut, **ERRORS},
             summary="Draft an owners' vote (Civil Code art. 278)")
def create_vote(request: HttpRequest, compound_id: int, payload: VoteIn):
    _gate(request)
    vote = votes.vote_create(actor=request.auth, compound_id=compound_id, matter=payload.matter, title=payload.title,
                             proposal=payload.proposal, opens_at=payload.opens_at, closes_at=payload.closes_at)
    return Status(201, _vote(vote))


@router.get("/property/votes/{int:vote_id}", response={200: VoteOut, **ERRORS},
            summary="An owners' vote: window, turnout, and once counted its result with every check")
def get_vote(request: HttpRequest, vote_id: int):
    _gate(request)
    return _vote(selectors.vote_access(request.auth, vote_id))


@router.post("/property/votes/{int:vote_id}/transitions", response={200: VoteOut, **ERRORS},
             summary="Announce, count or cancel a vote")
def vote_action(request: HttpRequest, vote_id: int, payload: VoteActionIn):
    _gate(request)
    vote = votes.vote_transition(actor=request.auth, vote_id=vote_id, action=payload.action, reason=payload.reason)
    return _vote(vote)


@router.post("/property/votes/{int:vote_id}/ballots", response={201: BallotOut, **ERRORS},
             summary="Enter an owner's paper ballot while the window is open")
def enter_ballot(request: HttpRequest, vote_id: int, payload: BallotIn):
    _gate(request)
    ballot = votes.ballot_enter(actor=request.auth, vote_id=vote_id, owner_id=payload.owner, choice=payload.choice)
    return Status(201, {"id": ballot.pk, "owner": ballot.owner_id, "choice": ballot.choice,
                        "channel": ballot.channel, "entered_at": ballot.entered_at})


def _reelection(r) -> dict:
    return {
        "id": r.pk, "compound": r.compound_id, "step": r.step, "initiator": r.initiator, "vote": r.vote_id,
        "candidates": [{"owner": c.owner_id, "name": c.owner.name, "route": c.route, "qualified": c.qualified}
                       for c in selectors.candidates_of(r)],
        "deadlines": [{"key": d.key, "due": d.due, "done_on": d.done_on, "missed": d.missed}
                      for d in selectors.deadlines_of(r)],
    }


@router.get("/property/reelections/{int:reelection_id}", response={200: ReelectionOut, **ERRORS},
            summary="A committee re-election: its step, candidates and deadlines")
def get_reelection(request: HttpRequest, reelection_id: int):
    _gate(request)
    return _reelection(selectors.reelection_access(request.auth, reelection_id))


@router.post("/property/reelections/{int:reelection_id}/transitions", response={200: ReelectionOut, **ERRORS},
             summary="Take a re-election one step on (no step can be skipped)")
def reelection_action(request: HttpRequest, reelection_id: int, payload: ReelectionActionIn):
    _gate(request)
    found = reelections.reelection_transition(
        actor=request.auth, reelection_id=reelection_id, action=payload.action, opens_at=payload.opens_at,
        closes_at=payload.closes_at, chair=payload.chair, vice_chair=payload.vice_chair, note=payload.note)
    return _reelection(found)
