"""The platform's clock. Services read time here, so the demo and the tests can set it."""

import contextlib
import datetime as dt
from contextvars import ContextVar

from django.utils import timezone

_fixed: ContextVar[dt.datetime | None] = ContextVar("sanji_clock", default=None)


def now() -> dt.datetime:
    """Return the current aware UTC time, or the time fixed by ``at``."""
    return _fixed.get() or timezone.now()


def today() -> dt.date:
    """Return today's date in the district (Asia/Shanghai) by ``now``."""
    return timezone.localdate(now())


@contextlib.contextmanager
def at(moment: dt.datetime):
    """Run the block as if the time were ``moment`` (used by the demo builder and tests)."""
    if timezone.is_naive(moment):
        raise ValueError("clock.at needs an aware datetime")
    token = _fixed.set(moment)
    try:
        yield moment
    finally:
        _fixed.reset(token)
