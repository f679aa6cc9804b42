"""Micro-wishes: the wish, who holds it, what happened to it, and the rules it runs under."""

from .catalogue import DutyCategory, DutyType, WishPolicy
from .wish import NO_LONGER_NEEDED, Channel, EscalationLevel, Satisfaction, Wish, WishState
from .work import Claim, PhotoKind, WishEvent, WishPhoto, WishVolunteer

__all__ = [
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
