"""Topic accuracy on the real news among the training sources, by k-fold cross-validation: every
article of the chosen kind (MasakhaNEWS by default) is predicted once, by a model trained on
everything but its fold — all 683 MasakhaNEWS articles measured instead of the 136 of a 20 %
hold-out.

    python bench/topic_folds.py [--kind masakhanews] [--folds 5] [--weight KIND=F …]
        [--reading FILE [--reading-weight F]] [--max-chars N] [--lead-words N]
        [--second-reading FILE] SOURCE…

"Choosing among its labels" scores, for each article, the first of the labels its source uses
(MasakhaNEWS English has six) in the model's whole ranking: an upper bound for a reader who maps
the 17 topics onto those desks (the worker outputs at most three topics).

SOURCE… as for `article-ingest train-topics` (`make bench` passes the shipped model's sources and
weights). The predictions are also compared with a second reading of the same articles
(`data/topics/masakhanews_second_reading.jsonl` by default: every MasakhaNEWS dev article labelled
again, blind, against data/topics/GUIDELINES.md)."""

from __future__ import annotations

import argparse
import os
import platform
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from worker.settings import Settings  # noqa: E402
from worker.training.metrics import report  # noqa: E402
from worker.training.second_reading import SecondReading, agreement, read_second_reading  # noqa: E402
from worker.training.topic_folds import Predictions, cross_validate  # noqa: E402
from worker.training.topic_model import parse_weights  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("sources", nargs="+")
    parser.add_argument("--kind", default="masakhanews")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--weight", action="append", default=[], metavar="KIND=FACTOR")
    parser.add_argument(
        "--reading", type=Path, help="a second reading that trains too (as for train-topics)"
    )
    parser.add_argument("--reading-weight", type=float, default=1.0)
    configured = Settings().topics  # as `train-topics` reads texts
    parser.add_argument("--max-chars", type=int, default=configured.max_chars)
    parser.add_argument("--lead-words", type=int, default=configured.lead_words)
    parser.add_argument(
        "--second-reading",
        type=Path,
        default=ROOT / "data/topics/masakhanews_second_reading.jsonl",
        help="labels of the same articles by URL ('ref'); a missing file skips the comparison",
    )
    args = parser.parse_args()
    config = configured.model_copy(
        update={"max_chars": args.max_chars, "lead_words": args.lead_words}
    )
    weights = parse_weights(args.weight)
    second = SecondReading.load(args.reading, args.reading_weight) if args.reading else None
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(
        f"{args.folds}-fold cross-validation over the {args.kind} sources; weights {weights}; "
        f"reading {config.max_chars} characters, the first {config.lead_words} words twice"
    )
    if second:
        print(f"trained beside the second reading {second.path.name}, weight {second.weight}")
    predicted = cross_validate(
        args.sources, args.kind, args.folds, weights, config=config, second=second
    )
    print(
        "| source | articles | accuracy | macro-F1 | misses outside its labels "
        "| accuracy choosing among its labels |"
    )
    print("|---|---|---|---|---|---|")
    commonest = []
    for spec, predictions in predicted.items():
        gold = [p.item.labels for p in predictions]
        m = report(gold, [p.primary for p in predictions])
        own = {label for labels in gold for label in labels}
        misses = Counter(
            (p.item.labels[0], p.primary or "none")
            for p in predictions
            if p.primary != p.item.labels[0]
        )
        outside = sum(n for (_, guess), n in misses.items() if guess not in own)
        among = report(gold, [p.best_among(own) for p in predictions])
        print(
            f"| {source_name(spec)} | {m.count} | {m.accuracy:.4f} | {m.macro_f1:.4f} "
            f"| {outside} of {misses.total()} | {among.accuracy:.4f} |"
        )
        common = ", ".join(f"{g[7:9]}→{p[7:9] or p} {n}" for (g, p), n in misses.most_common(8))
        commonest.append(f"most common misses ({Path(spec).parent.name}, gold→predicted): {common}")
    print("\n".join(commonest))
    if args.second_reading.is_file():
        second_reading(predicted, args.second_reading)


def source_name(spec: str) -> str:
    """`masakhanews:…/eng/dev.tsv` → `eng/dev.tsv`."""
    path = Path(spec.partition(":")[2] or spec)
    return f"{path.parent.name}/{path.name}"


def second_reading(predicted: Predictions, path: Path) -> None:
    second = read_second_reading(path)
    print(f"\nAgainst a second reading of the same articles ({path.name}):")
    print(
        "| source | articles | model = source | model = second | model among second's labels "
        "| source = second | source among second's "
        "| misses (vs source) the second reading files as the model "
        "| model = source or among second's |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for spec, predictions in predicted.items():
        a = agreement([(p.item, p.primary) for p in predictions], second)
        print(
            f"| {source_name(spec)} | {a.items} "
            f"| {a.share(a.model_is_source):.4f} "
            f"| {a.share(a.model_is_second):.4f} "
            f"| {a.share(a.model_in_second):.4f} "
            f"| {a.share(a.source_is_second):.4f} "
            f"| {a.share(a.source_in_second):.4f} "
            f"| {a.misses_second_agrees} of {a.misses} "
            f"| {a.share(a.model_is_source + a.misses_second_agrees):.4f} |"
        )


if __name__ == "__main__":
    main()
