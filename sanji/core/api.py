"""Authentication endpoints and the bearer scheme of the JSON API."""

from django.http import HttpRequest
from ninja import Router
from ninja.security import HttpBearer, SessionAuth

from sanji.wishes.schemas import ErrorOut, TokenIn, TokenOut

from . import services

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


@router.post("/auth/token", response={200: TokenOut, 401: ErrorOut, 422: ErrorOut}, auth=None,
             summary="Exchange a user name and password for a bearer token")
def issue_token(request: HttpRequest, payload: TokenIn):
    return {"token": services.token_issue(username=payload.username, password=payload.password)}
