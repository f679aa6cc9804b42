"""Encryption of personal data and its keyed lookup hashes: key rings, tokens, rotation, normalised hashes."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sanji.core import crypto

from .helpers import new_ring

PHONE = "13906428815"


def one_ring(use_keys) -> None:
    data, lookup = new_ring()
    use_keys([data], [lookup])


# -- key rings -----------------------------------------------------------------------------------------------------

def test_a_good_ring_keeps_its_keys_newest_first():
    (d1, l1), (d2, l2) = new_ring(), new_ring()
    ring = crypto.parse_keyring(f"{d1}, {d2}", f"{l1},{l2},")
    assert ring.data == (d1.encode(), d2.encode()) and ring.lookup == (l1.encode(), l2.encode())


@pytest.mark.parametrize("data, lookup, variable, problem", [
    ("not-a-key", "x" * 32, "SANJI_DATA_KEYS", "key 1 is not a Fernet key"),
    ("{good}, short", "x" * 32, "SANJI_DATA_KEYS", "key 2 is not a Fernet key"),
    ("{good}", "too-short", "SANJI_LOOKUP_KEYS", "key 1 is shorter than 32 characters"),
    ("", "x" * 32, "SANJI_DATA_KEYS", "holds no key"),
    (" , ", "x" * 32, "SANJI_DATA_KEYS", "holds no key"),
    ("{good}", "", "SANJI_LOOKUP_KEYS", "holds no key"),
])
def test_a_ring_that_cannot_be_used_is_refused_naming_the_variable(data, lookup, variable, problem):
    with pytest.raises(crypto.KeyringError) as refused:
        crypto.parse_keyring(data.format(good=crypto.generate_data_key()), lookup)
    assert variable in str(refused.value) and problem in str(refused.value)


def test_a_required_ring_is_refused_when_the_environment_has_none(monkeypatch, tmp_path):
    monkeypatch.delenv(crypto.DATA_KEYS_ENV, raising=False)
    monkeypatch.delenv(crypto.LOOKUP_KEYS_ENV, raising=False)
    with pytest.raises(crypto.KeyringError, match="SANJI_DATA_KEYS and SANJI_LOOKUP_KEYS"):
        crypto.load_keyring(tmp_path, required=True)
    assert not (tmp_path / "data_keys").exists()


def test_without_the_environment_one_local_ring_is_made_once_and_kept_private(monkeypatch, tmp_path):
    monkeypatch.delenv(crypto.DATA_KEYS_ENV, raising=False)
    monkeypatch.delenv(crypto.LOOKUP_KEYS_ENV, raising=False)
    first = crypto.load_keyring(tmp_path)
    assert crypto.load_keyring(tmp_path) == first
    assert (tmp_path / "data_keys").stat().st_mode & 0o777 == 0o600


def test_the_environment_wins_over_the_local_ring(monkeypatch, tmp_path):
    data, lookup = new_ring()
    monkeypatch.setenv(crypto.DATA_KEYS_ENV, data)
    monkeypatch.setenv(crypto.LOOKUP_KEYS_ENV, lookup)
    assert crypto.load_keyring(tmp_path, required=True) == crypto.Keyring((data.encode(),), (lookup.encode(),))
    assert not (tmp_path / "data_keys").exists()


# -- tokens --------------------------------------------------------------------------------------------------------

def test_encrypting_twice_gives_two_tokens_of_the_same_text(use_keys):
    one_ring(use_keys)
    one, two = crypto.encrypt(PHONE), crypto.encrypt(PHONE)
    assert one != two
    assert crypto.is_token(one) and crypto.is_token(two)
    assert PHONE not in one and crypto.decrypt(one) == crypto.decrypt(two) == PHONE


def test_a_token_of_an_older_key_decrypts_while_that_key_is_still_listed_and_rotates_to_the_newest(use_keys):
    (old, lookup), (new, _unused) = new_ring(), new_ring()
    use_keys([old], [lookup])
    token = crypto.encrypt(PHONE)
    use_keys([new, old], [lookup])
    assert crypto.decrypt(token) == PHONE and not crypto.under_newest_key(token)
    rotated = crypto.rotate(token)
    assert rotated != token and crypto.under_newest_key(rotated)
    assert crypto.rotate(rotated) == rotated  # already under the newest key: left as it is
    use_keys([new], [lookup])
    assert crypto.decrypt(rotated) == PHONE
    with pytest.raises(ValueError, match="SANJI_DATA_KEYS"):
        crypto.decrypt(token)


def test_a_token_of_a_key_not_in_the_ring_is_a_value_error(use_keys):
    (stranger, lookup), (mine, _unused) = new_ring(), new_ring()
    use_keys([stranger], [lookup])
    token = crypto.encrypt(PHONE)
    use_keys([mine], [lookup])
    with pytest.raises(ValueError):
        crypto.decrypt(token)
    with pytest.raises(ValueError):
        crypto.decrypt("gAAAAAnot-a-token")


@given(st.text(max_size=300))
def test_any_text_comes_back_from_its_token(text):
    token = crypto.encrypt(text)
    assert crypto.is_token(token) and crypto.decrypt(token) == text


# -- lookup hashes -------------------------------------------------------------------------------------------------

def test_a_phone_hashes_the_same_however_it_is_written(use_keys):
    one_ring(use_keys)
    whole = crypto.lookup_hash("phone", PHONE)
    assert len(whole) == 64 and PHONE not in whole
    for written in ("139-0642-8815", "139 0642 8815", " 13906428815 ", "(139)06428815"):
        assert crypto.lookup_hash("phone", written) == whole
    assert crypto.lookup_hash("phone", "13906428816") != whole


def test_the_tail_of_a_phone_is_its_last_four_digits(use_keys):
    one_ring(use_keys)
    tail = crypto.lookup_hash("phone_tail", PHONE)
    assert crypto.lookup_hash("phone_tail", "8815") == tail == crypto.lookup_hash("phone_tail", "139-0642-8815")
    assert crypto.lookup_hash("phone_tail", "13800008815") == tail  # another phone ending the same
    assert crypto.lookup_hash("phone_tail", "8816") != tail


def test_an_id_number_hashes_the_same_in_either_case_and_with_spaces(use_keys):
    one_ring(use_keys)
    number = crypto.lookup_hash("id_number", "37020219800101123X")
    assert crypto.lookup_hash("id_number", "37020219800101123x") == number
    assert crypto.lookup_hash("id_number", "370202 19800101 123x") == number
    assert crypto.lookup_hash("id_number", "370202198001011231") != number


def test_a_hash_differs_per_kind_and_per_key(use_keys):
    (data, first), (_unused, second) = new_ring(), new_ring()
    use_keys([data], [first])
    as_phone, as_id = crypto.lookup_hash("phone", PHONE), crypto.lookup_hash("id_number", PHONE)
    assert as_phone != as_id
    use_keys([data], [second])
    assert crypto.lookup_hash("phone", PHONE) != as_phone


def test_lookup_hashes_gives_one_hash_per_key_newest_first(use_keys):
    (data, first), (_d2, second), (_d3, third) = new_ring(), new_ring(), new_ring()
    use_keys([data], [third])
    under_third = crypto.lookup_hash("phone", PHONE)
    use_keys([data], [first])
    under_first = crypto.lookup_hash("phone", PHONE)
    use_keys([data], [second])
    under_second = crypto.lookup_hash("phone", PHONE)
    use_keys([data], [third, second, first])
    assert crypto.lookup_hashes("phone", "139-0642-8815") == [under_third, under_second, under_first]
    assert crypto.lookup_hash("phone", PHONE) == under_third


def test_an_empty_value_has_no_hash(use_keys):
    one_ring(use_keys)
    assert crypto.lookup_hash("phone", "") == "" and crypto.lookup_hash("phone", "---") == ""
    assert crypto.lookup_hashes("phone", "") == [] and crypto.lookup_hash("id_number", "  ") == ""
