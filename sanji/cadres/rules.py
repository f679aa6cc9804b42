"""Who may do what with cadres, placements, reports and whistles (django-rules).

Four kinds of people meet here, each found from data:

- the district, whose administrators (a district grant) run batches and see every placement;
- a community's party committee and the street above it (reviewer grants covering the community), who set its
  needs, give tasks, evaluate for the community, blow whistles and confirm them;
- an agency's desk (``AgencyDesk``), who reads its cadres' reports and answers them, sends documents down,
  evaluates for the agency and reports to the whistles that name it;
- the placed cadre himself or herself (``Cadre.user``), who keeps the log, files reports, records that a document
  was explained, and may blow a whistle for the community he or she is placed in.
"""

import rules

from sanji.core import clock, scope


def district_areas(user) -> list:
    """Return the district areas on which ``user`` runs batches."""
    return [a for a in scope.reviewer_areas(user) if a.level == "district"]


def community_areas(user) -> list:
    """Return the areas whose communities ``user`` acts for: community staff, street officers, the district."""
    return scope.reviewer_areas(user)


def desk_agency_ids(user) -> set[int]:
    """Return the ids of the agencies ``user`` acts for."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cache = getattr(user, "_sanji_desks", None)
    if cache is None:
        cache = set(user.agency_desks.values_list("agency_id", flat=True))
        user._sanji_desks = cache
    return cache


def cadre_of(user):
    """Return the cadre ``user`` is, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return getattr(user, "cadre", None)


def covers_community(user, community) -> bool:
    return any(area.contains(community) for area in community_areas(user))


def is_placed_cadre(user, placement) -> bool:
    return placement.cadre.user_id is not None and placement.cadre.user_id == user.pk


@rules.predicate
def runs_batches(user):
    return bool(district_areas(user))


@rules.predicate
def for_community_of(user, placement):
    return placement is not None and covers_community(user, placement.community)


@rules.predicate
def for_agency_of(user, placement):
    return placement is not None and placement.cadre.agency_id in desk_agency_ids(user)


@rules.predicate
def is_the_cadre(user, placement):
    return placement is not None and is_placed_cadre(user, placement)


@rules.predicate
def is_active(user, placement):
    return placement is not None and placement.is_active_on(clock.today())


@rules.predicate
def acts_for_whistle_community(user, whistle):
    return whistle is not None and covers_community(user, whistle.community)


@rules.predicate
def acts_for_called_agency(user, call):
    return call is not None and call.agency_id in desk_agency_ids(user)


@rules.predicate
def is_agency_desk(user):
    return bool(desk_agency_ids(user))


@rules.predicate
def acts_for_communities(user):
    return bool(community_areas(user))


rules.add_perm("cadres.run_batches", rules.is_authenticated & runs_batches)
rules.add_perm("cadres.view_placement", rules.is_authenticated & (for_community_of | for_agency_of | is_the_cadre))
rules.add_perm("cadres.keep_log", rules.is_authenticated & is_the_cadre & is_active)
rules.add_perm("cadres.give_task", rules.is_authenticated & (for_community_of | for_agency_of) & is_active)
rules.add_perm("cadres.evaluate_for_community", rules.is_authenticated & for_community_of)
rules.add_perm("cadres.evaluate_for_agency", rules.is_authenticated & for_agency_of)
rules.add_perm("cadres.recall", rules.is_authenticated & runs_batches)
rules.add_perm("cadres.work_desk", rules.is_authenticated & is_agency_desk)
rules.add_perm("cadres.act_for_communities", rules.is_authenticated & acts_for_communities)
rules.add_perm("cadres.close_whistle", rules.is_authenticated & acts_for_whistle_community)
rules.add_perm("cadres.report_to_whistle", rules.is_authenticated & acts_for_called_agency)
