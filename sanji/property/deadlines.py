"""The deadlines of an owners' committee re-election, after the Qingdao property-management regulation (2021).

Each deadline is a calendar day in Asia/Shanghai: it is met when its step is done by the end of that day, and
missed once that day has passed without it. The days are counted from the event the regulation names:

- start: the outgoing committee's term end, less 60 days (after that, the street forms a re-election group);
- objections answered: the day before the owners' vote opens;
- chair and vice-chair chosen: 3 days after the election;
- files and seals handed over: 10 days after the election;
- filed with the street: 30 days after the election.

The rule that the vote opens at least 15 days after the announcement is enforced when it is announced, not
tracked as a deadline.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

START_BEFORE_TERM_END = dt.timedelta(days=60)
ANNOUNCE_BEFORE_VOTE = dt.timedelta(days=15)
OFFICERS_WITHIN = dt.timedelta(days=3)
HANDOVER_WITHIN = dt.timedelta(days=10)
FILING_WITHIN = dt.timedelta(days=30)
MAX_TERM_YEARS = 5

LABELS = {
    "start": _("Re-election started (60 days before the term ends)"),
    "objections": _("Objections answered (before the vote opens)"),
    "officers": _("Chair and vice-chair chosen (within 3 days)"),
    "handover": _("Files and seals handed over (within 10 days)"),
    "filing": _("Filed with the street (within 30 days)"),
}


@dataclass(frozen=True)
class Deadline:
    key: str
    due: dt.date
    done_on: dt.date | None
    today: dt.date

    @property
    def label(self) -> str:
        return str(LABELS[self.key])

    @property
    def missed(self) -> bool:
        """Return True if the step was not done by the end of its day (done late, or not done and past due)."""
        return (self.done_on or self.today) > self.due

    @property
    def days_left(self) -> int:
        return (self.due - self.today).days


def local_day(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(moment) if moment else None


def start_due(term_ends_on: dt.date) -> dt.date:
    """Return the last day on which the outgoing committee itself may start its re-election."""
    return term_ends_on - START_BEFORE_TERM_END


def reelection_deadlines(reelection, *, today: dt.date, objections_done_on: dt.date | None) -> list[Deadline]:
    """Return the deadlines of ``reelection`` known so far, in the order they fall due.

    ``objections_done_on`` is the day the last objection was answered (the announcement's day when none was
    raised), or None while one is still unanswered.
    """
    found = []
    if reelection.outgoing is not None:
        found.append(Deadline("start", start_due(reelection.outgoing.ends_on), local_day(reelection.started_at), today))
    if reelection.vote is not None and reelection.announced_at:
        opens = local_day(reelection.vote.opens_at)
        found.append(Deadline("objections", opens - dt.timedelta(days=1), objections_done_on, today))
    elected = local_day(reelection.elected_at)
    if elected:
        found.append(Deadline("officers", elected + OFFICERS_WITHIN, local_day(reelection.officers_at), today))
        found.append(Deadline("handover", elected + HANDOVER_WITHIN, local_day(reelection.handed_over_at), today))
        found.append(Deadline("filing", elected + FILING_WITHIN, local_day(reelection.filed_at), today))
    return found
