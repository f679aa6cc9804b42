"""The login lockout (django-axes), in the platform's words.

After ``AXES_FAILURE_LIMIT`` failed logins for one user name from one client address, that pair is refused until
``AXES_COOLOFF_TIME`` after its last failure, on the login page and at ``POST /api/v1/auth/token`` alike. Attempts
made while locked out are not counted (``AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT`` is off), so the time
told to the person holds. The page answers 429 with ``core/locked_out.html``; the API answers 429 with
``{code: "locked_out", message, extra: {retry_after, until}}``.
"""

from django.db.models import Max
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .clients import client_ip
from .errors import LockedOut


def lockout_error(request, credentials: dict | None = None) -> LockedOut:
    """Return the refusal of a locked-out login, saying when the person may try again."""
    from axes.helpers import get_client_username, get_cool_off
    from axes.models import AccessAttempt

    username = get_client_username(request, credentials)
    address = getattr(request, "axes_ip_address", None) or client_ip(request)
    last = AccessAttempt.objects.filter(username=username, ip_address=address).aggregate(
        last=Max("attempt_time"))["last"]
    now = timezone.now()
    until = (last or now) + get_cool_off(request)
    local = timezone.localtime(until)
    when = date_format(local, "H:i") if local.date() == timezone.localdate(now) else date_format(
        local, "SHORT_DATETIME_FORMAT")
    return LockedOut(
        _("Too many failed logins with this user name. Logging in with it from here is paused until %(time)s; "
          "please try again then. If you have forgotten the password, ask your community staff to reset it.")
        % {"time": when},
        retry_after=(until - now).total_seconds(),
        extra={"until": until.isoformat()},
    )


def lockout_response(request, original_response=None, credentials: dict | None = None):
    """Answer a locked-out login (``AXES_LOCKOUT_CALLABLE``): JSON under /api/, the lockout page elsewhere."""
    error = lockout_error(request, credentials)
    if request.path.startswith("/api/"):
        response = JsonResponse(error.as_dict(), status=error.status, json_dumps_params={"ensure_ascii": False})
    else:
        response = render(request, "core/locked_out.html", {"error": error}, status=error.status)
    response["Retry-After"] = str(error.retry_after)
    return response
