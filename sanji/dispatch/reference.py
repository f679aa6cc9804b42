"""The default responsibility matrix, kept as a fixture (``fixtures/responsibility_matrix.json``).

The official list is not public. The default puts first the level closest to each kind of need: members
for home repair, medical escorts and tutoring; units (hospitals, universities, firms) for material aid,
psychological care and training; streets for policy and employment; communities for elder care, culture,
mediation and the environment. Edit it in the admin (调度 › 责任清单), or reload it with
``sanji loaddata responsibility_matrix``.
"""

import json
from pathlib import Path

FIXTURE = Path(__file__).parent / "fixtures" / "responsibility_matrix.json"


def default_matrix() -> list[tuple[str, str, int]]:
    """Return the default rows as (duty type code, level, rank)."""
    rows = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return [(r["fields"]["duty_type"][0], r["fields"]["level"], r["fields"]["rank"]) for r in rows]


def ensure_matrix(DutyType, Responsibility) -> None:
    """Create the default rows of duty types that have none (models may be historical ones)."""
    types = {t.code: t for t in DutyType.objects.all()}
    configured = set(Responsibility.objects.values_list("duty_type__code", flat=True))
    Responsibility.objects.bulk_create(
        [
            Responsibility(duty_type=types[code], level=level, rank=rank)
            for code, level, rank in default_matrix()
            if code in types and code not in configured
        ]
    )
