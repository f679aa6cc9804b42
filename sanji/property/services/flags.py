"""Flag missed re-election deadlines to the street (run by the worker with the other periodic jobs).

Two things are flagged, each once: a committee in office that has not started its re-election by 60 days before
its term ends (the street must then form a re-election group), and any deadline of a re-election under way that
has passed without its step. The street's officers are told; where a street has none in Sanji, the district's
administrators are told instead. Each flag of a re-election is also written into its history.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from sanji.core import clock
from sanji.core.models import Area, Role, User
from sanji.notices.models import Notice
from sanji.notices.services import notices_queue

from ..deadlines import start_due
from ..models import CommitteeState, CommitteeTerm, Reelection, ReelectionEvent, Step
from ..selectors import deadlines_of


@dataclass
class FlagReport:
    not_started: int = 0
    missed: int = 0


def reelections_flag_missed() -> FlagReport:
    """Flag every missed re-election deadline not flagged before; return how many were flagged."""
    report = FlagReport()
    today = timezone.localdate(clock.now())
    under_way = Reelection.objects.exclude(step=Step.FILED).filter(outgoing__isnull=False).values("outgoing")
    terms = (CommitteeTerm.objects.filter(state=CommitteeState.CURRENT).exclude(pk__in=under_way)
             .select_related("compound__community"))
    for term in terms:
        due = start_due(term.ends_on)
        key = f"reelection-not-started:{term.pk}"
        if today > due and not Notice.objects.filter(key=key).exists():
            with transaction.atomic():
                notices_queue(
                    recipients=street_people(term.compound.community), kind="reelection_not_started",
                    params={"compound": term.compound.name, "due": due.isoformat(),
                            "ends": term.ends_on.isoformat()},
                    key=key, url=f"/property/compounds/{term.compound_id}/",
                )
            report.not_started += 1
    for reelection in Reelection.objects.exclude(step=Step.FILED).select_related("compound__community", "outgoing",
                                                                                 "vote"):
        flagged = set(ReelectionEvent.objects.filter(reelection=reelection, kind="deadline_missed")
                      .values_list("params__deadline", flat=True))
        for deadline in deadlines_of(reelection, today=today):
            if deadline.key in flagged or not deadline.missed or deadline.done_on is not None:
                continue
            with transaction.atomic():
                ReelectionEvent.objects.create(reelection=reelection, kind="deadline_missed", at=clock.now(),
                                               params={"deadline": deadline.key, "due": deadline.due.isoformat()})
                notices_queue(
                    recipients=street_people(reelection.compound.community), kind="reelection_deadline_missed",
                    params={"compound": reelection.compound.name, "deadline": deadline.key,
                            "due": deadline.due.isoformat()},
                    key=f"reelection:{reelection.pk}:{deadline.key}", url=f"/property/reelections/{reelection.pk}/",
                )
            report.missed += 1
    return report


def street_people(community: Area) -> list:
    """Return the street officers over ``community``, or the district administrators when there are none."""
    ancestors = community.ancestors()
    for role in (Role.STREET_OFFICER, Role.DISTRICT_ADMIN):
        users = list(User.objects.filter(
            grants__role=role, grants__area__in=[a for a in ancestors if a.level in ("street", "district")],
            is_active=True).distinct())
        if users:
            return users
    return []
