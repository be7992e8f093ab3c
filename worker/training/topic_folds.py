"""A k-fold estimate of a topic model on one kind of its sources (the real news among them):
every item of that kind is predicted by a model trained on everything else — the other sources
whole, the other folds of its own kind. Five folds measure every article once, where a 20 %
hold-out measures a fifth of them."""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Mapping, Set
from dataclasses import dataclass
from pathlib import Path

from worker.steps.classify.topics import (
    CARD_FILE,
    MODEL_FILE,
    LinearTopics,
    ModelCard,
    TopicConfig,
    card_json,
    reading_parameters,
)
from worker.training.linear_training import LinearParams, train_linear
from worker.training.second_reading import SecondReading
from worker.training.topic_model import (
    TOPIC_PARAMS,
    check_second_reading,
    check_weights,
    primary,
    source_labels,
    training_examples,
)
from worker.training.topic_sources import LabelledText, read_source, source_kind


@dataclass(frozen=True)
class FoldPrediction:
    """An item as the fold's model that did not train on it reads it: its primary topic (None
    when the model abstains) and the model's ranking of every label before any threshold (empty
    when the text has too few words, or too few the model knows, to be scored)."""

    item: LabelledText
    primary: str | None
    ranked: tuple[str, ...]

    def best_among(self, labels: Set[str]) -> str | None:
        """The first of `labels` in the model's whole ranking, even where the model abstains or
        ranks it below what the worker outputs (at most `max_topics`, from `also_score`): an
        upper bound for a reader who maps the topics onto only those labels."""
        return next((label for label in self.ranked if label in labels), None)


Predictions = dict[str, list[FoldPrediction]]


def fold_of(item: LabelledText, folds: int) -> int:
    """A fixed, content-derived fold (translations of one sentence share theirs)."""
    digest = hashlib.sha256(f"fold:{item.group or item.text}".encode()).digest()
    return int.from_bytes(digest[:4], "big") % folds


def cross_validate(
    sources: list[str],
    kind: str,
    folds: int = 5,
    weights: Mapping[str, float] | None = None,
    params: LinearParams = TOPIC_PARAMS,
    config: TopicConfig | None = None,
    second: SecondReading | None = None,
) -> Predictions:
    """For each source of `kind`: every item as predicted by the fold's model that did not
    train on it. `second` trains beside the sources' labels (an item and its second reading are
    on the same side)."""
    if folds < 2:
        raise ValueError(f"need at least 2 folds, not {folds}")
    weights = dict(weights or {})
    check_weights(weights)
    by_source = {spec: read_source(spec) for spec in sources}
    check_second_reading(second, by_source)
    measured = [spec for spec in sources if source_kind(spec) == kind]
    if not measured:
        raise ValueError(f"no source of kind {kind!r} among {sources}")
    config = config or TopicConfig()
    predicted: Predictions = {spec: [] for spec in measured}
    labels = source_labels(by_source)
    with tempfile.TemporaryDirectory(prefix="topic-folds-") as tmp:
        for fold in range(folds):
            model_dir = Path(tmp) / str(fold)

            def trains(spec: str, item: LabelledText, fold: int = fold) -> bool:
                return spec not in predicted or fold_of(item, folds) != fold

            training = training_examples(by_source, weights, config, trains, second)
            train_linear(training, params, model_dir / MODEL_FILE)
            card = ModelCard(
                labels={label: label for label in sorted(labels)},
                parameters=reading_parameters(config),
            )
            (model_dir / CARD_FILE).write_text(card_json(card), encoding="utf-8")
            classifier = LinearTopics(config.model_copy(update={"model_dir": model_dir}))
            for spec in measured:
                for item in by_source[spec]:
                    if fold_of(item, folds) == fold:
                        ranked = classifier.ranked(item.text, len(labels))
                        predicted[spec].append(
                            FoldPrediction(
                                item,
                                primary(classifier.chosen(ranked)),
                                tuple(r.label for r in ranked),
                            )
                        )
    return predicted
