"""The hand-labelled set: its shape, and floors the moderator must not fall below (``bench/moderate.py`` prints the
full figures)."""

from collections import Counter

import pytest

from sanji.moderation.verdict import OK, REVIEW, SPAM, moderate

from .helpers import labelled


@pytest.fixture(scope="module")
def judged():
    return [(row, moderate(row["text"]).verdict) for row in labelled()]


def test_the_set_is_large_and_varied_enough():
    rows = labelled()
    labels = Counter(row["label"] for row in rows)
    assert len(rows) >= 200 and labels[OK] >= 100 and labels[SPAM] >= 70 and labels[REVIEW] >= 10
    assert {row["split"] for row in rows} == {"tune", "holdout"}
    assert set(labels) == {OK, REVIEW, SPAM}
    assert len({row["text"] for row in rows}) == len(rows)


def test_every_spam_example_is_kept_off_the_public_page(judged):
    assert [row["text"] for row, verdict in judged if row["label"] == SPAM and verdict == OK] == []


def test_no_ordinary_example_is_blocked(judged):
    assert [row["text"] for row, verdict in judged if row["label"] == OK and verdict == SPAM] == []


@pytest.mark.parametrize("split", ["tune", "holdout"])
def test_spam_recall_and_precision_floors(judged, split):
    rows = [(row["label"], verdict) for row, verdict in judged if row["split"] == split]
    blocked_spam = sum(1 for label, verdict in rows if label == SPAM and verdict == SPAM)
    assert blocked_spam / sum(1 for label, _v in rows if label == SPAM) >= 0.95
    assert blocked_spam / sum(1 for _l, verdict in rows if verdict == SPAM) >= 0.95


def test_few_ordinary_examples_are_held_and_most_review_examples_are(judged):
    ordinary = [verdict for row, verdict in judged if row["label"] == OK]
    assert ordinary.count(REVIEW) <= 0.02 * len(ordinary)
    review = [verdict for row, verdict in judged if row["label"] == REVIEW]
    assert sum(1 for verdict in review if verdict != OK) >= 0.9 * len(review)
