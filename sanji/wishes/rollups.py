"""The one writer of the monthly rollups (``models.rollups``): refresh after an event, rebuild from the events.

``wishes_refresh`` runs inside the transaction that wrote the event, after it, while the wishes are
locked; it recomputes each wish's contribution from its whole history (``wishes.facts``), subtracts
what its ``WishFact`` says it added before, and adds the difference. Rows are upserted in key order, so
two transactions touching the same months take their row locks in the same order; a service that changes
many wishes in one transaction gathers them with ``deferred()`` so it, too, writes once in key order.

``rollups_rebuild`` empties the tables and adds every wish's contribution again from the events; the
figures must come out identical (tests/wishes/test_rollups.py checks it).
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import F, Sum
from django.utils import timezone

from sanji.core.models import ClaimerKind
from sanji.core.services import priority_households_recount

from . import facts
from .models import ALL_GROUPS, ServedMonth, Wish, WishEvent, WishFact, WishFulfilDays, WishMonth, WishVolunteer


@dataclass(frozen=True)
class Dims:
    """Where a wish's figures go: its community, category and the priority groups it was made under."""

    community_id: int
    duty_type: int
    groups: tuple[str, ...]

    @classmethod
    def of(cls, wish: Wish) -> "Dims":
        groups = tuple(g for g in (wish.beneficiary_groups or "").split(",") if g)
        return cls(wish.community_id, wish.duty_type_id or 0, groups)

    def slices(self) -> tuple[str, ...]:
        """Return the group slices the wish counts in: all residents, then each of its groups."""
        return (ALL_GROUPS, *self.groups)


class Pending:
    """Rollup changes gathered over many wishes, written in one pass in key order."""

    def __init__(self):
        self.months = defaultdict(lambda: defaultdict(int))  # (month, community, type, group) -> counter -> n
        self.days = defaultdict(int)  # (month, community, type, group, days) -> n
        self.served = defaultdict(int)  # (resident, month, community) -> n

    def add(self, change: facts.Contribution, dims: Dims) -> None:
        """Gather ``change`` (a contribution or a difference of two) under every slice of ``dims``."""
        for group in dims.slices():
            for (month, counter), n in change.counts.items():
                self.months[month, dims.community_id, dims.duty_type, group][counter] += n
            for (month, days), n in change.days.items():
                self.days[month, dims.community_id, dims.duty_type, group, days] += n
        for (resident, month), n in change.served.items():
            self.served[resident, month, dims.community_id] += n

    def write(self) -> None:
        """Add the gathered changes to the tables (an upsert per row, in key order)."""
        q = connection.ops.quote_name
        counters = facts.COUNTERS
        month_rows = [
            (*key, *(values.get(c, 0) for c in counters))
            for key, values in sorted(self.months.items()) if any(values.values())
        ]
        _upsert(WishMonth, ["month", "community_id", "duty_type", "group"], list(counters), month_rows, q)
        day_rows = [(*key, n) for key, n in sorted(self.days.items()) if n]
        _upsert(WishFulfilDays, ["month", "community_id", "duty_type", "group", "days"], ["wishes"], day_rows, q)
        served_rows = [(r, m, c, n) for (r, m, c), n in sorted(self.served.items()) if n]
        _upsert(ServedMonth, ["resident_id", "month", "community_id"], ["wishes"], served_rows, q,
                conflict=["resident_id", "month"])
        # A figure taken back (a deadline voided, a fulfilment disputed) can leave a row of zeros: drop it, so the
        # tables hold exactly what a rebuild would write. Only rows this transaction has just upserted (and so
        # already holds locked) are looked at, so the deletes never wait on another writer.
        _drop_zeros(WishMonth, ["month", "community_id", "duty_type", "group"], list(counters), month_rows, q)
        _drop_zeros(WishFulfilDays, ["month", "community_id", "duty_type", "group", "days"], ["wishes"], day_rows, q)
        _drop_zeros(ServedMonth, ["resident_id", "month"], ["wishes"], [(r, m, n) for r, m, _c, n in served_rows], q)


def _drop_zeros(model, keys, counters, rows, q) -> None:
    """Delete the rows of ``rows`` (keys, then changes) that a negative change may have brought to all zeros."""
    lowered = [row[:len(keys)] for row in rows if any(n < 0 for n in row[len(keys):])]
    if not lowered:
        return
    where = " AND ".join([f"{q(k)} = %s" for k in keys] + [f"{q(c)} = 0" for c in counters])
    with connection.cursor() as cursor:
        cursor.executemany(f"DELETE FROM {q(model._meta.db_table)} WHERE {where}", lowered)


def _upsert(model, keys, counters, rows, q, conflict=None) -> None:
    if not rows:
        return
    table = q(model._meta.db_table)
    columns = ", ".join(q(c) for c in [*keys, *counters])
    marks = ", ".join(["%s"] * (len(keys) + len(counters)))
    target = ", ".join(q(c) for c in (conflict or keys))
    updates = ", ".join(f"{q(c)} = {table}.{q(c)} + excluded.{q(c)}" for c in counters)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks}) ON CONFLICT ({target}) DO UPDATE SET {updates}"
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _histories(wish_ids: list[int]) -> dict[int, list[facts.Step]]:
    out = defaultdict(list)
    events = (
        WishEvent.objects.filter(wish_id__in=wish_ids).order_by("wish_id", "at", "pk")
        .values_list("wish_id", "at", "action", "to_state", "due")
    )
    for wish_id, at, action, to_state, due in events.iterator(chunk_size=5000):
        out[wish_id].append(facts.Step(at, action, to_state, due))
    return out


def _member_hours(wishes: list[Wish]) -> dict[int, int]:
    """Return, for each wish held by a party member, the tenths of hours recorded on it."""
    by_member = [w.pk for w in wishes if w.holder_id and w.holder_kind == ClaimerKind.MEMBER]
    hours = (
        WishVolunteer.objects.filter(wish_id__in=by_member).values("wish_id").annotate(total=Sum("hours"))
        .values_list("wish_id", "total")
    )
    found = {wish_id: int(total * 10) for wish_id, total in hours}
    return {pk: found.get(pk, 0) for pk in by_member}


def _contributions(wishes: list[Wish]) -> Iterator[tuple[Wish, facts.Contribution]]:
    histories = _histories([w.pk for w in wishes])
    member_hours = _member_hours(wishes)
    tz = timezone.get_default_timezone()
    for wish in wishes:
        yield wish, facts.contribution(
            histories.get(wish.pk, []), satisfaction=wish.satisfaction, by_member=wish.pk in member_hours,
            member_tenth_hours=member_hours.get(wish.pk, 0),
            served_resident=wish.beneficiary_id if wish.beneficiary_groups else None, tz=tz,
        )


def _with_holder_kind(queryset):
    return queryset.select_related(None).only(
        "pk", "state", "community_id", "duty_type_id", "beneficiary_groups", "beneficiary_id", "holder_id",
        "satisfaction",
    ).annotate(holder_kind=F("holder__kind"))


def _fact(wish: Wish, dims: Dims, contribution: facts.Contribution) -> WishFact:
    return WishFact(
        wish_id=wish.pk, community_id=dims.community_id, duty_type=dims.duty_type,
        groups=wish.beneficiary_groups or "", contribution=contribution.as_json(),
        response_pending=contribution.response_pending, resolution_pending=contribution.resolution_pending,
    )


#: The PostgreSQL advisory lock that keeps a rebuild and the refreshes apart (any constant of the project's own).
ROLLUP_LOCK = 7_300_278
_deferred: ContextVar[set | None] = ContextVar("sanji_rollups_deferred", default=None)


def _lock(shared: bool) -> None:
    """Take the rollups' transaction lock: shared by refreshes, exclusive by a rebuild (PostgreSQL only; on
    SQLite a writing transaction already excludes every other)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT pg_advisory_xact_lock{'_shared' if shared else ''}(%s)", [ROLLUP_LOCK])


@contextmanager
def deferred() -> Iterator[None]:
    """Refresh the wishes changed in the block once, at its end, in one pass in key order.

    A service that changes many wishes in one transaction (a project's close) uses it, so that its rollup
    rows are taken in the same order as every other writer's and two such transactions cannot deadlock.
    """
    outer = _deferred.get()
    if outer is not None:
        yield
        return
    changed: set = set()
    token = _deferred.set(changed)
    try:
        yield
    finally:
        _deferred.reset(token)
    wishes_refresh(changed)


def wishes_refresh(wish_ids: Iterable[int]) -> None:
    """Bring the rollups up to date with the wishes' histories.

    Call inside the transaction that wrote the wishes' latest events, while holding their row locks (a
    transition or the escalation scan does); the ``WishFact`` rows are locked here too. A finished wish
    without a fact row was counted in full before and is left as it is (a note added to a closed wish).
    """
    ids = sorted(set(wish_ids))
    if not ids:
        return
    waiting = _deferred.get()
    if waiting is not None:
        waiting.update(ids)
        return
    with transaction.atomic():
        _lock(shared=True)
        known = {f.wish_id: f for f in WishFact.objects.select_for_update().filter(wish_id__in=ids).order_by("pk")}
        wishes = list(_with_holder_kind(Wish.objects.filter(pk__in=ids)).order_by("pk"))
        wishes = [w for w in wishes if w.pk in known or w.state not in facts.TERMINAL]
        pending = Pending()
        keep, finished = [], []
        for wish, new in _contributions(wishes):
            dims = Dims.of(wish)
            old = facts.Contribution.from_json(known[wish.pk].contribution if wish.pk in known else None)
            pending.add(facts.delta(new, old), dims)
            (finished if wish.state in facts.TERMINAL else keep).append(_fact(wish, dims, new))
        pending.write()
        WishFact.objects.filter(wish_id__in=[f.wish_id for f in finished]).delete()
        WishFact.objects.bulk_create(
            keep, update_conflicts=True, unique_fields=["wish"],
            update_fields=["community", "duty_type", "groups", "contribution", "response_pending",
                           "resolution_pending"],
        )


def wish_refresh(wish: Wish) -> None:
    """Refresh the rollups for one wish (see ``wishes_refresh``)."""
    wishes_refresh([wish.pk])


def rollups_rebuild(*, chunk: int = 5000, progress=None) -> int:
    """Empty the rollups and recompute them from every wish's events; return the number of wishes read.

    Runs in one transaction, so the dashboards see the old figures until the new ones are complete. It holds
    the rollups' lock throughout: wish changes made meanwhile wait for it at their refresh (then read the
    rebuilt facts), so at ten million wishes a rebuild pauses the wishes' writes for minutes; run it in a
    quiet hour.
    """
    with transaction.atomic():
        _lock(shared=False)
        priority_households_recount()  # the coverage's denominator, from the register
        for model in (WishMonth, WishFulfilDays, ServedMonth, WishFact):
            model.objects.all().delete()
        pending, facts_rows, seen, last = Pending(), [], 0, 0
        while True:
            wishes = list(_with_holder_kind(Wish.objects.filter(pk__gt=last)).order_by("pk")[:chunk])
            if not wishes:
                break
            for wish, contribution in _contributions(wishes):
                dims = Dims.of(wish)
                pending.add(contribution, dims)
                if wish.state not in facts.TERMINAL:
                    facts_rows.append(_fact(wish, dims, contribution))
            WishFact.objects.bulk_create(facts_rows, batch_size=1000)
            facts_rows.clear()
            seen += len(wishes)
            last = wishes[-1].pk
            if progress:
                progress(seen)
        pending.write()
    return seen
