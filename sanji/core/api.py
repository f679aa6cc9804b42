"""Authentication endpoints and the bearer scheme of the JSON API."""

from django.http import HttpRequest
from ninja import Router
from ninja.security import HttpBearer, SessionAuth

from sanji.wishes.schemas import ErrorOut, TokenIn, TokenOut

from . import services
from .ratelimits import login_limit

router = Router(tags=["auth"])


class BearerAuth(HttpBearer):
    """``Authorization: Bearer <token>`` from ``POST /api/v1/auth/token``."""

    def authenticate(self, request, token):
        user = services.token_user(token)
        if user is not None:
            request.user = user
        return user


class Session(SessionAuth):
    """The logged-in browser session (pages using the API), CSRF-checked."""

    def __call__(self, request):
        if self.param_name not in request.COOKIES:  # no session: not signed in (401), not a failed CSRF check (403)
            return None
        return super().__call__(request)


@router.post("/auth/token", response={200: TokenOut, 400: ErrorOut, 401: ErrorOut, 422: ErrorOut, 429: ErrorOut},
             auth=None,
             summary="Exchange a user name and password for a bearer token",
             description="Answers 429 when the client's address sent too many logins in a short time "
             "(`too_many_requests`), or when this user name failed too often from this address (`locked_out`); "
             "`extra.retry_after` says in how many seconds to try again.")
@login_limit
def issue_token(request: HttpRequest, payload: TokenIn):
    return {"token": services.token_issue(request=request, username=payload.username, password=payload.password)}
