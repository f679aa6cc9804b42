"""``check --deploy`` passes with the production settings, and production refuses to start half-configured."""

import os
import secrets
import subprocess
import sys

import pytest
from cryptography.fernet import Fernet
from django.conf import settings


def production_env(tmp_path, **changes) -> dict:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("SANJI_", "DJANGO_", "DATABASE_URL", "CELERY_"))}
    env.update({
        "DJANGO_SETTINGS_MODULE": "sanji.settings",
        "SANJI_PRODUCTION": "1",
        "SANJI_SECRET_KEY": secrets.token_urlsafe(50),
        "SANJI_DATA_KEYS": Fernet.generate_key().decode(),
        "SANJI_LOOKUP_KEYS": secrets.token_urlsafe(32),
        "SANJI_ALLOWED_HOSTS": "sanji.example.gov.cn",
        "SANJI_VAR_DIR": str(tmp_path / "var"),
    })
    for key, value in changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def check(env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
                          cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=300)


def read_settings(env, names: str) -> subprocess.CompletedProcess:
    """Load the settings alone (no app, no URL) in a fresh interpreter and print the ``names`` asked."""
    code = f"from django.conf import settings as s; print(*(getattr(s, n) for n in {names.split()!r}))"
    return subprocess.run([sys.executable, "-c", code], cwd=settings.BASE_DIR, env=env, capture_output=True,
                          text=True, timeout=120)


def test_check_deploy_is_clean_in_production(tmp_path):
    done = check(production_env(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "System check identified no issues" in done.stdout and "WARNING" not in done.stdout + done.stderr


def test_check_deploy_is_clean_with_redis_behind_a_proxy(tmp_path):
    env = production_env(tmp_path, SANJI_CACHE_URL="redis://127.0.0.1:6379/1",
                         SANJI_PROXY_SSL_HEADER="X-Forwarded-Proto", SANJI_PROXY_COUNT="1")
    done = check(env)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("changes, said", [
    ({"SANJI_SECRET_KEY": None}, "SANJI_PRODUCTION=1 needs SANJI_SECRET_KEY"),
    ({"SANJI_DEBUG": "1"}, "SANJI_DEBUG=1"),
])
def test_production_refuses_to_start_half_configured(tmp_path, changes, said):
    done = read_settings(production_env(tmp_path, **changes), "DEBUG")
    assert done.returncode != 0
    assert "ImproperlyConfigured" in done.stderr and said in done.stderr
    assert not (tmp_path / "var" / "secret_key").exists()


def test_production_settings_in_force(tmp_path):
    env = production_env(tmp_path, SANJI_HSTS_SECONDS="3600", SANJI_SSL_REDIRECT="0")
    done = read_settings(env, "DEBUG SESSION_COOKIE_SECURE CSRF_COOKIE_SECURE SECURE_HSTS_SECONDS SECURE_SSL_REDIRECT "
                              "X_FRAME_OPTIONS SECURE_CONTENT_TYPE_NOSNIFF")
    assert done.stdout.split() == ["False", "True", "True", "3600", "False", "DENY", "True"], done.stderr
