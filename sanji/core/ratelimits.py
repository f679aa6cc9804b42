"""Rate limits on what anyone can send: logins (page and token) and wishes (page and API).

django-ratelimit counts in the default cache (Redis with ``SANJI_CACHE_URL``, else the locked file cache of
``sanji/core/cache.py``). A request over its limit is refused with ``TooManyRequests`` before the view's body
runs, so nothing is written; a page shows it as the error page with status 429, the API as
``{code, message, extra}`` with ``extra["retry_after"]`` in seconds. The rates are settings (``SANJI_RATE_*``),
read on each request.

A cache that cannot be reached lets the request through and logs the error: the login lockout (django-axes)
keeps its counts in the database and still holds, and residents can still log in and send wishes.
"""

import logging
import math
from functools import wraps

from django.conf import settings
from django.utils.translation import ngettext
from django_ratelimit.core import get_usage

from . import scope
from .clients import client_ip
from .errors import TooManyRequests

log = logging.getLogger(__name__)


def _acting_user(request):
    """Return the caller: the API's bearer or session user (``request.auth``), else the page's user."""
    return getattr(request, "auth", None) or getattr(request, "user", None)


def by_ip(group, request) -> str:
    return client_ip(request)


def by_user(group, request) -> str:
    """Count per logged-in person; an anonymous caller per address."""
    user = _acting_user(request)
    if getattr(user, "is_authenticated", False):
        return f"user:{user.pk}"
    return f"ip:{client_ip(request)}"


def login_rate(group, request) -> str:
    return settings.SANJI_RATE_LOGIN


def wish_rate(group, request) -> str:
    """Residents make a few wishes; staff entering a stack of paper forms (代填) may send many more."""
    return settings.SANJI_RATE_WISH_STAFF if scope.is_staff(_acting_user(request)) else settings.SANJI_RATE_WISH


def _wait_message(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return ngettext(
        "Too many requests in a short time. Please wait %(n)s minute and try again.",
        "Too many requests in a short time. Please wait %(n)s minutes and try again.",
        minutes,
    ) % {"n": minutes}


def rate_limit(*, group: str, key, rate, methods=("POST",)):
    """Return a view decorator counting ``methods`` requests per ``key`` in ``group`` against ``rate``.

    ``key`` and ``rate`` are callables ``(group, request)`` as django-ratelimit takes them. Works on page views
    and on ninja operations alike (the operation runs after the API has authenticated the caller).
    """

    def decorate(view):
        @wraps(view)
        def limited(request, *args, **kwargs):
            try:
                usage = get_usage(request, group=group, key=key, rate=rate, method=list(methods), increment=True)
            except Exception:  # the cache is down: let the request through (see the module's docstring)
                log.exception("rate limit %s: the cache could not be reached", group)
                usage = None
            if usage is not None and usage["should_limit"]:
                retry_after = max(1, usage["time_left"])
                raise TooManyRequests(_wait_message(retry_after), retry_after=retry_after)
            return view(request, *args, **kwargs)

        return limited

    return decorate


#: Logins per client address, on the login page and at ``POST /api/v1/auth/token`` together.
login_limit = rate_limit(group="login", key=by_ip, rate=login_rate)
#: Wishes made per person, on the wish page and at ``POST /api/v1/wishes`` together.
wish_limit = rate_limit(group="wish-submit", key=by_user, rate=wish_rate)
