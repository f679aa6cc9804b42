"""The edge behind ``sanji stable-match FILE``: place young cadres in communities by stable matching, read as JSON.

Input, one JSON document (other keys are ignored, so an item may carry a ``name`` for the reader)::

    {"cadres": [{"id": "c1", "prefs": ["东坝村", "西坝村"]}, {"id": "c2", "prefs": ["东坝村"]}],
     "communities": [{"id": "东坝村", "capacity": 1, "prefs": ["c2", "c1"]},
                     {"id": "西坝村", "capacity": 2, "prefs": ["c1"]}],
     "optimal": "cadre"}

``prefs`` are ids of the other side, best first; a pair counts only when each lists the other. ``optimal`` says
which side the placement favours (``"cadre"`` or ``"community"``); it has no default, since the choice is a
decision. Output, one line, the matching in the cadres' input order::

    {"matching": [{"cadre": "c1", "community": "西坝村"}, {"cadre": "c2", "community": "东坝村"}], "unmatched": []}

The rules are those of ``sanji.cadres.stable``. Bad input ends with status 2 and one translated line on standard
error naming the problem by its JSON path (``cadres[3].prefs[2]``); nothing is written to standard output then.
``python -m sanji.cadres.stable_cli FILE`` runs the same without the ``sanji`` command.
"""

import json
import os
from typing import IO, NamedTuple

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

from .stable import Matching, StableInputError, check_ids, stable_match

TOP_KEYS = ("cadres", "communities", "optimal")
CADRE_KEYS = ("id", "prefs")
COMMUNITY_KEYS = ("id", "capacity", "prefs")

USAGE = gettext_noop("Usage: sanji stable-match FILE (or - to read standard input).")


class Instance(NamedTuple):
    """An instance as ``stable_match`` takes it."""

    cadre_prefs: dict[str, object]
    community_prefs: dict[str, object]
    capacities: dict[str, object]
    optimal: object


def run(argv: list[str], stdin: IO, stdout: IO, stderr: IO) -> int:
    """Place the cadres of the file ``argv[0]`` (``-``: ``stdin``) and print the placement; return the exit status."""
    try:
        if len(argv) != 1:
            raise StableInputError(USAGE)
        with collector_paused():
            instance = parse(read_input(argv[0], stdin))
            matching = stable_match(
                instance.cadre_prefs, instance.community_prefs, instance.capacities, optimal=instance.optimal
            )
    except InputRefused as error:
        return report(error, stderr)
    write_line(stdout, render(matching))
    return 0


def parse(data: bytes | str) -> Instance:
    """Return the instance in the JSON document ``data``; refuse malformed JSON or a wrong shape.

    Only the shape and the ids are checked here; ``stable_match`` checks the lists, capacities and ``optimal``.
    """
    document = load_json(data, StableInputError)
    if not isinstance(document, dict):
        raise StableInputError(
            gettext_noop('The input must be a JSON object with "cadres", "communities" and "optimal", not %(value)s.'),
            value=quote(document),
        )
    for key in TOP_KEYS:
        if key not in document:
            raise StableInputError(gettext_noop('Missing key "%(key)s" at the top level.'), key=key)
    for key in TOP_KEYS[:2]:
        if not isinstance(document[key], list):
            raise StableInputError(gettext_noop('"%(key)s" must be a list, not %(value)s.'),
                                   key=key, value=quote(document[key]))
    cadres = _items(document["cadres"], "cadres", CADRE_KEYS)
    communities = _items(document["communities"], "communities", COMMUNITY_KEYS)
    return Instance(
        cadre_prefs={item["id"]: item["prefs"] for item in cadres},
        community_prefs={item["id"]: item["prefs"] for item in communities},
        capacities={item["id"]: item["capacity"] for item in communities},
        optimal=document["optimal"],
    )


def render(matching: Matching) -> str:
    """Return ``matching`` as the one line of JSON the command prints."""
    pairs = [{"cadre": cadre, "community": community} for cadre, community in matching.pairs.items()]
    return json.dumps({"matching": pairs, "unmatched": matching.unmatched}, ensure_ascii=False)


def _items(items: list, side: str, keys: tuple[str, ...]) -> list[dict]:
    """Return ``items``; refuse one that is not an object or lacks a key, and ids that are not distinct strings."""
    for position, item in enumerate(items):
        where = f"{side}[{position}]"
        if not isinstance(item, dict):
            raise StableInputError(gettext_noop("%(where)s must be an object, not %(value)s."),
                                   where=where, value=quote(item))
        for key in keys:
            if key not in item:
                raise StableInputError(gettext_noop('%(where)s: missing key "%(key)s".'), where=where, key=key)
    check_ids([item["id"] for item in items], side)
    for position, item in enumerate(items):
        if not is_unicode(item["id"]):  # it could not be written back out as UTF-8
            raise StableInputError(
                gettext_noop('%(where)s: "%(key)s" holds a lone surrogate escape (\\ud800 to \\udfff).'),
                where=f"{side}[{position}]", key="id",
            )
    return items


if __name__ == "__main__":
    import sys

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanji.settings")
    django.setup()
    sys.exit(run(sys.argv[1:], sys.stdin, sys.stdout, sys.stderr))
