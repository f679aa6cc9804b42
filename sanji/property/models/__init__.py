"""Models of red property management: the registry, consultations, owners' votes and committee re-election."""

from .consultations import REACHED, Consultation, ConsultationState, Opinion, Visit
from .reelections import Candidate, Initiator, Objection, Reelection, ReelectionEvent, Route, Step
from .registry import Building, CommitteeMember, CommitteeRole, CommitteeState, CommitteeTerm, ModeChange, Owner, Unit
from .votes import Ballot, Channel, Choice, Matter, OwnersVote, RollUnit, VoteEvent, VoteState

__all__ = [
    "REACHED", "Ballot", "Building", "Candidate", "Channel", "Choice", "CommitteeMember", "CommitteeRole",
    "CommitteeState", "CommitteeTerm", "Consultation", "ConsultationState", "Initiator", "Matter", "ModeChange",
    "Objection", "Opinion", "Owner", "OwnersVote", "Reelection", "ReelectionEvent", "RollUnit", "Route", "Step",
    "Unit", "Visit", "VoteEvent", "VoteState",
]
