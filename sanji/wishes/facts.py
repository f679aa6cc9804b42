"""What one wish's history adds to the monthly figures (pure: no ORM, shared by the rollups and the benchmark).

The measures are those of domain.md §5. A wish's history is its events in order; each event carries the
deadline the wish was working to after it (``due``). From the history this module reads:

- the **response deadline**: the ``due`` of the first event that put the wish on the board (published or
  dispatched), i.e. the first claim deadline. Later recalls, declines and releases do not move it.
- the **resolution deadline**: the ``due`` of the first claim, i.e. the fulfilment date first promised to the
  resident. Later promises, releases and rework do not move it. A wish answered by a project without ever
  being claimed has none and stays out of the resolution rate.
- the **take-up**: the first claim, or the project answer, whichever comes first.
- the **standing fulfilment**: the last event into ``fulfilled``, when the wish is still fulfilled or closed
  (a fulfilment the beneficiary disputed does not stand).
- the **leaving**: the event that made it rejected, withdrawn or merged.
- the **days to fulfilment**: whole local days from the first publication (or, for a wish a project answered
  before it was ever published, from its submission) to the standing fulfilment.

Events written before ``WishEvent.due`` existed carry no deadline: such a wish's first claim or promise then has
none, and it stays out of the response or resolution rate rather than being measured against a later one.

Outcome of a deadline D against the event that meets it (take-up or standing fulfilment) at time T:
``met`` when T <= D; ``void`` when there is no T and the wish left before D (a withdrawn need is no
failure); ``pending`` when there is neither T nor a leaving yet; ``missed`` otherwise (late, or left after
D). Counted (in the denominator, by the month D falls in) are met, missed and pending; a pending wish
whose D has passed is a miss, which ``sanji.insights`` settles at query time, so no figure waits on a
timer.
"""

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

ON_BOARD = frozenset({"published", "dispatched"})
LEFT = frozenset({"rejected", "withdrawn", "merged"})
FULFILLED = frozenset({"fulfilled", "closed"})
#: States a wish never leaves; its figures cannot change any more.
TERMINAL = frozenset({"closed", *LEFT})
SATISFIED = frozenset({"satisfied", "basically_satisfied"})

#: The counters of the monthly rollup, in their column order.
COUNTERS = (
    "submitted", "rejected", "withdrawn", "escalated",
    "response_due", "response_met", "resolution_due", "resolution_met",
    "fulfilled", "rated", "satisfied", "member_fulfilled", "member_tenth_hours",
)


@dataclass(frozen=True)
class Step:
    """One event of a wish's history."""

    at: dt.datetime
    action: str
    to_state: str
    due: dt.datetime | None = None


@dataclass
class Contribution:
    """What one wish adds to the rollups: counters by month, fulfilment days by month, served residents."""

    counts: Counter = field(default_factory=Counter)  # (month, counter) -> n
    days: Counter = field(default_factory=Counter)  # (month, whole days publication -> fulfilment) -> n
    served: Counter = field(default_factory=Counter)  # (resident id, month) -> n
    response_pending: dt.datetime | None = None  # the response deadline, while undecided
    resolution_pending: dt.datetime | None = None

    def as_json(self) -> dict:
        """Return the contribution as JSON-safe lists (months as YYYY-MM-DD)."""
        return {
            "c": sorted([m.isoformat(), k, n] for (m, k), n in self.counts.items() if n),
            "d": sorted([m.isoformat(), d, n] for (m, d), n in self.days.items() if n),
            "s": sorted([r, m.isoformat(), n] for (r, m), n in self.served.items() if n),
        }

    @classmethod
    def from_json(cls, data: dict | None) -> "Contribution":
        """Return the contribution ``as_json`` wrote (an empty one for None); pending deadlines are not kept."""
        data = data or {}
        month = dt.date.fromisoformat
        return cls(
            counts=Counter({(month(m), k): n for m, k, n in data.get("c", [])}),
            days=Counter({(month(m), d): n for m, d, n in data.get("d", [])}),
            served=Counter({(r, month(m)): n for r, m, n in data.get("s", [])}),
        )


def delta(new: Contribution, old: Contribution) -> Contribution:
    """Return ``new - old`` key by key, keeping negative numbers (``Counter.__sub__`` would drop them)."""
    out = Contribution()
    for name in ("counts", "days", "served"):
        a, b = getattr(new, name), getattr(old, name)
        diff = getattr(out, name)
        for key in a.keys() | b.keys():
            change = a.get(key, 0) - b.get(key, 0)
            if change:
                diff[key] = change
    return out


def _outcome(due: dt.datetime, met_at: dt.datetime | None, left_at: dt.datetime | None) -> str:
    if met_at is not None:
        return "met" if met_at <= due else "missed"
    if left_at is None:
        return "pending"
    return "void" if left_at < due else "missed"


def _count_deadline(out: Contribution, kind: str, due, met_at, left_at, month) -> None:
    """Count a deadline (``kind`` response or resolution) in its month unless void; note it while undecided."""
    if due is None:
        return
    outcome = _outcome(due, met_at, left_at)
    if outcome != "void":
        out.counts[month(due), f"{kind}_due"] += 1
        out.counts[month(due), f"{kind}_met"] += outcome == "met"
    if outcome == "pending":
        setattr(out, f"{kind}_pending", due)


def contribution(
    history: Sequence[Step], *, satisfaction: str = "", by_member: bool = False, member_tenth_hours: int = 0,
    served_resident: int | None = None, tz: ZoneInfo,
) -> Contribution:
    """Return what the wish with this ``history`` (its events in order) adds to the monthly figures.

    ``satisfaction`` is the rating the beneficiary gave when the wish was closed; ``by_member`` says the
    standing fulfilment was by a party member, who with his or her helpers gave ``member_tenth_hours``;
    ``served_resident`` is the beneficiary's id when the wish was made for a priority-group household.
    Months and day counts are local to ``tz``.
    """

    def month(moment: dt.datetime) -> dt.date:
        return moment.astimezone(tz).date().replace(day=1)

    out = Contribution()
    if not history:
        return out
    counts = out.counts
    counts[month(history[0].at), "submitted"] += 1
    response_due = resolution_due = taken_up = published = left = fulfilment = rated = None
    boarded = claimed = False
    state = history[0].to_state
    for step in history:
        state = step.to_state
        if step.action.startswith("escalate_"):
            counts[month(step.at), "escalated"] += 1
        if step.to_state in ON_BOARD and not boarded:  # the first claim deadline, even if unknown (None)
            boarded, response_due = True, step.due
        if step.to_state in ON_BOARD:
            published = published or step.at
        if (step.to_state == "claimed" or step.action == "answer") and taken_up is None:
            taken_up = step.at
        if step.to_state == "claimed" and not claimed:  # the first promised date
            claimed, resolution_due = True, step.due
        if step.to_state == "fulfilled" and step.action in ("fulfil", "answer"):
            fulfilment = step.at
        if step.action == "confirm":
            rated = step.at
        if step.to_state in LEFT and left is None:
            left = step.at
            if step.to_state in ("rejected", "withdrawn"):
                counts[month(step.at), step.to_state] += 1
    if state not in FULFILLED:
        fulfilment = None
    _count_deadline(out, "response", response_due, taken_up, left, month)
    _count_deadline(out, "resolution", resolution_due, fulfilment, left, month)
    if fulfilment is not None:
        done = month(fulfilment)
        counts[done, "fulfilled"] += 1
        start = published or history[0].at  # answered by a project before it was published: from submission
        out.days[done, (fulfilment.astimezone(tz).date() - start.astimezone(tz).date()).days] += 1
        if by_member:
            counts[done, "member_fulfilled"] += 1
            counts[done, "member_tenth_hours"] += member_tenth_hours
        if served_resident is not None:
            out.served[served_resident, done] += 1
    if rated is not None and satisfaction:
        counts[month(rated), "rated"] += 1
        counts[month(rated), "satisfied"] += satisfaction in SATISFIED
    for key in [k for k, n in counts.items() if not n]:
        del counts[key]
    return out
