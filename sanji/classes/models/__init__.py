"""Wish classes (from one thing to a class of things) and the projects that answer them."""

from .classes import ClassEdit, ClassEditKind, Membership, WishClass
from .projects import ClassProject, Milestone, ProjectEvent, ProjectOutcome, ProjectState

__all__ = [
    "ClassEdit",
    "ClassEditKind",
    "ClassProject",
    "Membership",
    "Milestone",
    "ProjectEvent",
    "ProjectOutcome",
    "ProjectState",
    "WishClass",
]
