"""Reads of people, always through the acting user's scope."""

import re

from django.db.models import Q, QuerySet

from . import crypto, scope
from .errors import InvalidInput
from .inputs import clean_text
from .models import Resident

MAX_CHOICES = 30
#: A mainland resident ID-card number (GB 11643): 17 digits and a check digit or X.
ID_NUMBER = re.compile(r"\d{17}[\dX]")


def residents_in_scope(user, *, query: str = "", limit: int = MAX_CHOICES) -> QuerySet:
    """Return the residents ``user`` may act for as staff, matching ``query`` (see ``resident_match_q``)."""
    residents = Resident.objects.filter(scope.staff_q(user, "community", "grid")).select_related("community")
    try:
        query = clean_text(query, field="q", max_length=50)
    except InvalidInput:  # a search term that cannot be stored finds nothing
        return residents.none()
    if query:
        residents = residents.filter(resident_match_q(query))
    return residents.order_by("community__path", "name", "pk")[:limit]


def resident_match_q(query: str) -> Q:
    """Return the filter of residents whose name holds ``query``, or whose phone (whole, or its last four digits)
    or ID-card number it is. Phone and ID number are encrypted, so they are matched whole by keyed hash."""
    match = Q(name__contains=query)
    compact = re.sub(r"[\s\-()（）]", "", query)
    if compact.isdigit() and len(compact) == 4:
        match |= Q(phone_tail_hash__in=crypto.lookup_hashes("phone_tail", compact))
    elif compact.lstrip("+").isdigit() and len(compact) >= 7:
        match |= Q(phone_hash__in=crypto.lookup_hashes("phone", compact))
    if ID_NUMBER.fullmatch(compact.upper()):
        match |= Q(id_number_hash__in=crypto.lookup_hashes("id_number", compact))
    return match
