"""Whether the menu shows the cadres' link: to the district, communities, agency desks and cadres."""

from .rules import cadre_of, community_areas, desk_agency_ids


def cadres(request):
    user = getattr(request, "user", None)  # absent on the error page of a request refused before middleware
    if user is None or not user.is_authenticated:
        return {}
    cadre = cadre_of(user)
    placed = cadre is not None and cadre.placements.exists()
    return {"cadres_nav": bool(community_areas(user) or desk_agency_ids(user) or placed)}
