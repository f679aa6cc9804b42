"""Turn a ``SanjiError`` escaping a page view into the matching error page, never a traceback."""

from django.shortcuts import render

from .errors import SanjiError


class SanjiErrorPageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if request.path.startswith("/api/") or not isinstance(exception, SanjiError):
            return None
        response = render(request, "error.html", {"error": exception}, status=exception.status)
        if getattr(exception, "retry_after", None):
            response["Retry-After"] = str(exception.retry_after)
        return response
