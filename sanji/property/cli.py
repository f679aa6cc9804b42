"""The edge behind ``sanji tally FILE``: count an owners' vote read as JSON, print the count as one line of JSON.

Input, one JSON document (other keys are ignored; ``developer`` is optional and false by default)::

    {"matter": 4,
     "units": [{"id": "1-101", "area": "89.35", "owner": "林某"},
               {"id": "1-102", "area": "100.5", "owner": "开发商", "developer": true}],
     "ballots": [{"owner": "林某", "choice": "yes"}, {"owner": "开发商", "choice": "no"}]}

``area`` is a decimal string (the documented form) or a JSON number; either is read exactly. Output::

    {"matter": 4, "rule": "majority", "total_area": "189.85", "total_owners": 2, "participating_area": "189.85",
     "participating_owners": 2, "yes_area": "89.35", "yes_owners": 1, "quorum_met": true, "passed": false}

The rules are those of ``sanji.property.tally``. Bad input ends with status 2 and one translated line on standard
error naming the problem; nothing is written to standard output then.
``python -m sanji.property.cli FILE`` runs the same without the ``sanji`` command.
"""

import json
import os
import re
from decimal import Decimal
from typing import IO

from sanji.core.cli_io import (
    InputRefused,
    collector_paused,
    gettext_noop,
    is_unicode,
    load_json,
    quote,
    read_input,
    report,
    write_line,
)

from .tally import Ballot, Tally, TallyRefused, Unit, tally

TOP_KEYS = ("matter", "units", "ballots")
UNIT_KEYS = ("id", "area", "owner")
BALLOT_KEYS = ("owner", "choice")
# A decimal as people write one: digits with an optional point and an optional exponent; no "_", no "NaN".
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")

USAGE = gettext_noop("Usage: sanji tally FILE (or - to read standard input).")


def run(argv: list[str], stdin: IO, stdout: IO, stderr: IO) -> int:
    """Count the vote in the file ``argv[0]`` (``-``: ``stdin``) and print the count; return the exit status."""
    try:
        if len(argv) != 1:
            raise TallyRefused(USAGE)
        with collector_paused():
            counted = tally(*parse(read_input(argv[0], stdin)))
    except InputRefused as error:
        return report(error, stderr)
    write_line(stdout, render(counted))
    return 0


def parse(data: bytes | str) -> tuple[object, list[Unit], list[Ballot]]:
    """Return the matter, units and ballots of the JSON document ``data``; refuse malformed JSON or a wrong shape.

    Only the shape is checked here; ``tally`` checks the values.
    """
    document = load_json(data, TallyRefused)
    if not isinstance(document, dict):
        raise TallyRefused(
            gettext_noop('The input must be a JSON object with "matter", "units" and "ballots", not %(value)s.'),
            value=quote(document),
        )
    for key in TOP_KEYS:
        if key not in document:
            raise TallyRefused(gettext_noop('Missing key "%(key)s" at the top level.'), key=key)
    for key in TOP_KEYS[1:]:
        if not isinstance(document[key], list):
            raise TallyRefused(gettext_noop('"%(key)s" must be a list, not %(value)s.'),
                               key=key, value=quote(document[key]))
    units = [_unit(item, f"units[{position}]") for position, item in enumerate(document["units"])]
    ballots = [_ballot(item, f"ballots[{position}]") for position, item in enumerate(document["ballots"])]
    return document["matter"], units, ballots


def render(counted: Tally) -> str:
    """Return ``counted`` as the one line of JSON the command prints."""
    return json.dumps(counted.as_json(), ensure_ascii=False)


def _unit(item: object, where: str) -> Unit:
    _check_item(item, where, UNIT_KEYS)
    developer = item.get("developer", False)
    return Unit(id=item["id"], area=_area(item["area"], where), owner=item["owner"], developer=developer)


def _ballot(item: object, where: str) -> Ballot:
    _check_item(item, where, BALLOT_KEYS)
    return Ballot(owner=item["owner"], choice=item["choice"])


def _check_item(item: object, where: str, keys: tuple[str, ...]) -> None:
    """Refuse an item that is not an object, lacks one of ``keys`` or holds a lone surrogate in one of them."""
    if not isinstance(item, dict):
        raise TallyRefused(gettext_noop("%(where)s must be an object, not %(value)s."), where=where, value=quote(item))
    for key in keys:
        if key not in item:
            raise TallyRefused(gettext_noop('%(where)s: missing key "%(key)s".'), where=where, key=key)
    for key in keys:
        if isinstance(item[key], str) and not is_unicode(item[key]):
            raise TallyRefused(
                gettext_noop('%(where)s: "%(key)s" holds a lone surrogate escape (\\ud800 to \\udfff).'),
                where=where, key=key,
            )


def _area(value: object, where: str) -> object:
    """Return a string area as a ``Decimal``; hand anything else to ``tally``, which refuses what is not a number."""
    if not isinstance(value, str):
        return value
    if not _DECIMAL.fullmatch(value.strip()):
        raise TallyRefused(
            gettext_noop('%(where)s: the area %(value)s is not a decimal number such as "89.35".'),
            where=where, value=quote(value),
        )
    return Decimal(value.strip())


if __name__ == "__main__":
    import sys

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanji.settings")
    django.setup()
    sys.exit(run(sys.argv[1:], sys.stdin, sys.stdout, sys.stderr))
