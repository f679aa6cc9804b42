"""Django settings for Sanji.

Everything that differs between a laptop, CI and a district's servers comes from the environment:

- ``DATABASE_URL``: PostgreSQL in production (``postgres://user@host:5432/sanji``); SQLite under ``var/`` if unset.
- ``SANJI_SECRET_KEY``: the signing key; if unset, one is generated once into ``var/secret_key``.
- ``SANJI_DEBUG``: ``1`` only on a developer's machine.
- ``SANJI_ALLOWED_HOSTS``: comma-separated host names served.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SANJI_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """Return the key from the environment, or a per-installation key kept in ``var/``."""
    if key := os.environ.get("SANJI_SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("SANJI_DEBUG") == "1"
ALLOWED_HOSTS = [h for h in os.environ.get("SANJI_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",
    "rules.apps.AutodiscoverRulesConfig",
    "sanji.core",
    "sanji.wishes",
    "sanji.notices",
    "sanji.dispatch",
    "sanji.classes",
    "sanji.property",
    "sanji.cadres",
    "sanji.insights",
    "sanji.moderation",
    "sanji.audit",
    "sanji.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "sanji.audit.middleware.AuditMiddleware",  # rows of the audit log name request.user
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "sanji.core.middleware.SanjiErrorPageMiddleware",
]

ROOT_URLCONF = "sanji.urls"
WSGI_APPLICATION = "sanji.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "sanji" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sanji.core.context_processors.navigation",
                "sanji.notices.context_processors.unread",
                "sanji.dispatch.context_processors.service_profile",
                "sanji.property.context_processors.ownership",
                "sanji.cadres.context_processors.cadres",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'sanji.sqlite3'}",
        conn_max_age=int(os.environ.get("SANJI_DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Wait for a writer rather than fail at once; WAL lets pages read while a wish is written.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [
    ("zh-hans", _("Simplified Chinese")),
    ("zh-hant", _("Traditional Chinese")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "sanji" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "sanji" / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = os.environ.get("SANJI_SECURE_COOKIES") == "1"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("SANJI_LOG_LEVEL", "WARNING")},
}

NINJA_PAGINATION_PER_PAGE = 50
CSRF_FAILURE_VIEW = "sanji.core.views.csrf_failure"

# Background work. With CELERY_BROKER_URL set (redis://127.0.0.1:6379/0), `sanji worker` runs a Celery
# worker with its beat; without it, `sanji worker` runs the same jobs in-process on a timer.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
#: (task name, dotted path of the task, every how many seconds) for the periodic jobs.
SANJI_PERIODIC_JOBS = [
    ("sanji.dispatch.escalate", "sanji.dispatch.tasks.escalate_overdue",
     int(os.environ.get("SANJI_ESCALATE_EVERY", "60"))),
    ("sanji.notices.deliver", "sanji.notices.tasks.deliver_notices",
     int(os.environ.get("SANJI_DELIVER_EVERY", "10"))),
    ("sanji.classes.regroup", "sanji.classes.tasks.regroup_all",
     int(os.environ.get("SANJI_REGROUP_EVERY", str(6 * 3600)))),
    ("sanji.property.flag_missed", "sanji.property.tasks.flag_missed",
     int(os.environ.get("SANJI_PROPERTY_FLAGS_EVERY", "3600"))),
]
CELERY_BEAT_SCHEDULE = {name: {"task": name, "schedule": float(every)} for name, _path, every in SANJI_PERIODIC_JOBS}

# How long the agencies named by a whistle have to report to the community, in minutes, per kind.
SANJI_WHISTLE_REPORT_MINUTES = {
    "daily": int(os.environ.get("SANJI_WHISTLE_DAILY_MINUTES", str(3 * 24 * 60))),
    "key_task": int(os.environ.get("SANJI_WHISTLE_KEY_TASK_MINUTES", str(24 * 60))),
    "emergency": int(os.environ.get("SANJI_WHISTLE_EMERGENCY_MINUTES", "30")),
}

# Notifications: the outbox's channels, the SMS gateway, and the address links in messages point to.
SANJI_NOTICE_CHANNELS = {
    "inbox": "sanji.notices.channels.InboxChannel",
    "email": "sanji.notices.channels.EmailChannel",
    "sms": "sanji.notices.channels.SmsChannel",
}
SANJI_SMS_GATEWAY = os.environ.get("SANJI_SMS_GATEWAY", "sanji.notices.channels.LoggingSmsGateway")
SANJI_SITE_URL = os.environ.get("SANJI_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
if os.environ.get("SANJI_EMAIL_HOST"):
    EMAIL_HOST = os.environ["SANJI_EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("SANJI_EMAIL_PORT", "25"))
    EMAIL_HOST_USER = os.environ.get("SANJI_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("SANJI_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = os.environ.get("SANJI_EMAIL_TLS") == "1"
else:  # no relay configured: write each message to a file under var/mail to read
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = os.environ.get("SANJI_EMAIL_FROM", "sanji@localhost")
