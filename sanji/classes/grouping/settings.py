"""How the grouping weighs words and how alike wishes must be to share a class."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    """Knobs of ``group``; the defaults were chosen on the "tune" split of ``tests/data/wish_classes``.

    - ``threshold``: the average cosine similarity a class's wishes keep among themselves (and a wish placed in a
      class keeps with its members).
    - ``sample_size``, ``rounds``: wishes clustered by linkage per round, and rounds before the rest stay alone.
    - ``need_weight``: factor on the weight of the thesaurus's words (``synonyms.txt``: 轮椅, 维修, 低保), which say
      what is needed, against other words (names, places, details).
    - ``person_weight``: factor on words that name who is helped (``persons.txt``: 老人, 孩子).
    - ``pair_weight``: factor on pair features, one for each two thesaurus words in one wish (轮椅+维修 apart from
      轮椅+购买), which tell look-alike needs apart; 0 turns them off.
    """

    threshold: float = 0.3
    sample_size: int = 4_000
    rounds: int = 6
    need_weight: float = 1.5
    person_weight: float = 0.5
    pair_weight: float = 1.0
