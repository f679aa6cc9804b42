"""Dispatch: who answers for which duty, what each claimer offers, batch proposals, escalations."""

from .batch import BatchLine, BatchState, DispatchBatch, LineOutcome, Objective
from .escalation import Escalation
from .matrix import LEVEL_OF_KIND, Responsibility, ResponsibleLevel
from .profile import ClaimerProfile

__all__ = [
    "LEVEL_OF_KIND",
    "BatchLine",
    "BatchState",
    "ClaimerProfile",
    "DispatchBatch",
    "Escalation",
    "LineOutcome",
    "Objective",
    "Responsibility",
    "ResponsibleLevel",
]
