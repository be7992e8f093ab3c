"""What MasakhaNEWS's own data allows: six-topic models trained on MasakhaNEWS alone (no other
source, no other topic, no second reading) with several classical learners, measured against
MasakhaNEWS's labels (mapped to IPTC codes) by the same 5 folds as `bench/topic_folds.py`; then
how the shipped learner's accuracy grows with the share of the training folds it sees.

    python bench/masakhanews_ceiling.py [--folds 5] MASAKHANEWS_TSV…

Texts are read as the shipped model reads them (`topic_words`). These are upper bounds for the
issue's MasakhaNEWS targets that do not depend on the other 11 topics or on the IPTC reading:
a 17-topic model can also file an article under a topic MasakhaNEWS does not have."""

from __future__ import annotations

import argparse
import os
import platform
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from worker.settings import Settings  # noqa: E402
from worker.steps.classify.topics import topic_words  # noqa: E402
from worker.training.topic_folds import fold_of  # noqa: E402
from worker.training.topic_sources import read_source  # noqa: E402

Learner = Callable[[], Any]
SHARES = (0.25, 0.5, 0.75, 1.0)


def learners() -> dict[str, tuple[Learner, Learner]]:
    """name: (vectoriser, classifier) factories."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.naive_bayes import ComplementNB
    from sklearn.svm import LinearSVC

    def words(**options: Any) -> Learner:
        return lambda: TfidfVectorizer(
            tokenizer=str.split,
            token_pattern=None,
            lowercase=False,
            sublinear_tf=True,
            min_df=2,
            **options,
        )

    def logistic(c: float) -> Learner:
        return lambda: LogisticRegression(
            C=c, class_weight="balanced", max_iter=3_000, random_state=0
        )

    return {
        "logistic regression, C 100 (the shipped learner), words": (words(), logistic(100)),
        "logistic regression, C 10, words": (words(), logistic(10)),
        "logistic regression, C 1000, words": (words(), logistic(1000)),
        "logistic regression, C 100, words and word pairs": (
            words(ngram_range=(1, 2)),
            logistic(100),
        ),
        "logistic regression, C 100, characters 2 to 5 within words": (
            lambda: TfidfVectorizer(
                sublinear_tf=True, min_df=2, analyzer="char_wb", ngram_range=(2, 5)
            ),
            logistic(100),
        ),
        "linear SVM, C 1, words": (
            words(),
            lambda: LinearSVC(C=1.0, class_weight="balanced", random_state=0),
        ),
        "complement naive Bayes, alpha 0.3, words": (words(), lambda: ComplementNB(alpha=0.3)),
        "complement naive Bayes, alpha 0.1, words": (words(), lambda: ComplementNB(alpha=0.1)),
    }


def fold_accuracy(
    texts: list[str],
    labels: np.ndarray[Any, Any],
    folds: np.ndarray[Any, Any],
    learner: tuple[Learner, Learner],
    share: float = 1.0,
) -> float:
    """Accuracy over every text, each predicted by the model of the other folds; `share` of
    those folds' texts (a fixed random subset) trains it."""
    make_vectoriser, make_classifier = learner
    rng = np.random.default_rng(0)
    right = 0
    for fold in np.unique(folds):
        train = np.flatnonzero(folds != fold)
        if share < 1.0:
            train = np.sort(rng.choice(train, round(len(train) * share), replace=False))
        test = np.flatnonzero(folds == fold)
        vectoriser = make_vectoriser()
        features = vectoriser.fit_transform([texts[i] for i in train])
        classifier = make_classifier().fit(features, labels[train])
        predicted = classifier.predict(vectoriser.transform([texts[i] for i in test]))
        right += int((predicted == labels[test]).sum())
    return right / len(texts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("tsv", nargs="+", type=Path, help="MasakhaNEWS dev.tsv files")
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    config = Settings().topics
    sets = {}
    for path in args.tsv:
        items = read_source(f"masakhanews:{path}")
        sets[path.parent.name] = (
            [" ".join(topic_words(item.text, config)) for item in items],
            np.array([item.labels[0] for item in items]),
            np.array([fold_of(item, args.folds) for item in items]),
        )
    print(
        f"# MasakhaNEWS alone, {args.folds}-fold ({platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()})\n"
    )
    names = list(sets)
    print("| learner (MasakhaNEWS's labels only) | " + " | ".join(names) + " |")
    print("|---|" + "---:|" * len(names))
    choices = learners()
    for name, learner in choices.items():
        scores = [fold_accuracy(*sets[set_name], learner) for set_name in names]
        print(f"| {name} | " + " | ".join(f"{score:.4f}" for score in scores) + " |", flush=True)
    shipped = next(iter(choices.values()))
    print("\n| share of the training folds (the shipped learner) | " + " | ".join(names) + " |")
    print("|---|" + "---:|" * len(names))
    for share in SHARES:
        scores = [fold_accuracy(*sets[set_name], shipped, share) for set_name in names]
        print(f"| {share:.0%} | " + " | ".join(f"{score:.4f}" for score in scores) + " |")


if __name__ == "__main__":
    main()
