"""Fetch-and-check: each returns a row ``user`` may see, or raises NotFound (missing and forbidden read alike)."""

from django.db.models import Q, QuerySet

from sanji.core import clock
from sanji.core.errors import NotFound
from sanji.core.inputs import parse_id
from sanji.core.scope import area_q

from ..models import Batch, FieldReport, Placement, Whistle, WhistleCall
from ..rules import community_areas, desk_agency_ids, district_areas


def _one(found: QuerySet, pk, *, lock: bool):
    pk = parse_id(pk)
    if pk is None:
        raise NotFound()
    if lock:
        found = found.select_for_update(of=("self",))
    row = found.filter(pk=pk).first()
    if row is None:
        raise NotFound()
    return row


def batches_in_scope(user) -> QuerySet:
    return Batch.objects.all() if district_areas(user) else Batch.objects.none()


def batch_access(user, batch_id, *, lock: bool = False) -> Batch:
    return _one(batches_in_scope(user), batch_id, lock=lock)


def placements_in_scope(user) -> QuerySet:
    """Return the placements ``user`` sees: in the communities he or she acts for, of the agencies he or she
    acts for, and his or her own."""
    q = area_q(community_areas(user), "community") | Q(cadre__agency_id__in=desk_agency_ids(user))
    if getattr(user, "is_authenticated", False):
        q |= Q(cadre__user=user)
    return Placement.objects.filter(q).select_related("cadre", "cadre__agency", "community", "batch")


def placement_access(user, placement_id, *, lock: bool = False) -> Placement:
    return _one(placements_in_scope(user), placement_id, lock=lock)


def reports_in_scope(user) -> QuerySet:
    """Return the sentinel reports ``user`` sees: those sent to his or her agencies, those of the placements
    in the communities he or she acts for, and his or her own."""
    placements = placements_in_scope(user).values("pk")
    q = Q(agency_id__in=desk_agency_ids(user)) | Q(placement__in=placements)
    return FieldReport.objects.filter(q).select_related("placement__cadre", "placement__community", "agency")


def report_access(user, report_id, *, lock: bool = False) -> FieldReport:
    return _one(reports_in_scope(user), report_id, lock=lock)


def whistles_in_scope(user) -> QuerySet:
    """Return the whistles of the communities ``user`` acts for or is placed in today, those he or she blew, and
    those naming his or her agencies."""
    q = area_q(community_areas(user), "community") | Q(calls__agency_id__in=desk_agency_ids(user))
    if getattr(user, "is_authenticated", False):
        placed_today = Placement.objects.active_on(clock.today()).filter(cadre__user=user)
        q |= Q(community__in=placed_today.values("community")) | Q(placement__cadre__user=user)
    ids = Whistle.objects.filter(q).values("pk")
    return Whistle.objects.filter(pk__in=ids).select_related("community")


def whistle_access(user, whistle_id, *, lock: bool = False) -> Whistle:
    return _one(whistles_in_scope(user), whistle_id, lock=lock)


def call_access(user, call_id, *, lock: bool = False) -> WhistleCall:
    found = WhistleCall.objects.filter(agency_id__in=desk_agency_ids(user)).select_related("whistle", "agency")
    return _one(found, call_id, lock=lock)
