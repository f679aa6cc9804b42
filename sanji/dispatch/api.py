"""Dispatch endpoints: a wish's explained candidates, batch proposals, a claimer's own profile."""

from typing import Literal

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from sanji.core.errors import NotFound
from sanji.core.inputs import MAX_ID
from sanji.wishes import selectors as wish_selectors
from sanji.wishes.schemas import ERRORS, ClaimerOut
from sanji.wishes.transitions import available_actions

from . import selectors, services
from .explain import reason_text
from .models import DispatchBatch, Objective

router = Router(tags=["dispatch"])


class ReasonOut(Schema):
    code: str
    points: int
    detail: str
    text: str


class CandidateOut(Schema):
    claimer: ClaimerOut
    score: int
    free_capacity: int
    reasons: list[ReasonOut]


class CandidatesOut(Schema):
    responsible_levels: list[str]
    items: list[CandidateOut]


class BatchIn(Schema):
    area: int = Field(..., ge=1, le=MAX_ID)
    objective: Literal["max_score", "max_count_then_score"] = Objective.MAX_SCORE


class LineIn(Schema):
    claimer: int | None = Field(None, ge=1, le=MAX_ID)


class DecisionIn(Schema):
    decision: Literal["confirm", "discard"]


class DispatchLineOut(Schema):
    id: int
    wish: int
    claimer: ClaimerOut | None
    score: int
    reasons: list[ReasonOut]
    candidates: list[dict]
    outcome: str
    outcome_note: str


class DispatchBatchOut(Schema):
    id: int
    area: int
    objective: str
    state: str
    total_score: int
    created_at: str
    lines: list[DispatchLineOut]


def _reasons(reasons) -> list[dict]:
    rows = [r if isinstance(r, dict) else {"code": r.code, "points": r.points, "detail": r.detail} for r in reasons]
    return [{**r, "text": reason_text(r["code"], r["detail"])} for r in rows]


def _claimer(claimer) -> dict | None:
    return {"id": claimer.pk, "kind": claimer.kind, "name": claimer.name} if claimer else None


def _batch(batch: DispatchBatch) -> dict:
    lines = batch.lines.select_related("claimer__member", "claimer__partner_unit", "claimer__party_org",
                                       "claimer__area")
    return {
        "id": batch.pk, "area": batch.area_id, "objective": batch.objective, "state": batch.state,
        "total_score": batch.total_score, "created_at": batch.created_at.isoformat(),
        "lines": [{
            "id": line.pk, "wish": line.wish_id, "claimer": _claimer(line.claimer), "score": line.score,
            "reasons": _reasons(line.reasons), "outcome": line.outcome, "outcome_note": line.outcome_reason,
            "candidates": [{"id": c["id"], "score": c["score"]} for c in line.candidates],
        } for line in lines],
    }


@router.get("/wishes/{int:wish_id}/candidates", response={200: CandidatesOut, **ERRORS},
            summary="Who should take a wish, best first, with the reasons (reviewers)")
def wish_candidates(request: HttpRequest, wish_id: int):
    wish = wish_selectors.wish_access(request.auth, wish_id)
    if not any(a.name == "dispatch" for a in available_actions(request.auth, wish)):
        raise NotFound()
    return {
        "responsible_levels": selectors.responsible_levels(wish),
        "items": [{"claimer": _claimer(c["claimer"]), "score": c["scored"].total, "free_capacity": c["facts"].free,
                   "reasons": _reasons(c["scored"].reasons)} for c in selectors.candidates_for(wish)],
    }


@router.post("/dispatch/batches", response={201: DispatchBatchOut, **ERRORS},
             summary="Propose claimers for every wish waiting on the board of an area (nothing is sent)")
def propose_batch(request: HttpRequest, payload: BatchIn):
    batch = services.batch_propose(actor=request.auth, area_id=payload.area, objective=payload.objective)
    return Status(201, _batch(batch))


@router.get("/dispatch/batches/{int:batch_id}", response={200: DispatchBatchOut, **ERRORS}, summary="A batch proposal")
def get_batch(request: HttpRequest, batch_id: int):
    return _batch(selectors.batch_access(request.auth, batch_id))


@router.put("/dispatch/batches/{int:batch_id}/lines/{int:line_id}", response={200: DispatchBatchOut, **ERRORS},
            summary="Change who a line goes to: one of its candidates, or null for nobody")
def set_line(request: HttpRequest, batch_id: int, line_id: int, payload: LineIn):
    services.batch_line_set(actor=request.auth, batch_id=batch_id, line_id=line_id, claimer_id=payload.claimer)
    return _batch(selectors.batch_access(request.auth, batch_id))


@router.post("/dispatch/batches/{int:batch_id}/decision", response={200: DispatchBatchOut, **ERRORS},
             summary="Confirm (dispatch every line with a claimer) or discard a proposal")
def decide_batch(request: HttpRequest, batch_id: int, payload: DecisionIn):
    return _batch(services.batch_decide(actor=request.auth, batch_id=batch_id, decision=payload.decision))
