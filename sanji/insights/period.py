"""The months a figure covers: ``from`` and ``to`` as YYYY-MM, both included, in local time."""

import datetime as dt
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sanji.core import clock
from sanji.core.errors import InvalidInput

MONTH = re.compile(r"^(\d{4})-(\d{2})$")
#: The longest period one request may ask for (ten years of months).
MAX_MONTHS = 120


def month_of(moment: dt.datetime) -> dt.date:
    """Return the first day of the local month ``moment`` falls in."""
    return timezone.localtime(moment).date().replace(day=1)


def add_months(month: dt.date, count: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + count
    return dt.date(index // 12, index % 12 + 1, 1)


def month_start(month: dt.date) -> dt.datetime:
    """Return the aware instant the local month begins."""
    return dt.datetime.combine(month, dt.time.min, tzinfo=timezone.get_default_timezone())


@dataclass(frozen=True)
class Period:
    first: dt.date  # first day of the first month
    last: dt.date  # first day of the last month

    @property
    def start(self) -> dt.datetime:
        return month_start(self.first)

    @property
    def end(self) -> dt.datetime:
        """Return the instant just after the period (the start of the month after ``last``)."""
        return month_start(add_months(self.last, 1))

    def months(self) -> list[dt.date]:
        out, month = [], self.first
        while month <= self.last:
            out.append(month)
            month = add_months(month, 1)
        return out

    def label(self) -> str:
        first, last = self.first.strftime("%Y-%m"), self.last.strftime("%Y-%m")
        return first if first == last else f"{first} – {last}"


def _parse_month(raw, field: str) -> dt.date | None:
    if raw in (None, ""):
        return None
    match = MONTH.match(str(raw).strip())
    month = None
    if match and 1 <= int(match.group(2)) <= 12 and 1900 <= int(match.group(1)) <= 2999:
        month = dt.date(int(match.group(1)), int(match.group(2)), 1)
    if month is None:
        raise InvalidInput(_("Enter the month as YYYY-MM, for example 2026-03."), field=field)
    return month


def parse_period(raw_from=None, raw_to=None) -> Period:
    """Return the period asked for; by default the last 12 months, this one included.

    Raise ``InvalidInput`` naming the field for a malformed month, a reversed range or one too long.
    """
    first, last = _parse_month(raw_from, "from"), _parse_month(raw_to, "to")
    this_month = clock.today().replace(day=1)
    if last is None:
        last = max(this_month, first) if first else this_month
    if first is None:
        first = add_months(last, -11)
    if first > last:
        raise InvalidInput(_("The first month comes after the last month."), field="from")
    period = Period(first, last)
    if len(period.months()) > MAX_MONTHS:
        raise InvalidInput(
            _("Choose at most %(months)s months at a time.") % {"months": MAX_MONTHS}, field="from"
        )
    return period
