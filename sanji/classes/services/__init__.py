"""Every change to classes and projects (services write; selectors read)."""

from .edits import class_merge, class_rename, class_split
from .projects import milestone_add, milestone_done, project_close, project_open
from .regroup import RegroupReport, classes_regroup, regroup_requested

__all__ = [
    "RegroupReport",
    "class_merge",
    "class_rename",
    "class_split",
    "classes_regroup",
    "milestone_add",
    "milestone_done",
    "project_close",
    "project_open",
    "regroup_requested",
]
