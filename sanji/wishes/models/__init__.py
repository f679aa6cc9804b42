"""Micro-wishes: the wish, who holds it, what happened to it, and the rules it runs under."""

from .catalogue import DutyCategory, DutyType, WishPolicy
from .wish import Channel, EscalationLevel, Satisfaction, Wish, WishState
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
    "WishVolunteer",
]
