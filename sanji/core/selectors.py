"""Reads of people, always through the acting user's scope."""

from django.db.models import Q, QuerySet

from . import scope
from .errors import InvalidInput
from .inputs import clean_text
from .models import Resident

MAX_CHOICES = 30


def residents_in_scope(user, *, query: str = "", limit: int = MAX_CHOICES) -> QuerySet:
    """Return the residents ``user`` may act for as staff, matching ``query`` (name, phone end, address)."""
    residents = Resident.objects.filter(scope.staff_q(user, "community", "grid")).select_related("community")
    try:
        query = clean_text(query, field="q", max_length=50)
    except InvalidInput:  # a search term that cannot be stored finds nothing
        return residents.none()
    if query:
        residents = residents.filter(Q(name__contains=query) | Q(phone__endswith=query) | Q(address__contains=query))
    return residents.order_by("community__path", "name", "pk")[:limit]
