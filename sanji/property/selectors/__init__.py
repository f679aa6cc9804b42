"""Reads of red property management; every one takes the acting user and keeps to his or her scope."""

from .consultations import (
    consultation_access,
    consultation_coverage,
    consultations_of,
    households_by_building,
    unvisited_by_building,
)
from .reelections import candidates_of, deadlines_of, reelection_access, reelections_in_scope
from .registry import compound_access, compound_summary, compounds_in_scope, owner_choices
from .votes import ballot_rows, ballots_of, owner_votes, owners_yet_to_vote, vote_access, vote_progress, votes_of

__all__ = [
    "ballot_rows", "ballots_of", "candidates_of", "compound_access", "compound_summary", "compounds_in_scope",
    "consultation_access", "consultation_coverage", "consultations_of", "deadlines_of", "households_by_building",
    "owner_choices", "owner_votes", "owners_yet_to_vote", "reelection_access", "reelections_in_scope",
    "unvisited_by_building", "vote_access", "vote_progress", "votes_of",
]
