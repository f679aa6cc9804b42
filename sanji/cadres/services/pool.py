"""The pool: agencies, the users at their desks, cadres, and the needs communities publish."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from sanji.core.errors import Forbidden, InvalidInput
from sanji.core.inputs import clean_text, full_clean_or_refuse, parse_count, parse_id
from sanji.core.models import Area

from ..models import Agency, AgencyDesk, Cadre, CommunityNeed, Difficulty, Rank, Skill
from ..rules import covers_community

#: The most cadres one community takes in a batch.
MAX_CAPACITY = 20


def _skills(values, field: str) -> list[str]:
    chosen = list(dict.fromkeys(v for v in values if v))
    if any(v not in Skill.values for v in chosen):
        raise InvalidInput(_("Choose skills from the list."), field=field)
    return chosen


def agency_create(*, name: str, business=(), supervises=()) -> Agency:
    """Register an agency with its lines of business and the areas it supervises."""
    name = clean_text(name, field="name", max_length=120, required=True)
    agency = Agency(name=name, business=_skills(business, "business"))
    full_clean_or_refuse(agency)
    with transaction.atomic():
        agency.save()
        agency.supervises.set(supervises)
    return agency


def desk_grant(*, user, agency: Agency) -> AgencyDesk:
    """Let ``user`` act for ``agency``."""
    return AgencyDesk.objects.get_or_create(user=user, agency=agency)[0]


def cadre_create(*, name: str, agency: Agency, born_on: dt.date, rank: str = Rank.CLERK, major: str = "",
                 skills=(), grassroots_experience: bool = False, home_community: Area | None = None,
                 user=None) -> Cadre:
    """Add a cadre to the pool."""
    cadre = Cadre(name=clean_text(name, field="name", max_length=40, required=True), agency=agency, born_on=born_on,
                  rank=rank, major=clean_text(major, field="major", max_length=60), skills=_skills(skills, "skills"),
                  grassroots_experience=grassroots_experience, home_community=home_community, user=user)
    full_clean_or_refuse(cadre)
    cadre.save()
    return cadre


def need_publish(*, actor, community_id, difficulty, weak_foundation: bool, wanted=(), capacity=2,
                 note: str = "") -> CommunityNeed:
    """Publish or update a community's need; its party committee and the street and district above it may."""
    community = Area.objects.filter(pk=parse_id(community_id), level="community").first()
    if community is None:
        raise InvalidInput(_("Choose a community."), field="community")
    if not covers_community(actor, community):
        raise Forbidden(_("Only the community's party committee, its street or the district sets its needs."))
    level = parse_id(difficulty)
    if level not in Difficulty.values:
        raise InvalidInput(_("Choose how hard the community is to govern."), field="difficulty")
    places = parse_count(capacity, field="capacity", maximum=MAX_CAPACITY,
                         message=_("Enter how many cadres the community takes, from 0 to 20."))
    note = clean_text(note, field="note", max_length=2000)
    need, _created = CommunityNeed.objects.update_or_create(
        community=community,
        defaults={"difficulty": level, "weak_foundation": bool(weak_foundation),
                  "wanted": _skills(wanted, "wanted"), "capacity": places, "note": note, "updated_by": actor},
    )
    return need
