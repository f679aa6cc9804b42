"""What the file-reading commands (``sanji match``, ``sanji classes``) share: reading the input, refusing it in one
translated line with exit status 2, and pausing the garbage collector while millions of small objects are made.

No Django import at module level, so the pure algorithms can raise ``InputRefused`` without pulling in the ORM.
"""

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import IO

EXIT_BAD_INPUT = 2
_QUOTE_LIMIT = 60


def gettext_noop(message: str) -> str:
    """Return ``message`` unchanged; mark it for ``makemessages`` without importing Django."""
    return message


class InputRefused(ValueError):
    """Refuse bad input with one line of English (a ``gettext_noop`` template) naming the problem."""

    def __init__(self, template: str, **params):
        self.template = template
        self.params = params
        super().__init__(template % params)


def report(error: InputRefused, stderr: IO) -> int:
    """Write ``error`` on one line in the active language; return the exit status for bad input."""
    from django.utils.translation import gettext

    params = {key: gettext(value) if isinstance(value, _Kind) else value for key, value in error.params.items()}
    message = gettext(error.template) % params
    stderr.write(" ".join(message.splitlines()) + "\n")
    return EXIT_BAD_INPUT


def load_json(data: bytes | str, refused: type[InputRefused] = InputRefused) -> object:
    """Return the JSON document in ``data`` (UTF-8, a leading BOM allowed), numbers with a point as ``Decimal``;
    refuse text that is not UTF-8, not JSON, nested too deeply or holding a number too long, with ``refused``."""
    import json

    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise refused(gettext_noop("The input is not UTF-8 text.")) from None
    try:
        return json.loads(data, parse_float=Decimal, parse_constant=Decimal)
    except RecursionError:
        raise refused(gettext_noop("The input is nested too deeply to be read.")) from None
    except json.JSONDecodeError as error:
        raise refused(
            gettext_noop("The input is not valid JSON: the problem is at line %(line)s, column %(column)s."),
            line=error.lineno, column=error.colno,
        ) from None
    except ValueError:  # an integer of more digits than Python will read
        raise refused(gettext_noop("The input holds a number too long to read.")) from None


def write_line(stdout: IO, line: str) -> None:
    """Write ``line`` and a newline; a reader that stopped early (``| head``) is not an error of ours."""
    try:
        stdout.write(line + "\n")
        stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), 1)


def read_input(path: str, stdin: IO) -> bytes | str:
    """Return the whole of the file ``path`` (``-``: ``stdin``); refuse a file that cannot be read."""
    try:
        if path == "-":
            return getattr(stdin, "buffer", stdin).read()
        with open(path, "rb") as file:
            return file.read()
    except (OSError, UnicodeDecodeError) as error:
        from django.utils.translation import gettext

        name = gettext("standard input") if path == "-" else quote(path)
        raise InputRefused(_READ_PROBLEMS.get(type(error), _READ_PROBLEMS[OSError]), file=name) from None


_READ_PROBLEMS = {
    FileNotFoundError: gettext_noop("There is no file %(file)s."),
    IsADirectoryError: gettext_noop("%(file)s is a folder, not a file."),
    PermissionError: gettext_noop("%(file)s cannot be read: permission denied."),
    OSError: gettext_noop("%(file)s cannot be read."),
}


def is_unicode(value: str) -> bool:
    """Return False for a string that holds a lone surrogate (JSON can escape one; UTF-8 cannot hold it)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def quote(value: object) -> str:
    """Return ``value`` as a short one-line JSON-like literal for a message."""
    if isinstance(value, str):
        text = value if len(value) <= _QUOTE_LIMIT else value[:_QUOTE_LIMIT] + "…"
        escaped = text.replace("\\", "\\\\").replace('"', '\\"')
        return '"' + "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in escaped) + '"'
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        text = str(value)
        return text if len(text) <= _QUOTE_LIMIT else text[:_QUOTE_LIMIT] + "…"
    kind = _KINDS.get(type(value))
    return _Kind(kind) if kind else type(value).__name__


_KINDS = {list: gettext_noop("a list"), dict: gettext_noop("an object")}


class _Kind(str):
    """The English name of a kind of JSON value (a list, an object) in a message; ``report`` translates it with the
    message, so the pure modules' own errors stay in English."""


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: parsing millions of small objects would wake it for nothing."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
