"""The one error tree of Sanji.

Every refusal a person can meet is one of these; the API renders it as ``{code, message, extra}``, the
pages show ``message`` beside the form, the CLI prints it and exits 2.

    SanjiError                 (400)
    ├── InvalidInput           (422)  a field is missing or wrong; ``extra["field"]`` names it
    │   └── Blocked                       text the moderator judged spam: kept for the record, not taken
    ├── NotAuthenticated       (401)
    ├── NotFound               (404)  missing, or outside the caller's scope: the two read the same
    ├── Forbidden              (403)  visible, but this person may not do this
    ├── Conflict               (409)
    │   ├── IllegalTransition         the wish's state does not allow the action
    │   └── AlreadyClaimed            someone else holds the wish
    └── TooManyRequests        (429)  a rate limit was reached; ``extra["retry_after"]`` in seconds
        └── LockedOut                 too many failed logins for this user name from this address
"""

from django.utils.translation import gettext_lazy as _


class SanjiError(Exception):
    status = 400
    code = "error"
    default_message = _("The request could not be carried out.")

    def __init__(self, message=None, *, extra: dict | None = None):
        self.message = message if message is not None else self.default_message
        self.extra = extra or {}
        super().__init__(str(self.message))

    def as_dict(self) -> dict:
        return {"code": self.code, "message": str(self.message), "extra": self.extra}


class InvalidInput(SanjiError):
    status = 422
    code = "invalid"
    default_message = _("Some of what was entered is not valid.")

    def __init__(self, message=None, *, field: str | None = None, extra: dict | None = None):
        extra = dict(extra or {})
        if field:
            extra["field"] = field
        super().__init__(message, extra=extra)


class Blocked(InvalidInput):
    code = "blocked"
    default_message = _(
        "This text looks like an advertisement or contains words that cannot be published, so it was not sent. "
        "If you need help, write what you need in your own words, or call your community office."
    )


class NotAuthenticated(SanjiError):
    status = 401
    code = "not_authenticated"
    default_message = _("Please log in first.")


class NotFound(SanjiError):
    status = 404
    code = "not_found"
    default_message = _("Not found, or not within your area.")


class Forbidden(SanjiError):
    status = 403
    code = "forbidden"
    default_message = _("You may not do this.")


class Conflict(SanjiError):
    status = 409
    code = "conflict"
    default_message = _("This conflicts with the current state.")


class IllegalTransition(Conflict):
    code = "illegal_transition"
    default_message = _("This action is not possible in the wish's current state.")


class AlreadyClaimed(Conflict):
    code = "already_claimed"
    default_message = _("Someone else has already claimed this wish.")


class TooManyRequests(SanjiError):
    status = 429
    code = "too_many_requests"
    default_message = _("Too many requests in a short time. Please wait a moment and try again.")

    def __init__(self, message=None, *, retry_after: int | None = None, extra: dict | None = None):
        self.retry_after = max(1, int(retry_after)) if retry_after is not None else None
        extra = dict(extra or {})
        if self.retry_after is not None:
            extra["retry_after"] = self.retry_after
        super().__init__(message, extra=extra)


class LockedOut(TooManyRequests):
    code = "locked_out"
    default_message = _("Too many failed logins. Please try again later.")
