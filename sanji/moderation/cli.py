"""The edge behind ``sanji moderate FILE``: the verdict on each text of a JSON-lines file, printed as JSON lines.

Input, one object a line (other keys are ignored; ``id`` is optional and may be any JSON value)::

    {"id": "w1", "text": "家里水龙头漏水，想请人帮忙换一个"}
    {"text": "澳门新葡京 线上娱乐 加微信 xpj6688"}

Output, one line for each input line, in the same order; ``id`` only when the input line has one, written back as
it came (a number keeps its digits: ``1.10`` stays ``1.10``)::

    {"id": "w1", "verdict": "ok", "reasons": []}
    {"verdict": "spam", "reasons": ["gambling", "contact_ad"]}

The whole input is checked before anything is written: bad input (an unreadable file, bytes that are not UTF-8, a
line that is not a JSON object, a missing or non-string ``text``) ends with status 2 and one translated line on
standard error naming the line and the problem, and nothing on standard output. Nothing is downloaded.
"""

import json
import os
from decimal import Decimal
from typing import IO

from django.utils.translation import gettext_noop

from sanji.core.cli_io import InputRefused, collector_paused, is_unicode, quote, read_input, report

from .verdict import moderate

MAX_ID_DEPTH = 64


def run(argv: list[str], stdin: IO, stdout: IO, stderr: IO) -> int:
    """Moderate the texts in the file ``argv[0]`` (``-``: ``stdin``) and print the verdicts; return the exit status."""
    try:
        if len(argv) != 1:
            raise InputRefused(gettext_noop("Usage: sanji moderate FILE (or - to read standard input)."))
        with collector_paused():
            items = parse(read_input(argv[0], stdin))
    except InputRefused as error:
        return report(error, stderr)
    try:
        for has_id, item_id, text in items:
            verdict = moderate(text)
            head = '{"id": ' + _encode(item_id) + ", " if has_id else "{"
            reasons = json.dumps(list(verdict.reasons))
            stdout.write(head + '"verdict": "' + verdict.verdict + '", "reasons": ' + reasons + "}\n")
        stdout.flush()
    except BrokenPipeError:  # the reader stopped early (| head): not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
    return 0


def parse(data: bytes | str) -> list[tuple[bool, object, str]]:
    """Return ``(has_id, id, text)`` for each JSON line in ``data``; refuse the first line that is not a text."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = data[: error.start].count(b"\n") + 1
            raise InputRefused(gettext_noop("Line %(line)s is not UTF-8 text."), line=line) from None
    lines = data.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [_item(line.rstrip("\r"), number) for number, line in enumerate(lines, start=1)]


def _item(line: str, number: int) -> tuple[bool, object, str]:
    if not line.strip():
        raise InputRefused(gettext_noop("Line %(line)s is empty; each line must be one JSON object."), line=number)
    try:
        item = json.loads(line, parse_float=Decimal, parse_constant=_not_json)
    except RecursionError:
        raise InputRefused(gettext_noop("Line %(line)s is nested too deeply to be read."), line=number) from None
    except _NotANumber:
        raise InputRefused(
            gettext_noop("Line %(line)s is not valid JSON: NaN and Infinity are not JSON numbers."), line=number
        ) from None
    except json.JSONDecodeError as error:
        raise InputRefused(
            gettext_noop("Line %(line)s is not valid JSON: the problem is at column %(column)s."),
            line=number, column=error.colno,
        ) from None
    except ValueError:  # an integer of more digits than Python will read
        raise InputRefused(gettext_noop("Line %(line)s holds a number too long to read."), line=number) from None
    if not isinstance(item, dict):
        raise InputRefused(gettext_noop('Line %(line)s must be a JSON object with a "text" key.'), line=number)
    if "text" not in item:
        raise InputRefused(gettext_noop('Line %(line)s: missing key "%(key)s".'), line=number, key="text")
    text = item["text"]
    if not isinstance(text, str):
        raise InputRefused(gettext_noop('Line %(line)s: "text" must be a string, not %(value)s.'),
                           line=number, value=quote(text))
    for key in ("text", "id"):
        if key in item and not _encodable(item[key], number):
            raise InputRefused(
                gettext_noop('Line %(line)s: "%(key)s" holds a lone surrogate escape (\\ud800 to \\udfff).'),
                line=number, key=key,
            )
    return "id" in item, item.get("id"), text


def _encodable(value: object, number: int) -> bool:
    """Return False if a string inside ``value`` holds a lone surrogate; refuse a value nested too deeply."""
    pending = [(value, 0)]
    while pending:
        value, depth = pending.pop()
        if depth > MAX_ID_DEPTH:
            raise InputRefused(gettext_noop('Line %(line)s: "id" is nested more than %(depth)s levels deep.'),
                               line=number, depth=MAX_ID_DEPTH)
        if isinstance(value, str) and not is_unicode(value):
            return False
        if isinstance(value, dict):
            pending += [(key, depth + 1) for key in value] + [(item, depth + 1) for item in value.values()]
        elif isinstance(value, list):
            pending += [(item, depth + 1) for item in value]
    return True


def _encode(value: object) -> str:
    """Return ``value`` as JSON, a number with a point as it was written."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_encode(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(json.dumps(key, ensure_ascii=False) + ": " + _encode(item)
                               for key, item in value.items()) + "}"
    return json.dumps(value, ensure_ascii=False)


class _NotANumber(ValueError):
    """NaN or Infinity: Python's reader takes them, JSON has no such numbers."""


def _not_json(constant: str) -> object:
    raise _NotANumber(constant)


if __name__ == "__main__":
    import sys

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanji.settings")
    django.setup()
    sys.exit(run(sys.argv[1:], sys.stdin, sys.stdout, sys.stderr))
