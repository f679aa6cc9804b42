"""Cadre endpoints: batches and proposals, placements and their logs, sentinel reports, whistles. Thin."""

import datetime as dt
from decimal import Decimal
from typing import Literal

import rules
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from sanji.core.errors import NotFound
from sanji.core.inputs import MAX_ID
from sanji.wishes.schemas import ERRORS

from .models import ProposedPair
from .selectors.access import (
    batch_access,
    batches_in_scope,
    placement_access,
    placements_in_scope,
    reports_in_scope,
    whistles_in_scope,
)
from .services import batches, placements, proposals, reports, whistles

router = Router(tags=["cadres"])
Id = Field(..., ge=1, le=MAX_ID)


def _district(request) -> None:
    if not rules.has_perm("cadres.run_batches", request.auth):
        raise NotFound()


class BatchOut(Schema):
    id: int
    name: str
    starts_on: dt.date
    ends_on: dt.date
    state: str
    max_age: int
    without_grassroots_only: bool
    weights: dict[str, str] = Field(..., description="ability, business, professional: decimal strings adding to 1")


class LineOut(Schema):
    cadre: int
    cadre_name: str
    role: str
    community: int | None
    community_name: str | None
    ability: str
    business: str
    professional: str
    fit: str


class ProposalOut(Schema):
    id: int
    mode: str
    side: str
    proposed_total: str
    total: str
    without_assistant: list[int]
    lines: list[LineOut]


class ProposeIn(Schema):
    mode: Literal["optimal", "stable"] = "optimal"
    side: Literal["cadre", "community"] = "community"


class MoveIn(Schema):
    cadre: int = Id
    community: int | None = Field(None, ge=1, le=MAX_ID, description="empty: take the cadre out of the proposal")
    reason: str = Field("", max_length=400)


class SwapIn(Schema):
    cadre: int = Id
    other: int = Id
    reason: str = Field("", max_length=400)


class AdjustmentOut(Schema):
    id: int
    cadre: int
    from_community: int | None
    to_community: int | None
    swapped_with: int | None
    delta: str = Field(..., description="the change in the proposal's total fit")


class BatchActionIn(Schema):
    action: Literal["place", "close"]
    proposal: int | None = Field(None, ge=1, le=MAX_ID)


def _batch(b) -> dict:
    return {"id": b.pk, "name": b.name, "starts_on": b.starts_on, "ends_on": b.ends_on, "state": b.state,
            "max_age": b.max_age, "without_grassroots_only": b.without_grassroots_only,
            "weights": {"ability": str(b.weight_ability), "business": str(b.weight_business),
                        "professional": str(b.weight_professional)}}


def _proposal(p) -> dict:
    pairs = list(ProposedPair.objects.filter(proposal=p).select_related("cadre", "community"))
    return {
        "id": p.pk, "mode": p.mode, "side": p.side, "proposed_total": str(p.proposed_total),
        "total": str(sum((x.fit for x in pairs), Decimal(0))), "without_assistant": p.without_assistant,
        "lines": [{"cadre": x.cadre_id, "cadre_name": x.cadre.name, "role": x.role, "community": x.community_id,
                   "community_name": x.community.name if x.community else None, "ability": str(x.ability),
                   "business": str(x.business), "professional": str(x.professional), "fit": str(x.fit)}
                  for x in pairs],
    }


def _adjustment(a) -> dict:
    return {"id": a.pk, "cadre": a.cadre_id, "from_community": a.from_community_id,
            "to_community": a.to_community_id, "swapped_with": a.swapped_with_id, "delta": str(a.delta)}


@router.get("/cadres/batches", response={200: list[BatchOut], **ERRORS}, summary="Batches (the district)")
def list_batches(request: HttpRequest):
    _district(request)
    return [_batch(b) for b in batches_in_scope(request.auth)[:200]]


@router.get("/cadres/batches/{int:batch_id}/proposal", response={200: ProposalOut, **ERRORS},
            summary="The batch's newest proposal, line by line with the three fits")
def get_proposal(request: HttpRequest, batch_id: int):
    _district(request)
    proposal = batch_access(request.auth, batch_id).proposals.first()
    if proposal is None:
        raise NotFound()
    return _proposal(proposal)


@router.post("/cadres/batches/{int:batch_id}/proposals", response={201: ProposalOut, **ERRORS},
             summary="Propose a placement by best total fit or by stable matching")
def make_proposal(request: HttpRequest, batch_id: int, payload: ProposeIn):
    _district(request)
    proposal = proposals.proposal_make(actor=request.auth, batch_id=batch_id, mode=payload.mode, side=payload.side)
    return Status(201, _proposal(proposal))


@router.post("/cadres/proposals/{int:proposal_id}/moves", response={201: AdjustmentOut, **ERRORS},
             summary="Move a cadre to another community of the batch, or out; returns the change in fit")
def move(request: HttpRequest, proposal_id: int, payload: MoveIn):
    _district(request)
    made = proposals.proposal_move(actor=request.auth, proposal_id=proposal_id, cadre_id=payload.cadre,
                                   community_id=payload.community, reason=payload.reason)
    return Status(201, _adjustment(made))


@router.post("/cadres/proposals/{int:proposal_id}/swaps", response={201: AdjustmentOut, **ERRORS},
             summary="Swap two cadres of the same role; returns the change in fit")
def swap(request: HttpRequest, proposal_id: int, payload: SwapIn):
    _district(request)
    made = proposals.proposal_swap(actor=request.auth, proposal_id=proposal_id, cadre_id=payload.cadre,
                                   other_cadre_id=payload.other, reason=payload.reason)
    return Status(201, _adjustment(made))


@router.post("/cadres/batches/{int:batch_id}/actions", response={200: BatchOut, **ERRORS},
             summary="Place the cadres by a proposal, or close a batch whose window is over")
def batch_action(request: HttpRequest, batch_id: int, payload: BatchActionIn):
    _district(request)
    return _batch(batches.batch_transition(actor=request.auth, batch_id=batch_id, action=payload.action,
                                           proposal_id=payload.proposal))


class PlacementOut(Schema):
    id: int
    batch: str
    cadre: str
    agency: str
    community: int
    community_name: str
    role: str
    starts_on: dt.date
    last_day: dt.date


class LogIn(Schema):
    on: dt.date
    kind: Literal["work", "dispute", "petition", "emergency"]
    text: str = Field(..., max_length=4000)
    people: int = Field(0, ge=0, le=100_000)


class LogOut(Schema):
    id: int
    on: dt.date
    kind: str
    text: str
    people: int


def _placement(p) -> dict:
    return {"id": p.pk, "batch": p.batch.name, "cadre": p.cadre.name, "agency": p.cadre.agency.name,
            "community": p.community_id, "community_name": p.community.name, "role": p.role,
            "starts_on": p.starts_on, "last_day": p.last_day}


@router.get("/cadres/placements", response={200: list[PlacementOut], **ERRORS},
            summary="Placements the caller sees: of his or her communities, agencies, or own")
def list_placements(request: HttpRequest):
    return [_placement(p) for p in placements_in_scope(request.auth).order_by("-starts_on", "pk")[:1000]]


@router.post("/cadres/placements/{int:placement_id}/log", response={201: LogOut, **ERRORS},
             summary="Add to the placed cadre's own log")
def add_log(request: HttpRequest, placement_id: int, payload: LogIn):
    entry = placements.log_add(actor=request.auth, placement_id=placement_id, on=payload.on, kind=payload.kind,
                               text=payload.text, people=payload.people)
    return Status(201, {"id": entry.pk, "on": entry.on, "kind": entry.kind, "text": entry.text,
                        "people": entry.people})


class ReportIn(Schema):
    kind: Literal["facts", "opinions", "causes"]
    title: str = Field(..., max_length=240)
    body: str = Field(..., max_length=20000)


class ReportOut(Schema):
    id: int
    placement: int
    agency: str
    kind: str
    title: str
    body: str
    filed_at: dt.datetime
    answer: str
    answered_at: dt.datetime | None


class AnswerIn(Schema):
    answer: str = Field(..., max_length=20000)


def _report(r) -> dict:
    return {"id": r.pk, "placement": r.placement_id, "agency": r.agency.name, "kind": r.kind, "title": r.title,
            "body": r.body, "filed_at": r.filed_at, "answer": r.answer, "answered_at": r.answered_at}


@router.post("/cadres/placements/{int:placement_id}/reports", response={201: ReportOut, **ERRORS},
             summary="File a sentinel report to the home agency")
def file_report(request: HttpRequest, placement_id: int, payload: ReportIn):
    placement_access(request.auth, placement_id)
    report = reports.report_file(actor=request.auth, placement_id=placement_id, kind=payload.kind,
                                 title=payload.title, body=payload.body)
    return Status(201, _report(report))


@router.get("/cadres/reports", response={200: list[ReportOut], **ERRORS},
            summary="Sentinel reports the caller sees, unanswered first")
def list_reports(request: HttpRequest):
    found = reports_in_scope(request.auth).order_by("answered_at", "filed_at", "pk")
    return [_report(r) for r in found[:1000]]


@router.post("/cadres/reports/{int:report_id}/answer", response={200: ReportOut, **ERRORS},
             summary="Answer a report for the home agency")
def answer_report(request: HttpRequest, report_id: int, payload: AnswerIn):
    return _report(reports.report_answer(actor=request.auth, report_id=report_id, answer=payload.answer))


class WhistleIn(Schema):
    community: int = Id
    kind: Literal["daily", "key_task", "emergency"]
    problem: str = Field(..., max_length=240)
    detail: str = Field("", max_length=8000)
    agencies: list[int] = Field(..., min_length=1, max_length=10)
    report_by: dt.datetime | None = Field(None, description="earlier than the kind's default; none: the default")


class CallOut(Schema):
    id: int
    agency: str
    report_by: dt.datetime
    reported_at: dt.datetime | None
    on_time: bool | None
    attendees: str
    action: str


class WhistleOut(Schema):
    id: int
    community: int
    community_name: str
    kind: str
    problem: str
    state: str
    raised_at: dt.datetime
    report_by: dt.datetime
    outcome: str
    calls: list[CallOut]


class CallReportIn(Schema):
    attendees: str = Field(..., max_length=400)
    action: str = Field(..., max_length=8000)


class WhistleActionIn(Schema):
    action: Literal["close", "withdraw"]
    outcome: str = Field("", max_length=8000)


def _whistle(w) -> dict:
    return {"id": w.pk, "community": w.community_id, "community_name": w.community.name, "kind": w.kind,
            "problem": w.problem, "state": w.state, "raised_at": w.raised_at, "report_by": w.report_by,
            "outcome": w.outcome,
            "calls": [{"id": c.pk, "agency": c.agency.name, "report_by": c.report_by, "reported_at": c.reported_at,
                       "on_time": c.on_time, "attendees": c.attendees, "action": c.action}
                      for c in w.calls.select_related("agency")]}


@router.get("/cadres/whistles", response={200: list[WhistleOut], **ERRORS},
            summary="Whistles of the caller's communities and those naming his or her agencies")
def list_whistles(request: HttpRequest):
    return [_whistle(w) for w in whistles_in_scope(request.auth).order_by("-raised_at", "-pk")[:500]]


@router.post("/cadres/whistles", response={201: WhistleOut, **ERRORS},
             summary="Blow a whistle: name the agencies that must report to the community")
def raise_whistle(request: HttpRequest, payload: WhistleIn):
    whistle = whistles.whistle_raise(actor=request.auth, community_id=payload.community, kind=payload.kind,
                                     problem=payload.problem, detail=payload.detail, agency_ids=payload.agencies,
                                     report_by=payload.report_by)
    return Status(201, _whistle(whistle))


@router.post("/cadres/whistle-calls/{int:call_id}/report", response={200: WhistleOut, **ERRORS},
             summary="Report to the community for a named agency: who came and what was done")
def report_to_whistle(request: HttpRequest, call_id: int, payload: CallReportIn):
    call = whistles.whistle_report(actor=request.auth, call_id=call_id, attendees=payload.attendees,
                                   action=payload.action)
    return _whistle(call.whistle)


@router.post("/cadres/whistles/{int:whistle_id}/actions", response={200: WhistleOut, **ERRORS},
             summary="Confirm and close a whistle, or withdraw it (the community)")
def whistle_action(request: HttpRequest, whistle_id: int, payload: WhistleActionIn):
    return _whistle(whistles.whistle_transition(actor=request.auth, whistle_id=whistle_id, action=payload.action,
                                                outcome=payload.outcome))
