"""Django settings for Sanji.

Everything that differs between a laptop, CI and a district's servers comes from the environment:

- ``DATABASE_URL``: PostgreSQL in production (``postgres://user@host:5432/sanji``); SQLite under ``var/`` if unset.
- ``SANJI_SECRET_KEY``: the signing key; if unset, one is generated once into ``var/secret_key``.
- ``SANJI_DEBUG``: ``1`` only on a developer's machine.
- ``SANJI_ALLOWED_HOSTS``: comma-separated host names served.
- ``SANJI_DATA_KEYS``, ``SANJI_LOOKUP_KEYS``: the keys of personal data at rest (``sanji/core/crypto.py``); if
  unset, one of each is generated once into ``var/data_keys``.
- ``SANJI_PRODUCTION``: ``1`` on a district's servers: requires ``SANJI_SECRET_KEY`` and both key lists, keeps DEBUG
  off, and turns on HTTPS-only cookies, HSTS and the redirect to HTTPS (see "Security" below for the knobs).
- ``SANJI_CACHE_URL``: Redis for the rate limits' counters (``redis://127.0.0.1:6379/1``); a file cache under
  ``var/cache`` if unset.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from sanji.core import crypto

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SANJI_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


PRODUCTION = os.environ.get("SANJI_PRODUCTION") == "1"


def _secret_key() -> str:
    """Return the key from the environment, or (not in production) a per-installation key kept in ``var/``."""
    if key := os.environ.get("SANJI_SECRET_KEY"):
        return key
    if PRODUCTION:
        raise ImproperlyConfigured(
            "SANJI_PRODUCTION=1 needs SANJI_SECRET_KEY: set it to a long random string kept secret, such as the "
            "output of: python -c 'import secrets; print(secrets.token_urlsafe(50))'")
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
# The keys of personal data at rest (sanji/core/crypto.py): SANJI_DATA_KEYS and SANJI_LOOKUP_KEYS, newest first.
try:
    SANJI_KEYRING = crypto.load_keyring(VAR_DIR, required=PRODUCTION)
except crypto.KeyringError as exc:
    raise ImproperlyConfigured(str(exc)) from exc
DEBUG = os.environ.get("SANJI_DEBUG") == "1"
if DEBUG and PRODUCTION:
    raise ImproperlyConfigured("SANJI_DEBUG=1 shows tracebacks to anyone; it is refused with SANJI_PRODUCTION=1.")
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
    "axes",
    "csp",
    "django_ratelimit",
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
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "sanji.audit.middleware.AuditMiddleware",  # rows of the audit log name request.user
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "sanji.core.middleware.SanjiErrorPageMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks: turns a lockout into its answer
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
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out login before a password is checked
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Argon2 for new passwords; a PBKDF2 hash still verifies and is rehashed with Argon2 at the next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
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
# Uploads are checked by content (magic bytes, then Pillow or openpyxl) and size, kept under MEDIA_ROOT (outside
# STATIC_ROOT, with no public URL) and served only by views that check who may see them.
SANJI_PHOTO_MAX_BYTES = int(os.environ.get("SANJI_PHOTO_MAX_MB", "8")) * 1024 * 1024
SANJI_SHEET_MAX_BYTES = int(os.environ.get("SANJI_SHEET_MAX_MB", "5")) * 1024 * 1024

# Security. With SANJI_PRODUCTION=1, `sanji check --deploy --fail-level WARNING` passes.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = PRODUCTION or os.environ.get("SANJI_SECURE_COOKIES") == "1"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_HSTS_SECONDS = int(os.environ.get("SANJI_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("SANJI_HSTS_SUBDOMAINS", "1") == "1"
    SECURE_HSTS_PRELOAD = os.environ.get("SANJI_HSTS_PRELOAD") == "1"
    # Off (SANJI_SSL_REDIRECT=0) only where a proxy in front already sends every http:// request to https://.
    SECURE_SSL_REDIRECT = os.environ.get("SANJI_SSL_REDIRECT", "1") == "1"
if proxy_ssl_header := os.environ.get("SANJI_PROXY_SSL_HEADER"):
    # The header a TLS-terminating proxy sets to "https" on what came in over HTTPS, e.g. X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + proxy_ssl_header.upper().replace("-", "_"), "https")
#: How many trusted reverse proxies stand before the server (sanji/core/clients.py reads the client's address).
SANJI_PROXY_COUNT = int(os.environ.get("SANJI_PROXY_COUNT", "0"))
SILENCED_SYSTEM_CHECKS = [
    # django-ratelimit's check knows only memcached and django-redis. The two caches below count atomically too:
    # Django's RedisCache with Redis INCR, sanji.core.cache.LockedFileBasedCache under a file lock.
    "django_ratelimit.W001",
]
if PRODUCTION and not SECURE_HSTS_PRELOAD:
    # Browsers' HSTS preload list takes public domains only; a host on the district's closed network never is one.
    SILENCED_SYSTEM_CHECKS.append("security.W021")

# The Content-Security-Policy of every page: our own files only, no inline script, no eval, no inline style.
# Data islands (`json_script`, type application/json) are not executed; ECharts and htmx set styles through the
# CSSOM, which style-src does not govern. A photo is served with its own stricter policy (sandbox).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

# The rate limits' counters (sanji/core/ratelimits.py): Redis when SANJI_CACHE_URL is set, otherwise files under
# var/cache shared by the processes of one machine. Rates are "count/period" with period s, m, h or d.
if cache_url := os.environ.get("SANJI_CACHE_URL"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": cache_url}}
else:
    CACHES = {"default": {"BACKEND": "sanji.core.cache.LockedFileBasedCache", "LOCATION": VAR_DIR / "cache",
                          "OPTIONS": {"MAX_ENTRIES": 10_000}}}
RATELIMIT_USE_CACHE = "default"
RATELIMIT_FAIL_OPEN = True  # see sanji/core/ratelimits.py: an unreachable cache lets requests through
SANJI_RATE_LOGIN = os.environ.get("SANJI_RATE_LOGIN", "10/m")  # per client address, page and API together
SANJI_RATE_WISH = os.environ.get("SANJI_RATE_WISH", "20/h")  # per resident
SANJI_RATE_WISH_STAFF = os.environ.get("SANJI_RATE_WISH_STAFF", "200/h")  # per staff member entering wishes

# Login lockout (django-axes, counts in the database): after SANJI_LOGIN_FAILURE_LIMIT failed logins for one user
# name from one address, that pair waits SANJI_LOGIN_COOLOFF_MINUTES after its last failure (sanji/core/lockout.py).
AXES_FAILURE_LIMIT = int(os.environ.get("SANJI_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("SANJI_LOGIN_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_CALLABLE = "sanji.core.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "sanji.core.clients.client_ip"


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
