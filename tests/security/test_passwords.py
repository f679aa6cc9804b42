"""Passwords: Argon2 for new ones; an older PBKDF2 hash still verifies and is rehashed at the next login.

tests/conftest.py hashes with MD5 for speed; these tests put the production list back.
"""

import pytest
from django.contrib.auth.hashers import make_password
from django.test import Client

from sanji import settings as production
from tests.factories import fresh

pytestmark = pytest.mark.django_db


@pytest.fixture
def real_hashers(settings):
    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS


def test_argon2_comes_first_and_pbkdf2_still_verifies():
    assert production.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert "django.contrib.auth.hashers.PBKDF2PasswordHasher" in production.PASSWORD_HASHERS


def test_a_new_password_is_hashed_with_argon2(world, real_hashers):
    user = fresh(world.resident_a)
    user.set_password("a new long password")
    user.save()
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$") and user.check_password("a new long password")


def test_a_pbkdf2_hash_logs_in_and_is_upgraded_to_argon2(world, real_hashers):
    user = fresh(world.resident_a)
    user.password = make_password("old password 2019", hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])
    response = Client().post("/accounts/login/", {"username": user.username, "password": "old password 2019"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$") and user.check_password("old password 2019")
