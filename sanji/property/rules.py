"""Who may see and run the property work of a compound (django-rules).

Property work is for the community party committee and above: community staff, street officers and district
administrators whose grant covers the compound's community see its registry, consultations, votes and
re-elections and run them. Grid workers, whose grants sit on grids, have no compound in their scope. Forming a
re-election group is the street's act, so it needs a street or district grant. An owner with a login sees the
votes of his or her own compound and casts his or her own ballot.
"""

import rules

from sanji.core import scope


def property_areas(user) -> list:
    """Return the areas on which ``user`` runs property work."""
    return scope.reviewer_areas(user)


def street_areas(user) -> list:
    """Return the streets and districts on which ``user`` acts for the street (forming re-election groups)."""
    return [a for a in scope.reviewer_areas(user) if a.level in ("district", "street")]


@rules.predicate
def runs_property(user):
    return bool(property_areas(user))


@rules.predicate
def runs_compound(user, compound):
    return any(area.contains(compound.community) for area in property_areas(user))


@rules.predicate
def acts_for_street_of(user, compound):
    return any(area.contains(compound.community) for area in street_areas(user))


rules.add_perm("property.view_property", rules.is_authenticated & runs_property)
rules.add_perm("property.run_compound", rules.is_authenticated & runs_compound)
rules.add_perm("property.form_group", rules.is_authenticated & acts_for_street_of)
