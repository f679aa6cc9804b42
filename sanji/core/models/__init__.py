"""The places, organisations and people every programme builds on."""

from .areas import Area, AreaLevel, Compound, CompoundKind, ManagementMode
from .orgs import PartnerUnit, PartnerUnitKind, PartyOrg, PartyOrgKind
from .people import Claimer, ClaimerKind, Gender, PartyMember, PriorityGroup, Resident, Volunteer
from .register import ANY_GROUP, PriorityHouseholds
from .roles import Role, RoleGrant
from .users import ApiToken, User

__all__ = [
    "ANY_GROUP",
    "PriorityHouseholds",
    "ApiToken",
    "Area",
    "AreaLevel",
    "Claimer",
    "ClaimerKind",
    "Compound",
    "CompoundKind",
    "Gender",
    "ManagementMode",
    "PartnerUnit",
    "PartnerUnitKind",
    "PartyMember",
    "PartyOrg",
    "PartyOrgKind",
    "PriorityGroup",
    "Resident",
    "Role",
    "RoleGrant",
    "User",
    "Volunteer",
]
