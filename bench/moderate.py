"""Benchmark the moderator (``sanji.moderation.verdict.moderate``): quality on the labelled set, and speed; by hand.

    .venv/bin/python bench/moderate.py [--errors] [--seconds 2]

Quality: ``tests/data/moderation/labelled.jsonl`` (282 hand-written texts: ordinary wishes, helpers' notes and
cadres' reports, some in Traditional characters or English; adverts in many disguises; insults), each labelled
``ok``, ``review`` or ``spam`` and put in the split ``tune`` or ``holdout``. The word lists and points were chosen
looking at ``tune``; ``holdout`` was written at the same time, before the moderator, and is the honest figure
(though the same hand wrote both). For each split and for all: the confusion matrix (rows: label, columns:
verdict), precision and recall of ``spam`` (blocked) and of "not ok" (``review`` or ``spam``: not published at once),
and the number of ordinary texts that were blocked. ``--errors`` lists every text whose verdict differs from its
label.

Speed: ``moderate`` over the labelled texts again and again for ``--seconds``: texts per second and the mean time
per text; then the mean time for one typical wish, and for a long report (2,000 characters: the ordinary labelled
texts one after another), and for a few hostile shapes of 100,000 characters (one run of digits...), which must
take time in proportion to their length. Times are the process's CPU time (``time.process_time``), so that other
work on the machine does not inflate them; one process, one core; the word lists are loaded before timing starts.
"""

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sanji.moderation.verdict import OK, REVIEW, SPAM, moderate  # noqa: E402

LABELLED = ROOT / "tests" / "data" / "moderation" / "labelled.jsonl"
VERDICTS = (OK, REVIEW, SPAM)
TYPICAL_WISH = "家里水龙头漏水，想请人帮忙换一个，电话13806421234（儿子）"
# Shapes that make a careless pattern backtrack for every position: each must take time in proportion to its length.
HOSTILE = (
    ("one run of digits", "1" * 100_000),
    ("one run of address characters", "a." * 50_000),
    ("a trigger again and again", "微信" * 50_000),
    ("an advert word again and again", "澳门新葡京" * 20_000),
)
# A long report made of the ordinary labelled texts, one after another, cut at 2,000 characters (built in main).
LONG_LENGTH = 2000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", action="store_true", help="list every text whose verdict differs from its label")
    parser.add_argument("--seconds", type=float, default=2.0, help="how long to time the throughput run")
    options = parser.parse_args()
    rows = [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines() if line.strip()]
    verdicts = [moderate(row["text"]) for row in rows]
    for split in ("tune", "holdout", "all"):
        chosen = [(row, verdict) for row, verdict in zip(rows, verdicts, strict=True)
                  if split == "all" or row["split"] == split]
        report_quality(split, [row["label"] for row, _v in chosen], [verdict.verdict for _r, verdict in chosen])
    if options.errors:
        print("\nTexts whose verdict differs from the label:")
        for row, verdict in zip(rows, verdicts, strict=True):
            if verdict.verdict != row["label"]:
                print(f"  [{row['split']}] {row['label']} -> {verdict.verdict} {list(verdict.reasons)}: {row['text']}")
    ordinary = "。".join(row["text"] for row in rows if row["label"] == OK)[:LONG_LENGTH]
    print(f"\nthe long report of ordinary texts: {moderate(ordinary).verdict}")
    report_speed([row["text"] for row in rows], ordinary, options.seconds)


def report_quality(split: str, labels: list[str], found: list[str]) -> None:
    print(f"\n== {split}: {len(labels)} texts ==")
    print("label \\ verdict " + "".join(f"{verdict:>8}" for verdict in VERDICTS))
    for label in VERDICTS:
        counts = [sum(1 for lab, fnd in zip(labels, found, strict=True) if (lab, fnd) == (label, verdict))
                  for verdict in VERDICTS]
        print(f"{label:<15} " + "".join(f"{count:>8}" for count in counts))
    for name, positive in (("spam (blocked)", {SPAM}), ("not ok (review or spam)", {REVIEW, SPAM})):
        precision, recall = precision_recall(labels, found, positive)
        print(f"{name:<24} precision {precision:.3f}  recall {recall:.3f}")
    blocked = sum(1 for label, verdict in zip(labels, found, strict=True) if label == OK and verdict == SPAM)
    held = sum(1 for label, verdict in zip(labels, found, strict=True) if label == OK and verdict == REVIEW)
    print(f"ordinary texts blocked: {blocked}, held for review: {held} (of {labels.count(OK)})")


def precision_recall(labels: list[str], found: list[str], positive: set[str]) -> tuple[float, float]:
    """Return the precision and recall of ``found`` against ``labels``, ``positive`` being the verdicts that count."""
    true_positive = sum(1 for label, verdict in zip(labels, found, strict=True)
                        if label in positive and verdict in positive)
    predicted = sum(1 for verdict in found if verdict in positive)
    actual = sum(1 for label in labels if label in positive)
    return (true_positive / predicted if predicted else 1.0), (true_positive / actual if actual else 1.0)


def report_speed(texts: list[str], long_report: str, seconds: float) -> None:
    print("\n== speed ==")
    done, started = 0, time.process_time()
    while time.process_time() - started < seconds:
        for text in texts:
            moderate(text)
        done += len(texts)
    elapsed = time.process_time() - started
    print(f"labelled texts: {done / elapsed:,.0f} texts/s, {elapsed / done * 1e6:.0f} µs each "
          f"(mean length {sum(map(len, texts)) / len(texts):.0f} characters)")
    for name, text, repeats in (("typical wish", TYPICAL_WISH, 5000), ("long report", long_report, 200)):
        started = time.process_time()
        for _ in range(repeats):
            moderate(text)
        print(f"{name} ({len(text)} characters): {(time.process_time() - started) / repeats * 1e6:.0f} µs")
    for name, text in HOSTILE:
        started = time.process_time()
        moderate(text)
        print(f"hostile: {name} ({len(text):,} characters): {(time.process_time() - started) * 1e3:.0f} ms")


if __name__ == "__main__":
    main()
