"""Key words and stable keys for classes."""

from collections import defaultdict
from hashlib import blake2b

import numpy as np
from scipy.sparse import csr_matrix

from sanji.classes.grouping.vectors import Space

LABEL_WORDS = 3
SHARED_BY = 0.5  # a key word is in at least half the class's wishes, when any word is


def name_classes(space: Space, copies: np.ndarray, classes: np.ndarray) -> list[tuple[str, str]]:
    """Return ``(key, label)`` for each class number in ``classes``, numbers being 0..max.

    The label is up to three words most of the class's wishes share, weightiest first (in a class, a word weighs its
    wishes times its weight, so a rare thesaurus word comes before a common one). The key is made from those words;
    classes with the same words are told apart by size (then by their first row), the largest keeping the plain key.
    """
    count = int(classes.max()) + 1
    membership = csr_matrix(
        (copies.astype(np.float64), (classes, np.arange(classes.size))), shape=(count, classes.size)
    )
    sizes = np.asarray(membership.sum(axis=1)).ravel()
    word_counts = csr_matrix(membership @ space.present)
    first_row = np.full(count, classes.size)
    np.minimum.at(first_row, classes, np.arange(classes.size))
    labels = [_label_words(word_counts, number, sizes[number], space) for number in range(count)]
    by_words: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for number, chosen in enumerate(labels):
        by_words[tuple(sorted(chosen))].append(number)
    names: list[tuple[str, str]] = [("", "")] * count
    for chosen, numbers in by_words.items():
        numbers.sort(key=lambda number: (-sizes[number], first_row[number]))
        key = "c" + blake2b("\x1f".join(chosen).encode(), digest_size=5).hexdigest()
        for rank, number in enumerate(numbers, start=1):
            names[number] = (key if rank == 1 else f"{key}-{rank}", " ".join(labels[number]))
    return names


def _label_words(word_counts: csr_matrix, number: int, size: float, space: Space) -> list[str]:
    start, end = word_counts.indptr[number], word_counts.indptr[number + 1]
    columns, counts = word_counts.indices[start:end], word_counts.data[start:end]
    weights = space.weights[columns]
    usable = weights > 0
    shared = usable & (counts >= SHARED_BY * size)
    pick = shared if shared.any() else usable
    scored = zip((space.vocabulary[column] for column in columns[pick]), counts[pick] * weights[pick], strict=True)
    ranked = sorted(scored, key=lambda item: (-item[1], item[0]))
    return [word for word, _ in ranked[:LABEL_WORDS]]
