"""Gather what a text carries: the listed words it holds, its contacts, links and phone numbers, a phrase it
repeats; each word or contact marked ``disguised`` when it could be read only once the disguise was undone.

A listed word is searched in the compact form and then judged by what stood between its letters in the plain
form (``Forms.gap``):

- nothing, and every letter as written: an open word;
- nothing, but a look-alike or a spelt digit among its letters (``сasino``, ``κ粉``): disguised;
- something between every pair of letters (``澳 门 新 葡 京``, ``澳/门``, ``澳。门``): disguised, unless the gaps are
  spaces and the writer spaces every Chinese character (``修 轮 椅``), which is a habit, not a disguise;
- something between some letters only: disguised if each of those gaps holds a symbol or an invisible character
  (``澳门♥新葡京``, a zero-width space); otherwise two words that meet across a comma or a space
  (``兼职，日结的那种``) and not the listed word at all.

A Latin word must start a Latin word of the text (``sb`` is not in ``usb``), and a short one must end one too.
Of two words found one inside the other (``贷款`` in ``无抵押贷款``), only the longer counts.
"""

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass

from .contacts import Contact, Link, contacts, links, phones
from .lexicon import Word, occurrences
from .normalize import Forms, Gap, forms

# A phrase repeated this often and covering this share of the text is keyword stuffing (SEO).
REPEATS = {2: 4, 3: 3, 4: 3}
REPEATED_SHARE = 0.35
_REPEAT_WINDOW = 1000
_SHORT_LATIN = 4
_SENTENCE_END = re.compile(r"[。！？!?;；\n]")


@dataclass(frozen=True, slots=True)
class Found:
    word: Word
    disguised: bool
    at: tuple[int, ...]  # where it starts in the plain form, each time


@dataclass(frozen=True, slots=True)
class Evidence:
    words: tuple[Found, ...]
    contacts: tuple[Contact, ...]
    links: tuple[Link, ...]
    phones: tuple[str, ...]
    repeated: str | None  # a phrase repeated over much of the text
    length: int  # letters and digits in the text
    stops: tuple[int, ...]  # where the sentences of the plain form end

    def sentence(self, at: int) -> int:
        """Return the number of the sentence in which the plain form's character ``at`` stands."""
        return bisect_right(self.stops, at)


def gather(text: str) -> Evidence:
    """Return the evidence ``text`` carries."""
    found = forms(text)
    return Evidence(
        words=tuple(listed_words(found)),
        contacts=tuple(contacts(found)),
        links=tuple(links(found)),
        phones=tuple(phones(found)),
        repeated=repeated_phrase(found.compact),
        length=len(found.compact),
        stops=tuple(match.start() for match in _SENTENCE_END.finditer(found.plain)),
    )


def listed_words(found: Forms) -> list[Found]:
    """Return each distinct listed word the text holds, disguised if any of its occurrences is."""
    readings = []
    for start, end, word in occurrences(found.compact):
        disguised = _reading(found, start, end, word)
        if disguised is not None:
            readings.append((start, end, word, disguised))
    covered = _covered(readings)
    by_key: dict[str, Found] = {}
    for start, end, word, disguised in readings:
        if (start, end) in covered:
            continue
        earlier = by_key.get(word.key)
        if earlier is None:
            by_key[word.key] = Found(word, disguised, (found.position(start),))
        else:
            by_key[word.key] = Found(word, disguised or earlier.disguised, (*earlier.at, found.position(start)))
    return list(by_key.values())


def repeated_phrase(compact: str) -> str | None:
    """Return a phrase of two to four characters repeated over much of ``compact`` (``新葡京新葡京新葡京``), or None.

    A phrase of one character over (谢谢谢谢) or of digits (a phone number) does not count."""
    text = compact[:_REPEAT_WINDOW]
    if len(text) < 10:
        return None
    # A phrase that repeats enough repeats its first two characters as often: if no pair of characters comes
    # back that often, nothing does.
    needed = max(min(REPEATS.values()), int(REPEATED_SHARE * len(text) / max(REPEATS)))
    pairs = Counter(text[i : i + 2] for i in range(len(text) - 1))
    if max(pairs.values()) < needed:
        return None
    for size in sorted(REPEATS, reverse=True):
        counts = Counter(text[i : i + size] for i in range(len(text) - size + 1))
        for phrase, count in counts.most_common(3):
            if count < REPEATS[size]:
                break
            meaningful = len(set(phrase)) > 1 and not phrase.isdigit()
            if meaningful and text.count(phrase) * size >= REPEATED_SHARE * len(text):
                return phrase
    return None


def _reading(found: Forms, start: int, end: int, word: Word) -> bool | None:
    """Return whether the word at ``compact[start:end]`` is disguised, or None if it is not truly there."""
    if word.latin_start and _latin_letter(found.before(start)):
        return None
    if word.latin_end and len(word.key) <= _SHORT_LATIN and _latin_letter(found.after(end - 1)):
        return None
    gaps = [found.gap(index) for index in range(start, end - 1) if index - start not in word.breaks]
    separated = [gap for gap in gaps if gap is not Gap.NONE]
    folded = found.folded(start, end)
    if not separated:
        return folded
    if len(separated) == len(gaps):
        habit = found.spaced_out and not word.key.isascii() and all(gap is Gap.SPACE for gap in separated)
        return folded if habit else True
    if all(gap is Gap.DISGUISE for gap in separated):
        return True
    return None


def _covered(readings: list[tuple[int, int, Word, bool]]) -> set[tuple[int, int]]:
    """Return the spans that lie inside a longer span of ``readings`` (``贷款`` inside ``无抵押贷款``)."""
    spans = sorted({(start, end) for start, end, _word, _disguised in readings}, key=lambda span: (span[0], -span[1]))
    covered, reach = set(), -1
    for start, end in spans:  # by start, the longest first: a span is covered if an earlier one reaches its end
        if end <= reach:
            covered.add((start, end))
        reach = max(reach, end)
    return covered


def _latin_letter(character: str) -> bool:
    return character.isascii() and character.isalnum()
