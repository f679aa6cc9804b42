"""The hand-labelled set of public texts (``tests/data/moderation/labelled.jsonl``), shared by the tests."""

import json
from functools import cache
from pathlib import Path

LABELLED = Path(__file__).resolve().parents[1] / "data" / "moderation" / "labelled.jsonl"


@cache
def labelled() -> tuple[dict, ...]:
    """Return the labelled texts: ``{"text", "label", "split", "note"?}`` each."""
    return tuple(json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines() if line.strip())


def texts(label: str) -> list[str]:
    """Return the texts labelled ``label``."""
    return [row["text"] for row in labelled() if row["label"] == label]
