"""Which area a user may see figures for: the subtree of a review grant (community level and above)."""

from sanji.core import scope
from sanji.core.errors import NotFound
from sanji.core.inputs import parse_id
from sanji.core.models import Area


def dashboard_areas(user) -> list[Area]:
    """Return the top areas of ``user``'s figures: those of the grants that review wishes."""
    return scope.reviewer_areas(user)


def dashboard_area(user, code=None) -> Area:
    """Return the area named by ``code`` (its division code, or its number) if ``user`` may see its figures.

    Without a code, return the widest area of the user's grants. Raise ``NotFound`` for an unknown
    area and for one outside the user's scope alike.
    """
    mine = dashboard_areas(user)
    if not mine:
        raise NotFound()
    if code in (None, ""):
        return min(mine, key=lambda a: (a.path.count("/"), a.path))
    raw = str(code).strip()
    found = Area.objects.filter(code=raw).first()
    if found is None and parse_id(raw):
        found = Area.objects.filter(pk=parse_id(raw)).first()
    if found is None or not any(a.contains(found) for a in mine):
        raise NotFound()
    return found
