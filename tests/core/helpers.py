"""Helpers of the personal-data tests: fresh keys, and rows read past the model fields."""

from django.db import connection

from sanji.core import crypto


def new_ring() -> tuple[str, str]:
    """Return a fresh (data key, lookup key) pair."""
    return crypto.generate_data_key(), crypto.generate_lookup_key()


def raw(table: str, pk: int, *columns: str) -> dict:
    """Return the columns of one row as the database holds them, past the model fields."""
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(map(q, columns))} FROM {q(table)} WHERE id = %s", [pk])  # noqa: S608
        return dict(zip(columns, cursor.fetchone(), strict=True))


def set_raw(table: str, pk: int, **values) -> None:
    """Overwrite columns of one row past the model fields (to make a row as an older release left it)."""
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {q(table)} SET {', '.join(f'{q(c)} = %s' for c in values)} WHERE id = %s",  # noqa: S608
                       [*values.values(), pk])
