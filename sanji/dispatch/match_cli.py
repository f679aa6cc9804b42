"""The edge behind ``sanji match FILE``: read a matching instance as JSON, print its optimal assignment as JSON.

Input (``objective`` is optional, ``"max_score"`` by default)::

    {"left": [{"id": "a", "capacity": 1}], "right": [{"id": "x", "capacity": 2}],
     "edges": [{"left": "a", "right": "x", "score": 2.5}], "objective": "max_count_then_score"}

Output::

    {"assignments": [{"left": "a", "right": "x"}], "total_score": 2.5, "assigned": 1, "unassigned_left": []}

Numbers are read as exact decimals. Bad input ends with status 2 and one translated line on standard error;
``run`` never lets a traceback out for it. The cyclic garbage collector is paused while an instance is read and
solved: millions of small JSON objects would wake it over and over, for nothing (it halves the parse time).
``python -m sanji.dispatch.match_cli FILE`` runs the same without the ``sanji`` command.
"""

import json
from decimal import Decimal
from typing import IO, NamedTuple

from django.utils.translation import gettext_noop

from sanji.core.cli_io import InputRefused, collector_paused, read_input, report
from sanji.dispatch.matching import MatchInputError, Result, quote, solve_columns

TOP_KEYS = ("left", "right", "edges", "objective")


class Columns(NamedTuple):
    """An instance as the parallel sequences ``solve_columns`` takes, in its argument order."""

    left_ids: list
    left_capacities: list
    right_ids: list
    right_capacities: list
    edge_left: list
    edge_right: list
    edge_scores: list
    objective: object


def run(argv: list[str], stdin: IO, stdout: IO, stderr: IO) -> int:
    """Solve the instance in the file ``argv[0]`` (``-``: ``stdin``), print the assignment; return the exit status."""
    try:
        if len(argv) != 1:
            raise MatchInputError(gettext_noop("Usage: sanji match FILE (or - to read standard input)."))
        with collector_paused():
            result = solve_columns(*parse(read_input(argv[0], stdin)))
    except InputRefused as error:
        return report(error, stderr)
    stdout.write(render(result) + "\n")
    return 0


def parse(data: bytes | str) -> Columns:
    """Return the instance in the JSON text ``data`` as columns; refuse malformed JSON or a wrong shape."""
    try:
        document = json.loads(data, parse_float=Decimal, parse_constant=Decimal)
    except RecursionError:
        raise MatchInputError(gettext_noop("The input is nested too deeply to be read.")) from None
    except json.JSONDecodeError as error:
        raise MatchInputError(
            gettext_noop("The input is not valid JSON: the problem is at line %(line)s, column %(column)s."),
            line=error.lineno,
            column=error.colno,
        ) from None
    except ValueError:  # UnicodeDecodeError
        raise MatchInputError(gettext_noop("The input is not valid JSON: it is not UTF-8 text.")) from None
    if not isinstance(document, dict):
        raise MatchInputError(gettext_noop('The input must be a JSON object with "left", "right" and "edges".'))
    for key in document:
        if key not in TOP_KEYS:
            raise MatchInputError(gettext_noop("Unknown key %(key)s at the top level."), key=quote(key))
    for key in TOP_KEYS[:3]:
        if key not in document:
            raise MatchInputError(gettext_noop('Missing key "%(key)s" at the top level.'), key=key)
        if not isinstance(document[key], list):
            raise MatchInputError(gettext_noop('"%(key)s" must be a list.'), key=key)
    left_ids, left_capacities = _fields(document["left"], "left", ("id", "capacity"))
    right_ids, right_capacities = _fields(document["right"], "right", ("id", "capacity"))
    edge_left, edge_right, edge_scores = _fields(document["edges"], "edges", ("left", "right", "score"))
    objective = document.get("objective", "max_score")
    return Columns(
        left_ids, left_capacities, right_ids, right_capacities, edge_left, edge_right, edge_scores, objective
    )


def render(result: Result) -> str:
    """Return ``result`` as the JSON the command prints, with ``total_score`` as an exact number."""
    total = result.total_score
    return (
        f'{{"assignments": {json.dumps([{"left": a, "right": b} for a, b in result.assignments], ensure_ascii=False)}, '
        f'"total_score": {format(total, "f") if isinstance(total, Decimal) else total}, '
        f'"assigned": {result.assigned}, "unassigned_left": {json.dumps(result.unassigned_left, ensure_ascii=False)}}}'
    )


def _fields(items: list, name: str, keys: tuple[str, ...]) -> list[list]:
    """Return one list per key, of that key's value in every item; refuse an item that is no object or lacks one."""
    try:
        return [[item[key] for item in items] for key in keys]
    except (KeyError, TypeError):
        pass
    for position, item in enumerate(items):
        if not isinstance(item, dict):
            raise MatchInputError(gettext_noop("%(where)s must be an object."), where=f"{name}[{position}]")
        for key in keys:
            if key not in item:
                raise MatchInputError(
                    gettext_noop('%(where)s: missing key "%(key)s".'), where=f"{name}[{position}]", key=key
                )
    raise AssertionError("unreachable: items were found wanting but no culprit")


if __name__ == "__main__":
    import os
    import sys

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanji.settings")
    django.setup()
    sys.exit(run(sys.argv[1:], sys.stdin, sys.stdout, sys.stderr))
