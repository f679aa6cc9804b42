"""Re-encrypt personal data under the newest keys (``sanji keys rotate``), and count what is not yet.

To rotate: put a new key first in ``SANJI_DATA_KEYS`` (and/or ``SANJI_LOOKUP_KEYS``), keeping the old ones after
it; restart; run ``sanji keys rotate``; when ``sanji keys status`` shows nothing left under an old key, drop it.
Until then the old keys still decrypt, and searches try every lookup key, so the service runs throughout.

Rows are rewritten in batches, each locked (``SELECT ... FOR UPDATE``) and written in its own transaction, so a
person's edit made meanwhile is neither lost nor overwritten. ``bulk_update`` sends no signals: rotating keys
changes no one's data and adds nothing to the audit log.
"""

from dataclasses import dataclass

from django.apps import apps
from django.db import connection, transaction

from . import crypto
from .fields import encrypted_fields, hash_fields

BATCH = 500


@dataclass
class KeyCount:
    model: str
    rows: int = 0
    stale: int = 0


def personal_data_models() -> list:
    """Return every model with an encrypted field, in label order."""
    return sorted((m for m in apps.get_models() if encrypted_fields(m)), key=lambda m: m._meta.label_lower)


def _pk_batches(model):
    last = None
    while True:
        rows = model.objects.order_by("pk")
        if last is not None:
            rows = rows.filter(pk__gt=last)
        pks = list(rows.values_list("pk", flat=True)[:BATCH])
        if not pks:
            return
        yield pks
        last = pks[-1]


def rotate_model(model) -> int:
    """Rewrite every row of ``model`` under the newest keys; return the number of rows written."""
    secret = [f.name for f in encrypted_fields(model)]
    hashes = hash_fields(model)
    written = 0
    for pks in _pk_batches(model):
        with transaction.atomic():
            rows = list(model.objects.select_for_update().filter(pk__in=pks).only("pk", *secret))
            for row in rows:
                for field in hashes:
                    setattr(row, field.attname, crypto.lookup_hash(field.kind, getattr(row, field.source) or ""))
            model.objects.bulk_update(rows, [*secret, *(f.name for f in hashes)])
            written += len(rows)
    return written


def rotate_all(progress=None) -> dict[str, int]:
    """Rotate every personal-data model; ``progress(label, rows)`` is told after each."""
    done = {}
    for model in personal_data_models():
        done[model._meta.label_lower] = rotate_model(model)
        if progress:
            progress(model._meta.label_lower, done[model._meta.label_lower])
    return done


def _stale(model, secret: list[str], hashes: list) -> tuple[int, int]:
    """Return (rows, rows holding a token of an older data key or a hash of an older lookup key)."""
    q = connection.ops.quote_name
    columns = [q(model._meta.get_field(name).column) for name in secret] + [q(f.column) for f in hashes]
    sql = f"SELECT {', '.join(columns)} FROM {q(model._meta.db_table)}"  # noqa: S608 (names from the models)
    rows = stale = 0
    with connection.cursor() as cursor:
        cursor.execute(sql)
        for values in cursor.fetchall():
            rows += 1
            tokens, stored = values[: len(secret)], dict(zip(hashes, values[len(secret):], strict=True))
            old_token = any(t and not crypto.under_newest_key(t) for t in tokens)
            clear = {name: crypto.decrypt(t) if t else "" for name, t in zip(secret, tokens, strict=True)}
            old_hash = any(stored[f] != crypto.lookup_hash(f.kind, clear[f.source]) for f in hashes)
            stale += old_token or old_hash
    return rows, stale


def key_status() -> list[KeyCount]:
    """Return, per personal-data model, how many rows it holds and how many still need ``rotate``."""
    counts = []
    for model in personal_data_models():
        rows, stale = _stale(model, [f.name for f in encrypted_fields(model)], hash_fields(model))
        counts.append(KeyCount(model._meta.label_lower, rows, stale))
    return counts
