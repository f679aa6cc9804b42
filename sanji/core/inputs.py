"""Checks of raw input shared by every service: text, ids, dates and times. Each refusal names the field."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .errors import InvalidInput

MAX_ID = 2**63 - 1


def clean_text(value, *, field: str, max_length: int, required: bool = False, message=None) -> str:
    """Return ``value`` stripped; refuse a missing required value, a NUL character or an overlong text."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise InvalidInput(_("Enter text here."), field=field)
    value = value.strip()
    if required and not value:
        raise InvalidInput(message or _("This field is required."), field=field)
    if "\x00" in value:
        raise InvalidInput(_("The text contains a character that cannot be stored."), field=field)
    if len(value) > max_length:
        raise InvalidInput(_("Please keep it under %(n)s characters.") % {"n": max_length}, field=field)
    return value


def parse_id(value) -> int | None:
    """Return ``value`` as a database id, or None when it is not one (empty, not a whole number, too big)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and value.strip().isascii() and value.strip().isdecimal():
        number = int(value.strip())
    else:
        return None
    return number if 0 < number <= MAX_ID else None


def parse_count(value, *, field: str, maximum: int, message, empty: int | None = None) -> int:
    """Return ``value`` as a whole number from 0 to ``maximum``; an empty value gives ``empty`` (refused when None).

    ``message`` names what to enter, for every other refusal (a negative, a fraction, a word, too large, true).
    """
    if value is None or value == "":
        if empty is None:
            raise InvalidInput(message, field=field)
        return empty
    if value == 0 and not isinstance(value, bool) or (isinstance(value, str) and value.strip() == "0"):
        return 0
    number = parse_id(value)
    if number is None or number > maximum:
        raise InvalidInput(message, field=field)
    return number


def full_clean_or_refuse(instance, **kwargs) -> None:
    """Run ``instance.full_clean(**kwargs)``; turn the first problem into ``InvalidInput`` naming its field."""
    try:
        instance.full_clean(**kwargs)
    except ValidationError as exc:
        field, problems = next(iter(exc.message_dict.items()))
        raise InvalidInput(problems[0], field=field) from None


def parse_date(value, *, field: str) -> dt.date:
    """Return a date from a date or an ISO text (YYYY-MM-DD); refuse one that is not, or lies outside 2000–2200."""
    if isinstance(value, dt.date):
        return value
    try:
        day = dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise InvalidInput(_("Enter a date as YYYY-MM-DD."), field=field) from None
    if not 2000 <= day.year <= 2200:
        raise InvalidInput(_("Enter a date between 2000 and 2200."), field=field)
    return day


def parse_moment(value, *, field: str) -> dt.datetime:
    """Return an aware datetime from a datetime or an ISO text (a time without zone is Asia/Shanghai's)."""
    if isinstance(value, dt.datetime):
        moment = value
    else:
        try:
            moment = dt.datetime.fromisoformat(str(value).strip())
        except ValueError:
            raise InvalidInput(_("Enter a date and time as YYYY-MM-DD HH:MM."), field=field) from None
    if not 2000 <= moment.year <= 2200:
        raise InvalidInput(_("Enter a date between 2000 and 2200."), field=field)
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment
