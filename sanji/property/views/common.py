"""What the property pages share: the gate; ``act`` and ``download`` come from ``sanji.core.pages``."""

import rules

from sanji.core.errors import NotFound
from sanji.core.pages import XLSX, act, download

__all__ = ["XLSX", "act", "download", "gate"]


def gate(request) -> None:
    """Let in only people who run property work; to anyone else the pages do not exist."""
    if not rules.has_perm("property.view_property", request.user):
        raise NotFound()
