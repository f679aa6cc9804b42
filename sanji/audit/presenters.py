"""The audit rows in people's words: kinds of record by their names, changes as "field: old → new"."""

import datetime as dt

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from .changes import REDACTED
from .registry import labels


def _model(label: str):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def kind_name(label: str) -> str:
    """Return the name of a kind of record (``core.resident`` → 居民), or the label when it is unknown."""
    model = _model(label)
    return str(model._meta.verbose_name) if model else label


def kind_choices() -> list[tuple[str, str]]:
    """Return (label, name) of every tracked kind of record, by name."""
    return sorted(((label, kind_name(label)) for label in labels()), key=lambda pair: pair[1])


def _field(model, name):
    try:
        return model._meta.get_field(name) if model else None
    except FieldDoesNotExist:
        return None


def _links(field) -> bool:
    """Return True for a foreign key or a one-to-one link (its values are ids of another row)."""
    return field is not None and field.concrete and field.is_relation and not field.many_to_many


def _shown(field, value, names: dict) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list | dict):  # a JSON value: skills, preferences
        return ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        try:
            return timezone.localtime(dt.datetime.fromisoformat(value)).strftime("%Y-%m-%d %H:%M")
        except ValueError:
            return value
    choices = dict(field.flatchoices) if field is not None and getattr(field, "flatchoices", None) else {}
    if value in choices:
        return str(choices[value])
    if _links(field):
        name = names.get((field.related_model, value))
        return f"{name} (#{value})" if name else f"#{value}"
    return str(value)


def linked_names(rows) -> dict:
    """Return the names of the rows that ``(model label, changes)`` pairs link to, by (model, id): one query
    per linked kind of row, for a whole page."""
    wanted: dict = {}
    for model_label, changes in rows:
        model = _model(model_label)
        for name, change in (changes or {}).items():
            field = _field(model, name)
            if not _links(field) or not isinstance(change, list):
                continue
            wanted.setdefault(field.related_model, set()).update(v for v in change if isinstance(v, int))
    names = {}
    for model, ids in wanted.items():
        for pk, obj in model._base_manager.in_bulk(list(ids)).items():
            names[(model, pk)] = str(obj)[:60]
    return names


def describe(model_label: str, changes: dict, names: dict | None = None) -> list[tuple[str, str]]:
    """Return (field name, what happened to it) for each field of ``changes``; ``names`` are those of
    ``linked_names``."""
    model = _model(model_label)
    names = names or {}
    lines = []
    for name, change in (changes or {}).items():
        field = _field(model, name)
        label = str(field.verbose_name) if field is not None and hasattr(field, "verbose_name") else name
        if change == REDACTED:
            text = _("changed (personal data, not shown)")
        elif field is not None and field.many_to_many:
            text = "、".join(str(item[1] or f"#{item[0]}") if isinstance(item, list) else str(item)
                            for item in change)
        elif isinstance(change, list) and len(change) == 2:
            old, new = change
            text = f"{_shown(field, old, names)} → {_shown(field, new, names)}"
        else:
            text = str(change)
        lines.append((label, text))
    return lines


def field_names(model_label: str, names) -> str:
    """Return the names of fields as people read them (``phone,address`` → 电话、地址)."""
    model = _model(model_label)
    shown = []
    for name in names:
        field = _field(model, name)
        shown.append(str(field.verbose_name) if field is not None and hasattr(field, "verbose_name") else name)
    return "、".join(shown)


def source_name(source: str) -> str:
    """Return where a change came from, in words (``cli:demo`` → 命令 demo)."""
    kind, _sep, name = source.partition(":")
    if kind == "web":
        return _("web page")
    if kind == "api":
        return _("JSON API")
    if kind == "cli":
        return _("command %(name)s") % {"name": name}
    if kind == "task":
        return _("background job %(name)s") % {"name": name}
    return _("the system")
