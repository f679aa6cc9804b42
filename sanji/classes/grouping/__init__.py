"""Group wishes into classes by what they ask for: ``group(texts)`` gives each text a class key and key words.

The steps, each in its own module:

- ``features``: normalise the text, cut it into words, fold synonyms (a domain thesaurus of the twelve duty types),
  drop words that say nothing; equal texts are cut once, many texts in ``workers`` processes;
- ``vectors``: weigh the words by how rare they are (TF-IDF) and by kind (thesaurus words more, words naming who
  is helped less), add a feature for each two thesaurus words in a wish, one unit vector per distinct word list;
- ``cluster``: average-linkage classes on a sample, the rest placed by similarity, in rounds (linear in the input);
- ``labels``: name each class by the words most of its wishes share, and key it by those words.

``Settings`` holds the weights and the threshold. Texts with the same words share a class, and each text gets the
same class whatever the order of the input. A class key is made from the class's key words, so regrouping a larger
set of wishes tends to give a class the key it had before. No ORM here: the ``sanji classes`` command, the services
and ``bench/classes.py`` (quality on the labelled set, speed at a million wishes) all call ``group``.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from sanji.classes.grouping.features import keys_of_all, need_words, person_words, words
from sanji.classes.grouping.settings import Settings

__all__ = ["Assignment", "Settings", "group", "words"]


@dataclass(frozen=True)
class Assignment:
    """One text's class: a stable ``key`` and the class's key words as ``label``."""

    key: str
    label: str


DEFAULT_SETTINGS = Settings()


def group(texts: Sequence[str], *, settings: Settings = DEFAULT_SETTINGS, workers: int = 1) -> list[Assignment]:
    """Return the class of each text, in the order of ``texts``."""
    # Imported here: the duplicate check of every wish page needs ``words`` only, not scipy's second of start-up.
    import numpy as np

    from sanji.classes.grouping.cluster import cluster
    from sanji.classes.grouping.labels import name_classes
    from sanji.classes.grouping.vectors import distinct, vectorise

    if not texts:
        return []
    keys, row_of_text = distinct(keys_of_all(texts, workers=workers))
    copies = np.bincount(row_of_text, minlength=len(keys))
    space = vectorise(keys, copies, settings, need_words(), person_words())
    del keys
    classes = cluster(space.vectors, copies, settings)
    by_class = [Assignment(key, label) for key, label in name_classes(space, copies, classes)]
    class_of_text = classes[row_of_text]
    return [by_class[number] for number in class_of_text.tolist()]
