"""How alike two wish texts are, for spotting a wish made twice (pure; no ORM).

Two measures on the words that say what is needed (``grouping.words``: synonyms folded, filler dropped), the larger
wins: the Dice coefficient of the character pairs of those words run together (catches the same sentence retyped
with a word changed or split differently), and the Dice coefficient of the words themselves (catches the same need
said in other words: 轮椅坏了 / 想找人修轮椅 both give 轮椅 维修). Filler is left out of both, so two different
repairs typed with the same polite frame (……坏了，想找人修一下) do not look alike. The word measure needs two shared
words, so that one common word (维修) is not enough either.
"""

import re
from dataclasses import dataclass

from sanji.classes.grouping import words
from sanji.classes.textnorm import normalise

DUPLICATE_LIKENESS = 0.6
_KEPT = re.compile(r"[\w]+")


@dataclass(frozen=True)
class Profile:
    """What the comparison needs of one text, worked out once: its need words, their character pairs, the text."""

    words: frozenset[str]
    pairs: frozenset[str]
    plain: str


def profile(text: str) -> Profile:
    """Return the ``Profile`` of ``text`` (one normalisation and one cut by jieba)."""
    found = words(text)
    joined = "".join(found)
    return Profile(
        frozenset(found),
        frozenset(joined[i : i + 2] for i in range(len(joined) - 1)),
        "".join(_KEPT.findall(normalise(text))),
    )


def likeness(first: str | Profile, second: str | Profile) -> float:
    """Return a number from 0 (nothing alike) to 1 (the same) for two wish texts (or their profiles)."""
    a = first if isinstance(first, Profile) else profile(first)
    b = second if isinstance(second, Profile) else profile(second)
    return max(_pair_dice(a, b), _word_dice(a, b))


def _pair_dice(a: Profile, b: Profile) -> float:
    if not a.pairs or not b.pairs:
        return 1.0 if a.plain and a.plain == b.plain else 0.0
    return 2 * len(a.pairs & b.pairs) / (len(a.pairs) + len(b.pairs))


def _word_dice(a: Profile, b: Profile) -> float:
    shared = len(a.words & b.words)
    return 2 * shared / (len(a.words) + len(b.words)) if shared >= 2 else 0.0
