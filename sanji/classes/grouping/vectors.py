"""TF-IDF vectors for distinct word lists, with word frequencies counted over every copy.

A row's features are its words and, for each two thesaurus words in it, one pair feature (``轮椅+维修``): the pair
tells "repair a wheelchair" from "get a wheelchair" better than either word alone. Each feature weighs its inverse
document frequency times a factor for its kind (thesaurus word, person word, other word, pair), and every row is
scaled to unit length, so the product of two rows is their cosine similarity.
"""

from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from hashlib import blake2b

import numpy as np
from scipy.sparse import csr_matrix

from sanji.classes.grouping.features import SEPARATOR
from sanji.classes.grouping.settings import Settings

MIN_COPIES = 2  # a feature in one wish only links it to nothing
MAX_SHARE = 0.5  # a feature in more than half the wishes tells them apart from nothing
PAIR = "+"


@dataclass(frozen=True)
class Space:
    """Distinct word lists as vectors: ``present`` (0/1 per word), ``vectors`` (unit TF-IDF), ``weights`` per word.

    ``vectors`` has a column per word, then a column per pair feature; ``present``, ``vocabulary`` and ``weights``
    cover the words only (the pairs never name a class). A word's weight is its IDF times the factor for its kind,
    0 for a word too rare or too common to count.
    """

    vocabulary: list[str]
    present: csr_matrix
    vectors: csr_matrix
    weights: np.ndarray


def distinct(keys: Sequence[str]) -> tuple[list[str], np.ndarray]:
    """Return the distinct keys, and for each input key the position of its twin among them.

    The distinct keys come in a fixed order that depends on the keys alone, not on the input order (by a hash, so
    that the first rows are a fair sample), and so everything computed from them does too, to the last bit.
    """
    position: dict[str, int] = {}
    row_of = np.fromiter((position.setdefault(key, len(position)) for key in keys), dtype=np.int64, count=len(keys))
    found = list(position)
    del position
    order = sorted(range(len(found)), key=lambda at: (_fingerprint(found[at]), found[at]))
    rank = np.empty(len(found), dtype=np.int64)
    rank[order] = np.arange(len(found))
    return [found[at] for at in order], rank[row_of]


def vectorise(
    keys: Sequence[str],
    copies: np.ndarray,
    settings: Settings,
    needs: frozenset[str] = frozenset(),
    persons: frozenset[str] = frozenset(),
) -> Space:
    """Return the ``Space`` of the word lists ``keys`` (words joined by ``SEPARATOR``), each ``copies[i]`` wishes.

    ``needs`` are the thesaurus's words and ``persons`` the words for who is helped, weighed by ``settings``.
    """
    words_index: dict[str, int] = {}
    pairs_index: dict[str, int] = {}
    with_pairs = bool(settings.pair_weight)
    columns = array("q")  # a word's column, or -1 - the number of a pair (pairs go after the words, once counted)
    lengths = np.zeros(len(keys), dtype=np.int64)
    for row, key in enumerate(keys):
        words = key.split(SEPARATOR) if key else []
        columns.extend([words_index.setdefault(word, len(words_index)) for word in words])
        found = sorted(word for word in words if word in needs) if with_pairs else []
        pairs = [f"{a}{PAIR}{b}" for i, a in enumerate(found) for b in found[i + 1 :]]
        columns.extend([-1 - pairs_index.setdefault(pair, len(pairs_index)) for pair in pairs])
        lengths[row] = len(words) + len(pairs)
    vocabulary = list(words_index)
    column = np.frombuffer(columns, dtype=np.int64).copy()
    del columns
    column[column < 0] = len(vocabulary) - 1 - column[column < 0]
    pointers = np.zeros(len(keys) + 1, dtype=np.int64)
    np.cumsum(lengths, out=pointers[1:])
    width = len(vocabulary) + len(pairs_index)
    features = csr_matrix((np.ones(column.size), column, pointers), shape=(len(keys), width))
    present = features[:, : len(vocabulary)]

    factors = np.ones(width)
    for chosen, factor in ((needs, settings.need_weight), (persons, settings.person_weight)):
        factors[[words_index[word] for word in chosen if word in words_index]] = factor
    factors[len(vocabulary) :] = settings.pair_weight
    total = int(copies.sum())
    frequency = features.T @ copies.astype(np.float64)
    kept = (frequency >= MIN_COPIES) & (frequency <= max(MAX_SHARE * total, MIN_COPIES))
    weights = np.where(kept, np.log((1.0 + total) / (1.0 + frequency)) + 1.0, 0.0) * factors
    features.data *= weights[features.indices]  # in place: a million rows make big matrices
    features.eliminate_zeros()
    squares = csr_matrix((features.data**2, features.indices, features.indptr), shape=features.shape)
    norms = np.sqrt(np.asarray(squares.sum(axis=1)).ravel())
    del squares
    scale = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
    features.data *= np.repeat(scale, np.diff(features.indptr))
    return Space(vocabulary, present, features, weights[: len(vocabulary)])


def _fingerprint(key: str) -> bytes:
    return blake2b(key.encode(), digest_size=8).digest()
