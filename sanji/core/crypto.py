"""Encryption of personal data at rest, and keyed hashes to find it again.

Two key rings, both newest first, come from the environment:

- ``SANJI_DATA_KEYS``: comma-separated Fernet keys (AES-128-CBC with HMAC-SHA256, from ``cryptography``). The first
  encrypts; every key decrypts, so a new key can be put first and ``sanji keys rotate`` re-encrypts the rows.
- ``SANJI_LOOKUP_KEYS``: comma-separated secrets for HMAC-SHA256 "lookup hashes": a phone number typed into a search
  is hashed with each key and compared with the stored hash, so no column holds a phone number, and the hash is
  useless to whoever has the database without the key.

Without them (a laptop, the demo, the tests) one key of each is generated once into ``var/data_keys`` (mode 600),
like the signing key. Production refuses to start without both (see ``sanji/settings.py``).

Pure of the ORM: the model fields in ``sanji.core.fields`` and the key command call these functions.
"""

import base64
import hashlib
import hmac
import json
import os
import re
import secrets
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

DATA_KEYS_ENV = "SANJI_DATA_KEYS"
LOOKUP_KEYS_ENV = "SANJI_LOOKUP_KEYS"
#: Every Fernet token starts with its version byte 0x80, which is "gAAAAA" in URL-safe base64.
TOKEN_PREFIX = "gAAAAA"


class KeyringError(Exception):
    """A key ring that cannot be used: the message names the variable and the problem (for operators)."""


@dataclass(frozen=True)
class Keyring:
    data: tuple[bytes, ...]
    lookup: tuple[bytes, ...]


def generate_data_key() -> str:
    return Fernet.generate_key().decode()


def generate_lookup_key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def parse_keyring(data_keys: str, lookup_keys: str) -> Keyring:
    """Return the key ring of these two comma-separated lists, refusing keys that cannot be used."""
    data = []
    for i, key in enumerate(_split(data_keys), 1):
        try:
            Fernet(key)
        except (ValueError, TypeError) as exc:
            raise KeyringError(f"{DATA_KEYS_ENV}: key {i} is not a Fernet key (32 url-safe base64 bytes)") from exc
        data.append(key.encode())
    lookup = []
    for i, key in enumerate(_split(lookup_keys), 1):
        if len(key) < 32:
            raise KeyringError(f"{LOOKUP_KEYS_ENV}: key {i} is shorter than 32 characters")
        lookup.append(key.encode())
    if not data:
        raise KeyringError(f"{DATA_KEYS_ENV} holds no key")
    if not lookup:
        raise KeyringError(f"{LOOKUP_KEYS_ENV} holds no key")
    return Keyring(tuple(data), tuple(lookup))


def _local_keys(var_dir: Path) -> tuple[str, str]:
    """Return the keys kept in ``var/data_keys``, writing a new pair on first use."""
    path = var_dir / "data_keys"
    if not path.exists():
        path.write_text(json.dumps({"data": [generate_data_key()], "lookup": [generate_lookup_key()]}))
        path.chmod(0o600)
    stored = json.loads(path.read_text())
    return ",".join(stored["data"]), ",".join(stored["lookup"])


def load_keyring(var_dir: Path, *, required: bool = False) -> Keyring:
    """Return the key ring from the environment, or from ``var/`` when the environment has none."""
    data, lookup = os.environ.get(DATA_KEYS_ENV, ""), os.environ.get(LOOKUP_KEYS_ENV, "")
    if not (data or lookup):
        if required:
            raise KeyringError(f"set {DATA_KEYS_ENV} and {LOOKUP_KEYS_ENV} (see `sanji keys generate`)")
        data, lookup = _local_keys(var_dir)
    return parse_keyring(data, lookup)


@cache
def keyring() -> Keyring:
    from django.conf import settings

    return settings.SANJI_KEYRING


def forget_keyring() -> None:
    """Read the key ring from the settings again (after a test or a command changed it)."""
    keyring.cache_clear()


def _fernet() -> MultiFernet:
    return _multi(keyring().data)


@cache
def _multi(keys: tuple[bytes, ...]) -> MultiFernet:
    return MultiFernet([Fernet(k) for k in keys])


def encrypt(text: str) -> str:
    """Return the token of ``text`` under the newest data key (a new random token each time)."""
    return _fernet().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    """Return the text of ``token``; any key of the ring may have made it."""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ValueError("personal data cannot be decrypted with the keys in SANJI_DATA_KEYS") from exc


def rotate(token: str) -> str:
    """Return ``token`` encrypted again under the newest key (the same token if it already is)."""
    if under_newest_key(token):
        return token
    return _fernet().rotate(token.encode()).decode()


def under_newest_key(token: str) -> bool:
    try:
        Fernet(keyring().data[0]).decrypt(token.encode())
    except InvalidToken:
        return False
    return True


def is_token(value: str) -> bool:
    return value.startswith(TOKEN_PREFIX)


# Lookup hashes --------------------------------------------------------------------------------------------------

def _phone_digits(value: str) -> str:
    """Return the digits of a phone number, without China's country code before a mobile number."""
    digits = re.sub(r"\D", "", value)
    return re.sub(r"^(?:0086|86)(?=1\d{10}$)", "", digits)


#: How each kind of value is put in one form before hashing, so +86 139-0642-8815 finds 13906428815.
NORMALISERS = {
    "phone": _phone_digits,
    "phone_tail": lambda value: _phone_digits(value)[-4:],
    "id_number": lambda value: re.sub(r"\s", "", value).upper(),
}


def normalise(kind: str, value: str) -> str:
    return NORMALISERS[kind](value or "")


def _hmac(key: bytes, kind: str, value: str) -> str:
    return hmac.new(key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def lookup_hash(kind: str, value: str) -> str:
    """Return the keyed hash to store for ``value`` (empty for an empty value)."""
    value = normalise(kind, value)
    return _hmac(keyring().lookup[0], kind, value) if value else ""


def lookup_hashes(kind: str, value: str) -> list[str]:
    """Return the hashes of ``value`` under every lookup key, to search rows not yet rotated as well."""
    value = normalise(kind, value)
    return [_hmac(key, kind, value) for key in keyring().lookup] if value else []
