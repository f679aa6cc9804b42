"""The young cadres' models, one module per aggregate."""

from .batches import (
    Adjustment,
    Batch,
    BatchCadre,
    BatchCommunity,
    BatchEvent,
    BatchState,
    Mode,
    Proposal,
    ProposedPair,
    Role,
    Side,
)
from .needs import CommunityNeed, Difficulty
from .placements import Evaluation, Grade, LogEntry, LogKind, Placement, Stage, Task
from .placements import Side as EvaluationSide
from .pool import RANK_LEVEL, Agency, AgencyDesk, Cadre, Rank, Skill
from .reports import Bulletin, BulletinReceipt, FieldReport, ReportKind
from .whistles import Whistle, WhistleCall, WhistleEvent, WhistleKind, WhistleState

__all__ = [
    "RANK_LEVEL", "Adjustment", "Agency", "AgencyDesk", "Batch", "BatchCadre", "BatchCommunity", "BatchEvent",
    "BatchState", "Bulletin", "BulletinReceipt", "Cadre", "CommunityNeed", "Difficulty", "Evaluation",
    "EvaluationSide", "FieldReport", "Grade", "LogEntry", "LogKind", "Mode", "Placement", "Proposal", "ProposedPair",
    "Rank", "ReportKind", "Role", "Side", "Skill", "Stage", "Task", "Whistle", "WhistleCall", "WhistleEvent",
    "WhistleKind", "WhistleState",
]
