"""Error pages: plain words, in the reader's language, never a traceback."""

from django.shortcuts import render
from django.utils.translation import gettext as _


def _error(request, status: int, message: str):
    return render(request, "error.html", {"error": {"message": message}, "status": status}, status=status)


def bad_request(request, exception=None):
    return _error(request, 400, _("The request could not be understood."))


def forbidden(request, exception=None):
    return _error(request, 403, _("You may not open this page."))


def not_found(request, exception=None):
    return _error(request, 404, _("This page does not exist, or it is not within your area."))


def server_error(request):
    return _error(request, 500, _("Something went wrong on our side. Please try again in a moment."))


def csrf_failure(request, reason=""):
    return _error(request, 403, _("The form had expired. Please go back, reload the page and send it again."))
