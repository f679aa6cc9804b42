"""The one NinjaAPI of Sanji, at /api/v1/, with a router per app and the one error handler."""

import logging
from functools import wraps

from django.core.exceptions import BadRequest, SuspiciousOperation
from django.http import Http404, HttpResponseNotAllowed
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.renderers import JSONRenderer

from sanji.cadres.api import router as cadres_router
from sanji.classes.api import router as classes_router
from sanji.core.api import BearerAuth, Session
from sanji.core.api import router as auth_router
from sanji.core.errors import SanjiError
from sanji.dispatch.api import router as dispatch_router
from sanji.insights.api import router as insights_router
from sanji.notices.api import router as notices_router
from sanji.property.api import router as property_router
from sanji.wishes.api import public_router
from sanji.wishes.api import router as wishes_router

log = logging.getLogger(__name__)


class Utf8Renderer(JSONRenderer):
    """Write Chinese as itself, not as \\u escapes."""

    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="Sanji API",
    version="1",
    description="Micro-wishes and the people who make and fulfil them. Authenticate with "
    "`POST /api/v1/auth/token`, then send `Authorization: Bearer <token>`.",
    auth=[BearerAuth(), Session()],
    urls_namespace="api",
    renderer=Utf8Renderer(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
api.add_router("/", auth_router)
api.add_router("/", classes_router)
api.add_router("/", wishes_router)
api.add_router("/", public_router)
api.add_router("/", dispatch_router)
api.add_router("/", notices_router)
api.add_router("/", property_router)
api.add_router("/", cadres_router)
api.add_router("/", insights_router)
api.add_router("/", "sanji.audit.api.router")


def _error(request, status: int, code: str, message: str, extra: dict | None = None):
    return api.create_response(request, {"code": code, "message": message, "extra": extra or {}}, status=status)


@api.exception_handler(SanjiError)
def sanji_error(request, exc: SanjiError):
    response = api.create_response(request, exc.as_dict(), status=exc.status)
    if getattr(exc, "retry_after", None):  # TooManyRequests
        response["Retry-After"] = str(exc.retry_after)
    return response


def _field_of(error: dict) -> str:
    loc = [str(part) for part in error.get("loc", ()) if part not in ("body", "payload", "query", "path", "form")]
    return ".".join(loc) or "body"


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    fields = [{"field": _field_of(e), "problem": e.get("msg", "")} for e in exc.errors]
    first = fields[0]["field"] if fields else "body"
    return _error(request, 422, "invalid", _("The field “%(field)s” is missing or not valid.") % {"field": first},
                  {"field": first, "errors": fields})


@api.exception_handler(AuthenticationError)
def auth_error(request, exc):
    return _error(request, 401, "not_authenticated", _("Log in first: send a valid bearer token."))


@api.exception_handler(Http404)
def not_found(request, exc):
    return _error(request, 404, "not_found", _("Not found, or not within your area."))


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    if exc.status_code == 400:
        return _error(request, 400, "bad_request", _("The request body could not be read; send valid JSON."))
    return _error(request, exc.status_code, "error", _("The request could not be carried out."))


@api.exception_handler(MultiPartParserError)
@api.exception_handler(BadRequest)
@api.exception_handler(SuspiciousOperation)
def unreadable_request(request, exc):
    """Answer a body Django cannot read (multipart without a boundary, too many fields) with 400, as Django does."""
    log.warning("Unreadable API request on %s %s: %s", request.method, request.path, exc)
    return _error(request, 400, "bad_request", _("The request could not be read."))


@csrf_exempt  # like the API's own views: a POST to a wrong path is told so, not refused as a page form would be
def api_not_found(request, rest: str = ""):
    """Answer unknown /api/v1/ paths in the API's own error shape."""
    return _error(request, 404, "not_found", _("There is no such API path."))


def _method_not_allowed_in_json(view):
    """Wrap a path's view: ninja answers a method the path does not take in plain text; answer it as an error."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if not isinstance(response, HttpResponseNotAllowed):
            return response
        allowed = sorted(m.strip() for m in response["Allow"].split(","))
        answer = _error(request, 405, "method_not_allowed",
                        _("This API path does not take this method; it takes %(allowed)s.")
                        % {"allowed": ", ".join(allowed)}, {"allowed": allowed})
        answer["Allow"] = response["Allow"]
        return answer

    return wrapped


def api_urls():
    """Return ``api.urls`` for ``urls.py``, each path's 405 answered in the API's error shape."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        pattern.callback = _method_not_allowed_in_json(pattern.callback)
    return patterns, app_name, namespace


@api.exception_handler(Exception)
def server_error(request, exc):
    log.exception("API error on %s %s", request.method, request.path)
    return _error(request, 500, "server_error", _("Something went wrong on our side. Please try again in a moment."))
