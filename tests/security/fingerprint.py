"""Snapshots of Sanji's tables, the rows that belong to one community, and what a request changed of them.

A community's rows are found from data, not listed by hand: the seeds (its area, its people, the objects it owns
that hang from shared rows) and every row that points at one of them by a foreign key, again and again until no
row is added. A request touched a community if a row of it changed or vanished, or if a row written by the request
points at one of its rows (a ballot entered for its owner, an event on its wish, a wish merged into its wish).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
from django.db import connection, models

#: Apps whose rows are the platform's data. Sessions, admin log and the audit trail change with every request.
SKIPPED_APPS = frozenset({"audit"})

Key = tuple[str, int]  # (model label, pk)


@dataclass(frozen=True)
class Table:
    model: type[models.Model]
    fields: tuple[str, ...]  # attnames, pk first
    links: tuple[tuple[int, str], ...]  # (index in fields, label of the model the foreign key points at)


def _tables() -> list[Table]:
    tables = []
    for model in apps.get_models(include_auto_created=True):
        config = model._meta.app_config
        if not config.name.startswith("sanji.") or config.label in SKIPPED_APPS or model._meta.proxy:
            continue
        concrete = [f for f in model._meta.concrete_fields]
        names = tuple(f.attname for f in concrete)
        links = tuple((i, f.related_model._meta.label) for i, f in enumerate(concrete)
                      if f.is_relation and f.related_model is not None)
        tables.append(Table(model, names, links))
    return tables


_TABLES: list[Table] | None = None


def tables() -> list[Table]:
    global _TABLES
    if _TABLES is None:
        _TABLES = _tables()
    return _TABLES


Snapshot = dict[str, dict[int, tuple]]


def snapshot() -> Snapshot:
    """Return every row of every table of the platform, by model label and pk."""
    found = {}
    for table in tables():
        rows = table.model._base_manager.order_by().values_list(*table.fields)
        found[table.model._meta.label] = {row[0]: row for row in rows}
    return found


class Watch:
    """Read only what a check needs: the rows of ``keys`` and any row newer than the snapshot ``base``.

    The queries are compiled once and run as SQL (a check reads about eighty tables, twice a test). A table whose
    key is not an integer is read whole.
    """

    def __init__(self, base: Snapshot, keys: frozenset[Key]):
        self.reads = []
        for table in tables():
            label, model = table.model._meta.label, table.model
            found = model._base_manager.order_by().values_list(*table.fields)
            if isinstance(model._meta.pk, models.AutoField | models.BigAutoField):
                ids = [pk for (lab, pk) in keys if lab == label]
                found = found.filter(models.Q(pk__in=ids) | models.Q(pk__gt=max(base.get(label, {}), default=0)))
            self.reads.append((label, *found.query.sql_with_params()))

    def snapshot(self) -> Snapshot:
        with connection.cursor() as cursor:
            found = {}
            for label, sql, params in self.reads:
                cursor.execute(sql, params)
                found[label] = {row[0]: row for row in cursor.fetchall()}
        return found


def _links(table: Table, row: tuple) -> Iterable[Key]:
    for index, label in table.links:
        if row[index] is not None:
            yield label, row[index]


def rows_of(seeds: Iterable[Key], snap: Snapshot) -> frozenset[Key]:
    """Return ``seeds`` and every row of ``snap`` that points at one of them, transitively."""
    owned = set(seeds)
    by_label = {t.model._meta.label: t for t in tables()}
    grown = True
    while grown:
        grown = False
        for label, rows in snap.items():
            table = by_label[label]
            if not table.links:
                continue
            for pk, row in rows.items():
                if (label, pk) not in owned and any(link in owned for link in _links(table, row)):
                    owned.add((label, pk))
                    grown = True
    return frozenset(owned)


def touched(before: Snapshot, after: Snapshot, owned: frozenset[Key]) -> list[str]:
    """Return a line for each change between the snapshots that reaches a row of ``owned``."""
    by_label = {t.model._meta.label: t for t in tables()}
    found = []
    for label, rows in after.items():
        table = by_label[label]
        old_rows = before.get(label, {})
        for pk, row in rows.items():
            old = old_rows.get(pk)
            if old == row:
                continue
            if (label, pk) in owned:
                found.append(f"{label} #{pk} changed: {_diff(table, old, row)}")
            elif any(link in owned for link in _links(table, row)):
                found.append(f"{label} #{pk} {'written' if old is None else 'changed'} pointing at the other side")
        for pk in old_rows.keys() - rows.keys():
            if (label, pk) in owned:
                found.append(f"{label} #{pk} deleted")
    return found


def _diff(table: Table, old: tuple, new: tuple) -> str:
    return ", ".join(f"{name}: {a!r} -> {b!r}" for name, a, b in zip(table.fields, old, new, strict=True) if a != b)
