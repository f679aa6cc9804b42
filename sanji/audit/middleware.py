"""Keep the request in the audit context while a page or an API call runs (see ``sanji.audit.context``)."""

from . import context


class AuditMiddleware:
    """Place after ``AuthenticationMiddleware``; rows written during the request name ``request.user``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with context.for_request(request):
            return self.get_response(request)
