"""Which deadline a wish is working to, and when the escalation scan must next look at it.

A wish in a step has one deadline (domain.md §2): review while submitted, claim while on the board or
dispatched, fulfilment while held, follow-up once fulfilled. When it is missed, the wish escalates one
level (community -> street -> district); the level that was told then has ``escalation_days`` to act
before the next level is told. ``Wish.escalate_at`` holds that moment so the scan is one index range.
"""

import datetime as dt

from django.db.models import Case, F, When
from django.utils.translation import gettext_lazy as _

from .models import EscalationLevel, Wish, WishState

S = WishState

#: The deadline field that runs in each open state.
DEADLINE_OF_STATE = {
    S.SUBMITTED: "review_due",
    S.PUBLISHED: "claim_due",
    S.DISPATCHED: "claim_due",
    S.CLAIMED: "fulfil_due",
    S.IN_PROGRESS: "fulfil_due",
    S.FULFILLED: "followup_due",
}

#: The step each open state is in (the deadline it works to), named for events and notices.
STEP_OF_STATE = {
    S.SUBMITTED: "review",
    S.PUBLISHED: "claim",
    S.DISPATCHED: "claim",
    S.CLAIMED: "fulfil",
    S.IN_PROGRESS: "fulfil",
    S.FULFILLED: "followup",
}
MISSED_STEP_LABELS = {
    "review": _("review overdue"),
    "claim": _("nobody claimed it in time"),
    "fulfil": _("not fulfilled by the promised date"),
    "followup": _("follow-up visit overdue"),
}

#: The level above each level; the district has none.
NEXT_LEVEL = {
    EscalationLevel.COMMUNITY: EscalationLevel.STREET,
    EscalationLevel.STREET: EscalationLevel.DISTRICT,
}


def current_deadline(wish: Wish) -> dt.datetime | None:
    """Return the deadline of the wish's current step, or None when it has none (a closed wish)."""
    field = DEADLINE_OF_STATE.get(wish.state)
    return getattr(wish, field) if field else None


def next_escalation(wish: Wish, escalation_days: int) -> dt.datetime | None:
    """Return when the wish escalates next if nothing happens, or None if it never will."""
    if wish.escalation_level not in NEXT_LEVEL:
        return None
    due = current_deadline(wish)
    if due is None:
        return None
    if wish.escalated_at is not None:
        due = max(due, wish.escalated_at + dt.timedelta(days=escalation_days))
    return due


def current_deadline_expression() -> Case:
    """Return the SQL expression of ``current_deadline`` (for set-based updates and filters)."""
    return Case(*(When(state=state, then=F(field)) for state, field in DEADLINE_OF_STATE.items()), default=None)
