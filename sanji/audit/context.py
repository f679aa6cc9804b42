"""Who is acting, and from where: the context every audit row is written with.

One context variable holds it, so that a row written deep inside a service knows its actor without every
service passing one down. It is set at each edge:

- pages and the JSON API: ``AuditMiddleware`` keeps the request itself, and the actor is read from
  ``request.user`` when a row is written. That also covers the API's bearer tokens: ``BearerAuth.authenticate``
  sets ``request.user`` after the middleware ran, and the row still finds it there;
- management commands (``sanji <command>``, ``call_command``): ``cli:<command>``, set around
  ``BaseCommand.execute`` (``sanji.audit.apps``);
- background jobs: ``task:<name>``, from Celery's ``task_prerun`` signal, or ``running_task`` in the in-process
  worker.

Outside all of these the source is ``system`` and the actor unknown.
"""

import contextlib
import getpass
import ipaddress
import uuid
from contextvars import ContextVar
from dataclasses import dataclass

from sanji.core.clients import client_ip

SYSTEM = "system"


@dataclass(frozen=True)
class AuditContext:
    source: str = SYSTEM
    #: A user named outright (a command run for someone); otherwise the request's user is used.
    actor: object = None
    request: object = None
    #: Who ran it when there is no user: the operating-system account of a command.
    label: str = ""
    request_id: str = ""
    ip: str | None = None

    def user(self):
        """Return the acting user, or None (anonymous, or no user at all)."""
        user = self.actor
        if user is None and self.request is not None:
            user = getattr(self.request, "user", None)
        if user is None or not getattr(user, "is_authenticated", False):
            return None
        return user


_NOBODY = AuditContext()
_current: ContextVar[AuditContext | None] = ContextVar("sanji_audit", default=None)


def current() -> AuditContext:
    return _current.get() or _NOBODY


@contextlib.contextmanager
def acting(**values):
    """Run the block with these context values (``source``, ``actor``, ``request``...) over the current ones."""
    token = _current.set(AuditContext(**{**current().__dict__, **values}))
    try:
        yield current()
    finally:
        _current.reset(token)


def for_request(request):
    """Return the context of a page or API request (its user is read when a row is written)."""
    source = "api" if request.path.startswith("/api/") else "web"
    ip = _valid_ip(client_ip(request))
    return acting(source=source, actor=None, request=request, label="", request_id=uuid.uuid4().hex, ip=ip)


def _valid_ip(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


def for_command(name: str):
    try:
        operator = getpass.getuser()
    except (KeyError, OSError):  # no account name in a bare container
        operator = ""
    return acting(source=f"cli:{name}"[:80], actor=None, request=None, label=operator, request_id="", ip=None)


def running_task(name: str):
    return acting(source=f"task:{name}"[:80], actor=None, request=None, label="", request_id="", ip=None)
