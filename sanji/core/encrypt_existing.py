"""Encrypt, in a migration, the personal data a table held in clear before ``EncryptedTextField``.

Works on raw rows, not through the models: the historical model would try to decrypt the clear text it reads.
A value that is already a token is decrypted and encrypted again, so running it twice gives the same clear text;
the reverse writes clear text back (to go back to a release before encryption).
"""

from . import crypto


def _rows(cursor, table, columns):
    names = ", ".join(columns)
    cursor.execute(f"SELECT id, {names} FROM {table}")  # noqa: S608 (names come from the migration, not a user)
    return cursor.fetchall()


def encrypt_columns(table: str, columns: list[str], hashes: dict[str, tuple[str, str]]):
    """Return a RunPython pair that encrypts ``columns`` of ``table`` and fills its lookup hashes.

    ``hashes`` maps a hash column to (kind, source column)."""

    def forward(apps, schema_editor):
        q = schema_editor.connection.ops.quote_name
        sets = [*columns, *hashes]
        sql = f"UPDATE {q(table)} SET {', '.join(f'{q(c)} = %s' for c in sets)} WHERE id = %s"
        with schema_editor.connection.cursor() as cursor:
            updates = []
            for pk, *values in _rows(cursor, q(table), [q(c) for c in columns]):
                clear = {c: (crypto.decrypt(v) if v and crypto.is_token(v) else (v or ""))
                         for c, v in zip(columns, values, strict=True)}
                stored = [crypto.encrypt(clear[c]) if clear[c] else "" for c in columns]
                stored += [crypto.lookup_hash(kind, clear[source]) for kind, source in hashes.values()]
                updates.append((*stored, pk))
            cursor.executemany(sql, updates)

    def backward(apps, schema_editor):
        q = schema_editor.connection.ops.quote_name
        sql = f"UPDATE {q(table)} SET {', '.join(f'{q(c)} = %s' for c in columns)} WHERE id = %s"
        with schema_editor.connection.cursor() as cursor:
            rows = _rows(cursor, q(table), [q(c) for c in columns])
            cursor.executemany(sql, [
                (*[crypto.decrypt(v) if v and crypto.is_token(v) else (v or "") for v in values], pk)
                for pk, *values in rows
            ])

    return forward, backward
