"""Writes for batch dispatch: propose, edit a line, confirm or discard.

A batch moves ``proposed -> confirmed`` or ``proposed -> discarded`` through ``batch_decide`` only.
Confirming sends each line through the wish's own ``transition("dispatch")``, so every rule of a single
dispatch (scope, state, the claimer serving the community) holds for a batch too; a line whose wish has
moved on since the proposal is skipped and says why.
"""

import re

from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sanji.core import clock, scope
from sanji.core.errors import IllegalTransition, InvalidInput, NotFound, SanjiError
from sanji.core.inputs import clean_text, full_clean_or_refuse, parse_id
from sanji.core.models import Claimer
from sanji.wishes.models import DutyType, Wish, WishState
from sanji.wishes.transitions import transition

from . import matching, selectors
from .models import BatchLine, BatchState, ClaimerProfile, DispatchBatch, LineOutcome, Objective
from .scoring import rank

#: How many candidates a line keeps for the reviewer to choose from.
CANDIDATES_KEPT = 5


def _reasons_json(scored) -> list[dict]:
    return [{"code": r.code, "points": r.points, "detail": r.detail} for r in scored.reasons]


def batch_propose(*, actor, area_id, objective: str = Objective.MAX_SCORE) -> DispatchBatch:
    """Propose claimers for every open wish of an area and save the proposal; nothing is sent yet.

    Each claimer gets at most its free capacity; the assignment maximises the total score (or, with
    ``max_count_then_score``, dispatches as many wishes as possible first).
    """
    area = selectors.batch_areas(actor).filter(pk=parse_id(area_id)).first() if parse_id(area_id) else None
    if area is None:
        raise NotFound()
    if objective not in Objective.values:
        raise InvalidInput(_("Choose what the proposal should aim for."), field="objective")
    wishes = list(selectors.open_wishes_for_batch(actor, area))
    if not wishes:
        raise InvalidInput(_("No wish is waiting on the board of %(area)s.") % {"area": area.name}, field="area")
    claimer_facts = {f.id: f for f in selectors.claimer_facts(selectors.claimers_serving_area(area))}
    orders = selectors.responsibility_orders()
    ranked = {
        facts.id: rank(facts, list(claimer_facts.values()), orders.get(facts.duty_type_id, {}))
        for facts in selectors.wish_facts(wishes)
    }
    result = matching.solve(
        left=[matching.Node(str(w.pk), 1) for w in wishes],
        right=[matching.Node(str(c.id), c.free) for c in claimer_facts.values()],
        edges=[
            matching.Edge(str(wish_id), str(s.claimer_id), s.total)
            for wish_id, scored in ranked.items()
            for s in scored
            if claimer_facts[s.claimer_id].free > 0
        ],
        objective=objective,
    )
    chosen = {int(left): int(right) for left, right in result.assignments}
    now = clock.now()
    with transaction.atomic():
        batch = DispatchBatch.objects.create(
            area=area, objective=objective, created_by=actor, created_at=now, total_score=int(result.total_score)
        )
        lines = []
        for wish in wishes:
            scored = {s.claimer_id: s for s in ranked[wish.pk]}
            pick = scored.get(chosen.get(wish.pk))
            lines.append(
                BatchLine(
                    batch=batch,
                    wish=wish,
                    claimer_id=pick.claimer_id if pick else None,
                    score=pick.total if pick else 0,
                    reasons=_reasons_json(pick) if pick else [],
                    candidates=[
                        {"id": s.claimer_id, "score": s.total, "reasons": _reasons_json(s)}
                        for s in _offered(ranked[wish.pk], pick, claimer_facts)
                    ],
                    wish_changed_at=wish.state_changed_at,
                )
            )
        BatchLine.objects.bulk_create(lines)
    return batch


def _offered(ranked, pick, claimer_facts) -> list:
    """Return the candidates a line offers for editing: the best with room to take it, the pick among them."""
    offered = [s for s in ranked if claimer_facts[s.claimer_id].free > 0][:CANDIDATES_KEPT]
    if pick is not None and pick not in offered:
        offered = [pick, *offered[: CANDIDATES_KEPT - 1]]
    return offered


def _lock_proposed(actor, batch_id) -> DispatchBatch:
    batch = selectors.batch_access(actor, batch_id)
    batch = DispatchBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.state != BatchState.PROPOSED:
        raise IllegalTransition(_("This batch was already %(state)s.") % {"state": batch.get_state_display()})
    return batch


@transaction.atomic
def batch_line_set(*, actor, batch_id, line_id, claimer_id) -> BatchLine:
    """Change who a line of a proposed batch goes to: one of its candidates, or nobody (``claimer_id`` empty)."""
    batch = _lock_proposed(actor, batch_id)
    line = batch.lines.filter(pk=parse_id(line_id)).first() if parse_id(line_id) else None
    if line is None:
        raise NotFound()
    if claimer_id in (None, ""):
        line.claimer_id, line.score, line.reasons = None, 0, []
    else:
        wanted = parse_id(claimer_id)
        candidate = next((c for c in line.candidates if c["id"] == wanted), None)
        if candidate is None:
            raise InvalidInput(_("Choose one of the candidates shown for this wish."), field="claimer")
        if wanted != line.claimer_id:
            taken = batch.lines.filter(claimer_id=wanted).exclude(pk=line.pk).count()
            if taken >= selectors.free_capacity([wanted]).get(wanted, 0):
                raise InvalidInput(
                    _("%(claimer)s cannot take another wish: its capacity is used up in this batch.")
                    % {"claimer": Claimer.objects.get(pk=wanted).name},
                    field="claimer",
                )
        line.claimer_id, line.score, line.reasons = wanted, candidate["score"], candidate["reasons"]
    line.save(update_fields=["claimer", "score", "reasons"])
    batch.total_score = sum(batch.lines.values_list("score", flat=True))
    batch.save(update_fields=["total_score"])
    return line


DECISIONS = {"confirm": BatchState.CONFIRMED, "discard": BatchState.DISCARDED}


@transaction.atomic
def batch_decide(*, actor, batch_id, decision: str) -> DispatchBatch:
    """Confirm a proposed batch (dispatch every line that has a claimer) or discard it.

    The batch row stays locked until every line is sent, so a second confirmation waits and then finds
    the batch already confirmed. The claimers' rows are locked too (in id order), and their free capacity
    is counted afresh, so two batches that share a claimer cannot together give it more than it can hold.
    A line is skipped, with the reason, when its wish changed since the proposal or its claimer is full.
    """
    if decision not in DECISIONS:
        raise InvalidInput(_("Unknown decision."), field="decision")
    batch = _lock_proposed(actor, batch_id)
    if decision == "confirm":
        lines = list(batch.lines.order_by("pk"))
        ids = sorted({line.claimer_id for line in lines if line.claimer_id})
        list(Claimer.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))
        free = selectors.free_capacity(ids)
        for line in lines:
            _send(line, actor, batch, free)
    batch.state = DECISIONS[decision]
    batch.decided_by = actor
    batch.decided_at = clock.now()
    batch.save(update_fields=["state", "decided_by", "decided_at"])
    return batch


def _send(line: BatchLine, actor, batch: DispatchBatch, free: dict[int, int]) -> None:
    """Dispatch one line's wish, or record why not. Call while holding the batch's and claimers' locks."""
    unchanged = Wish.objects.select_for_update(no_key=True).filter(
        pk=line.wish_id, state=WishState.PUBLISHED, state_changed_at=line.wish_changed_at
    )
    if line.claimer_id is None:
        line.outcome, line.outcome_note = LineOutcome.SKIPPED, "no_claimer"
    elif not unchanged.exists():
        line.outcome, line.outcome_note = LineOutcome.SKIPPED, "changed"
    elif free.get(line.claimer_id, 0) <= 0:
        line.outcome, line.outcome_note = LineOutcome.SKIPPED, "full"
    else:
        try:
            with transaction.atomic():
                transition(
                    wish_id=line.wish_id,
                    action="dispatch",
                    actor=actor,
                    params={
                        "assignee": line.claimer_id,
                        "note": gettext("Batch dispatch no. %(batch)s") % {"batch": batch.pk},
                    },
                )
        except SanjiError as error:
            line.outcome, line.outcome_note = LineOutcome.SKIPPED, str(error.message)[:200]
        else:
            line.outcome, line.outcome_note = LineOutcome.DISPATCHED, ""
            free[line.claimer_id] -= 1
    line.save(update_fields=["outcome", "outcome_note"])


def profile_set(*, claimer: Claimer, capacity: int, duty_types) -> ClaimerProfile:
    """Record what a claimer offers (duty types) and how many wishes it can hold at once."""
    profile, _created = ClaimerProfile.objects.get_or_create(claimer=claimer)
    profile.capacity = capacity
    full_clean_or_refuse(profile)
    profile.save()
    profile.duty_types.set(duty_types)
    return profile


PROFILE_KINDS = ("member", "partner_unit", "party_org")
SLUG = re.compile(r"[-a-z0-9_]{1,32}")
#: A Chinese input method types full-width digits (３); they mean the same number.
FULL_WIDTH_DIGITS = {0xFF10 + i: ord("0") + i for i in range(10)}
MAX_CAPACITY = 50


def _capacity(raw) -> int:
    text = str(raw).translate(FULL_WIDTH_DIGITS).strip() if raw is not None else ""
    value = int(text) if text.isascii() and text.isdecimal() and len(text) <= 3 else None
    if value is None or value > MAX_CAPACITY:
        raise InvalidInput(_("Enter how many wishes you can hold at once, from 0 to %(max)s.")
                           % {"max": MAX_CAPACITY}, field="capacity")
    return value


@transaction.atomic
def claimer_profile_update(*, actor, claimer_id, capacity, duty_type_codes, speciality: str | None = None,
                           occupation: str | None = None) -> ClaimerProfile:
    """Let a party member or a unit's coordinator declare what it offers (its 报到 profile or service list)."""
    claimer = (scope.claimers_of(actor).filter(pk=parse_id(claimer_id), kind__in=PROFILE_KINDS)
               .select_related("member", "partner_unit").first() if parse_id(claimer_id) else None)
    if claimer is None:
        raise NotFound()
    codes = [c for c in duty_type_codes if c]
    if not all(isinstance(c, str) and SLUG.fullmatch(c) for c in codes):
        raise InvalidInput(_("There is no such category."), field="duty_types")
    duty_types = list(DutyType.objects.filter(code__in=codes))
    if len(duty_types) != len(set(codes)):
        raise InvalidInput(_("There is no such category."), field="duty_types")
    capacity = _capacity(capacity)
    if claimer.member is not None:
        member = claimer.member
        if speciality is not None:
            member.speciality = clean_text(speciality, field="speciality", max_length=200)
        if occupation is not None:
            member.occupation = clean_text(occupation, field="occupation", max_length=100)
        member.save(update_fields=["speciality", "occupation"])
    elif claimer.partner_unit is not None and speciality is not None:
        unit = claimer.partner_unit
        unit.services = clean_text(speciality, field="speciality", max_length=1000)
        unit.save(update_fields=["services"])
    return profile_set(claimer=claimer, capacity=capacity, duty_types=duty_types)
