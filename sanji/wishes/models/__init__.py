"""Micro-wishes: the wish, who holds it, what happened to it, and the rules it runs under."""

from .catalogue import DutyCategory, DutyType, WishPolicy
from .rollups import ALL_GROUPS, ServedMonth, WishFact, WishFulfilDays, WishMonth
from .wish import NO_LONGER_NEEDED, Channel, EscalationLevel, Satisfaction, Wish, WishState
from .work import Claim, PhotoKind, WishEvent, WishPhoto, WishVolunteer

__all__ = [
    "ALL_GROUPS",
    "ServedMonth",
    "WishFact",
    "WishFulfilDays",
    "WishMonth",
    "Channel",
    "Claim",
    "DutyCategory",
    "DutyType",
    "EscalationLevel",
    "PhotoKind",
    "Satisfaction",
    "Wish",
    "WishEvent",
    "WishPhoto",
    "WishPolicy",
    "WishState",
    "NO_LONGER_NEEDED",
    "WishVolunteer",
]
