"""Words of a wish: normalised text cut by jieba, synonyms folded, words that carry no need dropped.

The word lists live in ``sanji/classes/data/`` as plain text that a district can edit: ``userdict.txt`` (words jieba
should keep whole, in jieba's dictionary format), ``synonyms.txt`` (canonical word: words folded into it; a word
under two canonical words counts as both), ``persons.txt`` (the same format, for words that name who is helped:
they weigh less) and ``stopwords.txt``. jieba's own dictionary ships inside its wheel, so nothing is downloaded.
"""

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from multiprocessing import get_context
from pathlib import Path

import jieba
import numpy as np

from sanji.classes.textnorm import normalise

DATA = Path(__file__).resolve().parent.parent / "data"
PARALLEL_FROM = 20_000  # below this many texts, starting worker processes costs more than it saves
SEPARATOR = "\x1f"
_WORD = re.compile(r"[\u3400-\u9fff]|[a-z]{2,}")


@dataclass(frozen=True)
class Lexicon:
    """The jieba tokenizer with the district's words added, and the word lists read from ``DATA``."""

    tokenizer: jieba.Tokenizer
    synonyms: dict[str, tuple[str, ...]]  # word -> the canonical words it counts as
    stopwords: frozenset[str]
    persons: frozenset[str]  # canonical words that name who is helped
    needs: frozenset[str]  # canonical words of synonyms.txt: the domain's words for what is needed


def words(text: str) -> tuple[str, ...]:
    """Return the words of ``text`` that say what the wish is about, synonyms folded, in order, each once."""
    lexicon = _lexicon()
    seen: dict[str, None] = {}
    for word in lexicon.tokenizer.lcut(normalise(text), HMM=False):
        for folded in lexicon.synonyms.get(word, (word,)):
            if folded not in lexicon.stopwords and _WORD.match(folded):
                seen.setdefault(folded)
    return tuple(seen)


def keys_of_all(texts: Sequence[str], *, workers: int = 1) -> list[str]:
    """Return each text's ``words`` joined by ``SEPARATOR``, in order; equal texts are cut once.

    With ``workers`` > 1 and many texts, the texts are cut in that many processes. One string per text, not a tuple
    of words, keeps the memory of a million results small (each word unpickled from a worker is a new string).
    """
    unique: dict[str, int] = {}
    position = np.fromiter((unique.setdefault(text, len(unique)) for text in texts), dtype=np.int64, count=len(texts))
    distinct = list(unique)
    del unique
    if workers <= 1 or len(distinct) < PARALLEL_FROM:
        keys = [_key(text) for text in distinct]
    else:
        _lexicon()  # load once in the parent; forked workers share it
        with get_context("fork").Pool(workers) as pool:
            keys = pool.map(_key, distinct, chunksize=2_000)
    return keys if len(keys) == len(texts) else [keys[at] for at in position.tolist()]


def _key(text: str) -> str:
    return SEPARATOR.join(words(text))


def person_words() -> frozenset[str]:
    """Return the canonical words that name who a wish is for (老人, 孩子), not what it needs."""
    return _lexicon().persons


def need_words() -> frozenset[str]:
    """Return the canonical words of the domain thesaurus (轮椅, 维修, 低保): words for what a wish needs."""
    return _lexicon().needs


@cache
def _lexicon() -> Lexicon:
    jieba.setLogLevel(60)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    tokenizer.load_userdict(str(DATA / "userdict.txt"))
    targets: dict[str, list[str]] = defaultdict(list)
    persons, needs = set(), set()
    for name in ("synonyms.txt", "persons.txt"):
        for canonical, folded in _entries(name):
            (persons if name == "persons.txt" else needs).add(canonical)
            for word in (canonical, *folded):
                tokenizer.add_word(word)
                targets[word].append(canonical)
    synonyms = {word: tuple(dict.fromkeys(to)) for word, to in targets.items() if to != [word]}
    stopwords = frozenset(word for line in _lines("stopwords.txt") for word in line.split())
    return Lexicon(tokenizer, synonyms, stopwords, frozenset(persons), frozenset(needs - persons))


def _entries(name: str) -> Iterable[tuple[str, list[str]]]:
    """Yield ``(canonical, folded words)``; a line that starts with a space continues the entry above it."""
    entries: list[tuple[str, list[str]]] = []
    for line in _lines(name):
        if line[:1].isspace() and entries:
            entries[-1][1].extend(line.split())
        else:
            canonical, _, folded = line.partition(":")
            entries.append((canonical.strip(), folded.split()))
    return entries


def _lines(name: str) -> Iterable[str]:
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            yield line
