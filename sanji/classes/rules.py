"""Who may see and change wish classes and their projects (django-rules).

Classes span a whole district, so changing them (rename, merge, split, regroup) and opening projects is for the
district administrators and the street officers of that district. All staff see the classes, counted over the
wishes in their own scope. A project is led from its area: the district, or one street.
"""

import rules

from sanji.core import scope
from sanji.core.models import Role

MANAGER_ROLES = frozenset({Role.DISTRICT_ADMIN, Role.STREET_OFFICER})


def manager_areas(user) -> list:
    """Return the areas (a district, streets) on which ``user`` may manage classes and projects."""
    return [a for a in scope.reviewer_areas(user) if a.level in ("district", "street")]


@rules.predicate
def is_staff(user):
    return scope.is_staff(user)


@rules.predicate
def manages_district(user, district):
    return any(district.contains(area) for area in manager_areas(user))


@rules.predicate
def manages_project_area(user, project):
    return any(area.contains(project.area) for area in manager_areas(user))


rules.add_perm("classes.view_classes", rules.is_authenticated & is_staff)
rules.add_perm("classes.manage_classes", rules.is_authenticated & manages_district)
rules.add_perm("classes.run_project", rules.is_authenticated & manages_project_area)
