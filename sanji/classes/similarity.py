"""How alike two wish texts are, for spotting a wish made twice (pure; no ORM).

Two measures on the words that say what is needed (``grouping.words``: synonyms folded, filler dropped), the larger
wins: the Dice coefficient of the character pairs of those words run together (catches the same sentence retyped
with a word changed or split differently), and the Dice coefficient of the words themselves (catches the same need
said in other words: 轮椅坏了 / 想找人修轮椅 both give 轮椅 维修). Filler is left out of both, so two different
repairs typed with the same polite frame (……坏了，想找人修一下) do not look alike. The word measure needs two shared
words, so that one common word (维修) is not enough either.
"""

import re

from sanji.classes.grouping import words
from sanji.classes.textnorm import normalise

DUPLICATE_LIKENESS = 0.6
_KEPT = re.compile(r"[\w]+")


def likeness(first: str, second: str) -> float:
    """Return a number from 0 (nothing alike) to 1 (the same) for two wish texts."""
    return max(_pair_dice(first, second), _word_overlap(first, second))


def _pair_dice(first: str, second: str) -> float:
    a, b = _pairs(first), _pairs(second)
    if not a or not b:
        return 1.0 if _plain(first) == _plain(second) and _plain(first) else 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def _word_overlap(first: str, second: str) -> float:
    a, b = set(words(first)), set(words(second))
    shared = len(a & b)
    return 2 * shared / (len(a) + len(b)) if shared >= 2 else 0.0


def _plain(text: str) -> str:
    return "".join(_KEPT.findall(normalise(text)))


def _pairs(text: str) -> set[str]:
    joined = "".join(words(text))
    return {joined[i : i + 2] for i in range(len(joined) - 1)}
