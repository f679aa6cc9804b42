"""The edge behind ``sanji classes FILE``: group wishes read as JSON lines, print each one's class as JSON lines.

Input, one object a line (other keys are ignored)::

    {"id": "w1", "text": "轮椅坏了，想找人修一下"}

Output, one line for each input line, in the same order::

    {"id": "w1", "class": "c3f0a9d41e2", "label": "轮椅 维修"}

``class`` is a stable key made from the class's key words; ``label`` is those words. Bad input ends with status 2 and
one translated line on standard error naming the line and the problem; nothing is written to standard output then.
Nothing is downloaded: jieba's dictionary ships in its wheel and the word lists in ``sanji/classes/data``.
"""

import json
import os
from typing import IO

from django.utils.translation import gettext_noop

from sanji.core.cli_io import InputRefused, collector_paused, is_unicode, quote, read_input, report

from .grouping import group


def run(argv: list[str], stdin: IO, stdout: IO, stderr: IO) -> int:
    """Group the wishes in the file ``argv[0]`` (``-``: ``stdin``) and print their classes; return the exit status."""
    try:
        if len(argv) != 1:
            raise InputRefused(gettext_noop("Usage: sanji classes FILE (or - to read standard input)."))
        with collector_paused():
            ids, texts = parse(read_input(argv[0], stdin))
            found = group(texts, workers=min(os.cpu_count() or 1, 4))
    except InputRefused as error:
        return report(error, stderr)
    try:
        stdout.writelines(
            json.dumps({"id": wish_id, "class": item.key, "label": item.label}, ensure_ascii=False) + "\n"
            for wish_id, item in zip(ids, found, strict=True)
        )
        stdout.flush()
    except BrokenPipeError:  # the reader stopped early (| head): not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
    return 0


def parse(data: bytes | str) -> tuple[list, list[str]]:
    """Return the ids and texts of the JSON lines in ``data``; refuse the first line that is not a wish."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InputRefused(gettext_noop("The input is not UTF-8 text.")) from None
    ids, texts = [], []
    lines = data.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for number, line in enumerate(lines, start=1):
        wish_id, text = _wish(line.rstrip("\r"), number)
        ids.append(wish_id)
        texts.append(text)
    return ids, texts


def _wish(line: str, number: int) -> tuple[object, str]:
    if not line.strip():
        raise InputRefused(gettext_noop("Line %(line)s is empty; each line must be one wish."), line=number)
    try:
        item = json.loads(line)
    except RecursionError:
        raise InputRefused(gettext_noop("Line %(line)s is nested too deeply to be read."), line=number) from None
    except json.JSONDecodeError as error:
        raise InputRefused(
            gettext_noop("Line %(line)s is not valid JSON: the problem is at column %(column)s."),
            line=number, column=error.colno,
        ) from None
    except ValueError:  # e.g. an integer of more digits than Python will read
        raise InputRefused(gettext_noop("Line %(line)s holds a number too long to read."), line=number) from None
    if not isinstance(item, dict):
        raise InputRefused(gettext_noop('Line %(line)s must be a JSON object with "id" and "text".'), line=number)
    for key in ("id", "text"):
        if key not in item:
            raise InputRefused(gettext_noop('Line %(line)s: missing key "%(key)s".'), line=number, key=key)
    wish_id, text = item["id"], item["text"]
    if isinstance(wish_id, bool) or not isinstance(wish_id, str | int):
        raise InputRefused(
            gettext_noop('Line %(line)s: "id" must be a string or a whole number, not %(value)s.'),
            line=number, value=quote(wish_id),
        )
    if not isinstance(text, str):
        raise InputRefused(gettext_noop('Line %(line)s: "text" must be a string, not %(value)s.'),
                           line=number, value=quote(text))
    for key, value in (("id", wish_id), ("text", text)):
        if isinstance(value, str) and not is_unicode(value):
            raise InputRefused(
                gettext_noop('Line %(line)s: "%(key)s" holds a lone surrogate escape (\\ud800 to \\udfff).'),
                line=number, key=key,
            )
    return wish_id, text


if __name__ == "__main__":
    import sys

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanji.settings")
    django.setup()
    sys.exit(run(sys.argv[1:], sys.stdin, sys.stdout, sys.stderr))
