"""Reads for the agencies' and communities' daily work: the report inbox, document tracking, placements."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from sanji.core import clock

from ..models import Bulletin, FieldReport, Placement
from ..rules import desk_agency_ids
from .access import placements_in_scope

#: A report unanswered longer than this many days is shown as overdue.
ANSWER_WITHIN_DAYS = 7


@dataclass(frozen=True)
class InboxRow:
    report: FieldReport
    age_days: int
    overdue: bool


def inbox(user) -> list[InboxRow]:
    """Return the reports sent to ``user``'s agencies, unanswered first (oldest first), then the answered."""
    now = clock.now()
    reports = FieldReport.objects.filter(agency_id__in=desk_agency_ids(user)).select_related(
        "placement__cadre", "placement__community", "agency")
    waiting = reports.filter(answered_at__isnull=True).order_by("filed_at", "pk")
    answered = reports.filter(answered_at__isnull=False).order_by("-answered_at", "-pk")[:50]
    rows = []
    for report in [*waiting, *answered]:
        end = report.answered_at or now
        age = (end - report.filed_at).days
        rows.append(InboxRow(report, age, report.answered_at is None and age >= ANSWER_WITHIN_DAYS))
    return rows


def bulletins_tracked(user) -> QuerySet:
    """Return the documents of ``user``'s agencies with how many cadres received, read and explained each."""
    return Bulletin.objects.filter(agency_id__in=desk_agency_ids(user)).select_related("agency").annotate(
        sent=Count("receipts"),
        read=Count("receipts", filter=Q(receipts__acknowledged_at__isnull=False)),
        explained=Count("receipts", filter=Q(receipts__explained_at__isnull=False)),
    )


def placements_listed(user) -> QuerySet:
    return placements_in_scope(user).order_by("community__path", "cadre__name")


def own_placements(user) -> QuerySet:
    if not getattr(user, "is_authenticated", False):
        return Placement.objects.none()
    return Placement.objects.filter(cadre__user=user).select_related("community", "batch", "cadre__agency").order_by(
        "-starts_on")
