"""Undo the disguises that spam uses to slip past word lists, and remember where each character came from.

Two forms of one text:

``plain``
    What a careful reader sees: Unicode NFKC (full-width ``ＱＱ１２３`` becomes ``qq123``), lower case, Traditional
    characters as Simplified (OpenCC ``t2s``), every run of white space as one space. Nothing else is removed, so
    word boundaries stay. Full width and Traditional characters are how many residents write (an old phone's input
    method, a family from Hong Kong or Taiwan), so nothing found in this form counts as a disguise.

``compact``
    Only letters and digits, every disguise undone: invisible characters (zero-width spaces, soft hyphens, joiners,
    variation selectors, combining marks) dropped; Cyrillic and Greek look-alikes read as the Latin letters they
    imitate (``сasino``); digits of other forms (``❶``, ``➀``) and runs of five or more Chinese digits
    (``一三八零零...``) read as digits; ``+v`` read as ``加v``; spaces, punctuation and symbols (``澳*门``, ``加薇♥``)
    removed. ``position(i)`` is the index in ``plain`` of ``compact[i]``, so a match found in ``compact`` can be traced
    back: what was removed between its letters tells a disguise (``澳♥门``, ``澳 门`` in a text that is not spaced
    out) from two words that merely meet across a comma (``兼职，日结的``), see ``Gap``.

``linkable(plain)`` gives a third form for finding web addresses: look-alikes folded, ``点``, ``。`` and ``dot``
between letters read as ``.``, spaces removed.

``spaced_out`` tells whether the writer puts a space between Chinese characters throughout (``修 轮 椅``), as some
older people do: a keyword spelt that way is then not a disguise.
"""

import re
import unicodedata
from bisect import bisect_right
from enum import Enum
from functools import cache, cached_property

import opencc

# Cyrillic and Greek letters (lower case: NFKC and lower() run first) that look like Latin ones.
LOOKALIKES = {
    "а": "a", "в": "b", "е": "e", "ё": "e", "г": "r", "һ": "h", "і": "i", "ї": "i", "ј": "j", "к": "k", "м": "m",
    "н": "h", "о": "o", "п": "n", "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "ԁ": "d", "ԛ": "q",
    "ԝ": "w", "ӏ": "l", "ɡ": "g", "ı": "i", "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v",
    "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ω": "w", "μ": "u",
}
CHINESE_DIGITS = {
    **dict.fromkeys("零〇", "0"), **dict.fromkeys("一壹幺", "1"), **dict.fromkeys("二贰", "2"),
    **dict.fromkeys("三叁", "3"), **dict.fromkeys("四肆", "4"), **dict.fromkeys("五伍", "5"),
    **dict.fromkeys("六陆", "6"), **dict.fromkeys("七柒", "7"), **dict.fromkeys("八捌", "8"),
    **dict.fromkeys("九玖", "9"),
}
# Five or more in a row spell a number (an id, a phone); fewer are words (一五一十, 三三两两).
_CHINESE_DIGIT_RUN = re.compile("[" + "".join(CHINESE_DIGITS) + "]{5,}")
# Punctuation people put between words; a gap of these inside a keyword is a disguise only when every letter of
# the keyword is separated (澳。门。新。葡。京), not when two words meet (兼职，日结).
ORDINARY_PUNCTUATION = frozenset(" ,.;:!?'\"()[]<>-、，。；：！？“”‘’（）【】《》〈〉…—～·")
# Invisible characters that are not Unicode format characters or marks.
_BLANK_LETTERS = "\u115f\u1160\u3164\uffa0\u2800"
_SPACES = re.compile(r"\s+")
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_PAIR = re.compile(f"(?=[{_CJK}]( ?)[{_CJK}])")
_PLUS_V = re.compile(r"\+(?=\s*(?:v|微|薇|威))")
_DOT_WORD = re.compile(r"(?<=[a-z0-9])\s*(?:点|。|[(\[{]\s*(?:dot|点|\.)\s*[)\]}]|\s+dot\s+)\s*(?=[a-z0-9])")
# Kept for web addresses: letters, digits (and Chinese characters, which end an address), . : / @ -. A host name
# holds nothing else, so _ ~ | * and the like inside one are a disguise.
_NOT_LINK = re.compile(r"[^\w.:/@-]+|_+")
_NOT_ALNUM = re.compile(r"[\W_]+")


class Gap(Enum):
    """What was removed between two neighbouring letters of ``compact``."""

    NONE = "none"
    SPACE = "space"
    PUNCTUATION = "punctuation"
    DISGUISE = "disguise"  # a symbol, an emoji, an invisible character


class Forms:
    """The plain and compact forms of one text; positions and ``spaced_out`` are worked out when first asked."""

    def __init__(self, plain: str, folded: str):
        self.plain = plain
        self._folded = folded  # plain with each character folded or blanked (\x00), one for one
        self.compact = _CHINESE_DIGIT_RUN.sub(_as_digits, _NOT_ALNUM.sub("", folded))

    def position(self, index: int) -> int:
        """Return the index in ``plain`` of ``compact[index]``."""
        kept_before, removed = self._removed
        return index + removed[bisect_right(kept_before, index)]

    @cached_property
    def _removed(self) -> tuple[list[int], list[int]]:
        """Return, for each run of characters removed from ``compact``, how many were kept before it, and how many
        were removed before and up to each run (one more item, 0 first)."""
        kept_before, removed, total = [], [0], 0
        for match in _NOT_ALNUM.finditer(self._folded):
            kept_before.append(match.start() - total)
            total += match.end() - match.start()
            removed.append(total)
        return kept_before, removed

    @cached_property
    def spaced_out(self) -> bool:
        """Return True if the writer puts a space between Chinese characters throughout (修 轮 椅): between three
        in four neighbouring Chinese characters or more."""
        pairs = _CJK_PAIR.findall(self.plain)
        return len(pairs) >= 3 and pairs.count(" ") * 4 >= len(pairs) * 3

    def gap(self, index: int) -> Gap:
        """Return what ``plain`` held between ``compact[index]`` and ``compact[index + 1]``."""
        removed = self.plain[self.position(index) + 1 : self.position(index + 1)]
        if not removed:
            return Gap.NONE
        if removed.isspace():
            return Gap.SPACE
        if all(character in ORDINARY_PUNCTUATION for character in removed):
            return Gap.PUNCTUATION
        return Gap.DISGUISE

    def folded(self, start: int, end: int) -> bool:
        """Return True if ``compact[start:end]`` reads differently in ``plain`` (a look-alike, a spelt digit)."""
        return any(self.plain[self.position(index)] != self.compact[index] for index in range(start, end))

    def before(self, index: int) -> str:
        """Return the character of ``plain`` just before ``compact[index]`` ("" at the start)."""
        position = self.position(index)
        return self.plain[position - 1] if position else ""

    def after(self, index: int) -> str:
        """Return the character of ``plain`` just after ``compact[index]`` ("" at the end)."""
        position = self.position(index) + 1
        return self.plain[position] if position < len(self.plain) else ""


def forms(text: str) -> Forms:
    """Return the plain and compact forms of ``text``."""
    plain = plain_form(text)
    folded = plain if plain.isascii() and "+" not in plain else plain.translate(_FOLDING)
    if "+" in plain:
        folded = _PLUS_V.sub("加", folded)
    return Forms(plain, folded)


def plain_form(text: str) -> str:
    """Return ``text`` in NFKC, lower case and Simplified characters, white space runs as one space."""
    text = _SPACES.sub(" ", unicodedata.normalize("NFKC", text).lower()).strip()
    if text.isascii():
        return text
    try:
        return _converter().convert(text)
    except UnicodeEncodeError:  # a lone surrogate (JSON can escape one, UTF-8 cannot hold it): read it as "?"
        return _converter().convert(text.encode("utf-8", "replace").decode("utf-8"))


def linkable(plain: str) -> str:
    """Return ``plain`` with look-alikes folded, dotted words (``点``, ``。``, ``dot``) read as ``.``, and only the
    characters a host name and its scheme hold (``.``, ``:``, ``/``, ``@``, ``-``) kept beside letters and digits."""
    return _NOT_LINK.sub("", _DOT_WORD.sub(".", plain.translate(_FOLDING)))


def _as_digits(match: re.Match) -> str:
    return "".join(CHINESE_DIGITS[character] for character in match[0])


class _Folding(dict):
    """The folding of single characters for ``str.translate``, filled in as characters are met: invisible ones
    (format characters, marks, controls, blank letters) to NUL, look-alikes to Latin letters, digits of other forms
    (❶, ➀, Arabic-Indic) to ASCII digits, every other character to itself. One for one, so positions stay."""

    def __missing__(self, code: int) -> str:
        character = chr(code)
        category = unicodedata.category(character)
        if character in LOOKALIKES:
            folded = LOOKALIKES[character]
        elif code >= 0x80 and (category in ("Cf", "Mn", "Me", "Cc") or character in _BLANK_LETTERS):
            folded = "\x00"
        elif code >= 0x80 and category[0] == "N" and unicodedata.digit(character, None) is not None:
            folded = str(unicodedata.digit(character))
        else:
            folded = character
        self[code] = folded
        return folded


_FOLDING = _Folding()


@cache
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")
