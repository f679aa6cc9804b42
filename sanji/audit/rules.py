"""Who may search the audit log and the log of disclosures (django-rules).

A district administrator (a ``district_admin`` grant on a district) searches the rows of the areas of his district
and the rows that belong to no area (logins, the catalogue, policies of the whole district); a superuser searches
everything. Nobody else may: not a street officer, not community staff, whose own changes are in the log.
"""

import rules

from sanji.core import scope
from sanji.core.models import AreaLevel, Role


def admin_districts(user) -> list:
    """Return the districts on which ``user`` is a district administrator."""
    return [a for a in scope.role_areas(user, Role.DISTRICT_ADMIN) if a.level == AreaLevel.DISTRICT]


@rules.predicate
def is_district_admin(user):
    return bool(admin_districts(user))


rules.add_perm("audit.search_log", rules.is_authenticated & (rules.is_superuser | is_district_admin))
