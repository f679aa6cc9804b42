"""Searching the audit log and the disclosures, within the searcher's scope.

Only those with ``audit.search_log`` search at all; anyone else gets ``NotFound``, as for any row outside one's
scope. A district administrator sees the rows placed in his districts' areas and the rows placed in no area; a
superuser sees every row. Each filter narrows the rows; raw text from a form or a query string is read by
``parse_filters`` first.
"""

import datetime as dt
from dataclasses import dataclass

import rules
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanji.core import scope
from sanji.core.errors import InvalidInput, NotFound
from sanji.core.inputs import clean_text, parse_date, parse_id
from sanji.core.models import Area

from .models import Action, AuditEntry, Disclosure
from .rules import admin_districts


@dataclass(frozen=True)
class Filters:
    q: str = ""
    actor: str = ""
    model: str = ""
    object_id: str = ""
    area: Area | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    action: str = ""
    purpose: str = ""

    _COMMON = ("q", "actor", "model", "object_id", "area", "since", "until")

    def for_changes(self) -> dict:
        """Return the keyword arguments of ``audit_search``."""
        return {name: getattr(self, name) for name in (*self._COMMON, "action")}

    def for_disclosures(self) -> dict:
        """Return the keyword arguments of ``disclosure_search``."""
        return {name: getattr(self, name) for name in (*self._COMMON, "purpose")}


def _require_searcher(user) -> None:
    if not rules.has_perm("audit.search_log", user):
        raise NotFound()


def search_areas(user):
    """Return the areas ``user`` may filter by: the subtrees of his districts (every area for a superuser)."""
    _require_searcher(user)
    areas = Area.objects.exclude(level="grid").order_by("path")
    return areas if user.is_superuser else areas.filter(scope.area_q(admin_districts(user)))


def parse_filters(user, data) -> Filters:
    """Read the filters from raw text (a GET query); raise ``InvalidInput`` naming the first wrong field."""
    _require_searcher(user)

    def text(name, length=100):
        return clean_text(data.get(name), field=name, max_length=length)

    area = None
    if raw_area := text("area", 20):
        area_id = parse_id(raw_area)
        area = search_areas(user).filter(pk=area_id).first() if area_id else None
        if area is None:
            raise InvalidInput(_("Choose an area of your district."), field="area")
    since = parse_date(data["since"], field="since") if text("since", 20) else None
    until = parse_date(data["until"], field="until") if text("until", 20) else None
    if since and until and since > until:
        raise InvalidInput(_("The start date must not be after the end date."), field="since")
    action = text("action", 10)
    if action and action not in Action.values:
        raise InvalidInput(_("Choose one of the listed actions."), field="action")
    return Filters(q=text("q"), actor=text("actor"), model=text("model", 64).lower(), object_id=text("object_id", 64),
                   area=area, since=since, until=until, action=action, purpose=text("purpose", 40))


def _scope_q(user) -> Q:
    _require_searcher(user)
    if user.is_superuser:
        return Q()
    under = Area.objects.filter(scope.area_q(admin_districts(user))).values("pk")
    return Q(area__isnull=True) | Q(area_id__in=under)


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _common_q(f: Filters) -> Q:
    q = Q()
    if f.actor:
        actor_id = parse_id(f.actor)
        q &= Q(actor_id=actor_id) if actor_id else (Q(actor_label__icontains=f.actor) | Q(actor__username=f.actor))
    if f.area is not None:
        q &= Q(area_id__in=Area.objects.filter(path__startswith=f.area.path).values("pk"))
    if f.since:
        q &= Q(at__gte=_day_start(f.since))
    if f.until:
        q &= Q(at__lt=_day_start(f.until + dt.timedelta(days=1)))
    return q


def audit_search(user, *, q: str = "", actor: str = "", model: str = "", object_id: str = "", area=None,
                 since=None, until=None, action: str = ""):
    """Return the audit entries ``user`` may see that match every filter given, newest first.

    ``actor`` is a user id, a login name or part of the name shown; ``model`` a label (``core.resident``);
    ``area`` an ``Area`` whose subtree the rows must lie in; ``since`` and ``until`` days (both included, in the
    district's time); ``q`` text found in the record's name, the actor's name, the id or the source.
    """
    f = Filters(q=q, actor=actor, model=model, object_id=object_id, area=area, since=since, until=until,
                action=action)
    rows = AuditEntry.objects.filter(_scope_q(user), _common_q(f))
    if f.model:
        rows = rows.filter(model=f.model)
    if f.object_id:
        rows = rows.filter(object_id=f.object_id)
    if f.action:
        rows = rows.filter(action=f.action)
    if f.q:
        rows = rows.filter(Q(object_repr__icontains=f.q) | Q(actor_label__icontains=f.q) | Q(object_id=f.q)
                           | Q(source__icontains=f.q))
    return rows.order_by("-at", "-pk")


def disclosure_search(user, *, q: str = "", actor: str = "", model: str = "", object_id: str = "", area=None,
                      since=None, until=None, purpose: str = ""):
    """Return the disclosures ``user`` may see that match every filter given, newest first (as ``audit_search``;
    ``model`` and ``object_id`` name the person whose data was shown)."""
    f = Filters(q=q, actor=actor, model=model, object_id=object_id, area=area, since=since, until=until,
                purpose=purpose)
    rows = Disclosure.objects.filter(_scope_q(user), _common_q(f))
    if f.model:
        rows = rows.filter(subject_model=f.model)
    if f.object_id:
        rows = rows.filter(subject_id=f.object_id)
    if f.purpose:
        rows = rows.filter(purpose=f.purpose)
    if f.q:
        rows = rows.filter(Q(fields__icontains=f.q) | Q(actor_label__icontains=f.q) | Q(purpose_ref__icontains=f.q)
                           | Q(purpose__icontains=f.q) | Q(subject_id=f.q))
    return rows.order_by("-at", "-pk")
