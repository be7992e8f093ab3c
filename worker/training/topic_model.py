"""Training a topic model directory (model.npz + card.json) from labelled sources, and measuring
a model on labelled sources. Each source keeps a fixed, content-derived hold-out that never
trains the model; the card reports the metrics on it."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from worker.steps.classify.topics import (
    CARD_FILE,
    MODEL_FILE,
    LinearTopics,
    ModelCard,
    TopicClassifier,
    TopicConfig,
    card_json,
)
from worker.training.example import Example
from worker.training.linear_training import LinearParams, train_linear
from worker.training.metrics import ClassificationReport, report
from worker.training.topic_sources import LabelledText, iptc_names, read_source

TOPIC_PARAMS = LinearParams()
TRAINING_MAX_CHARS = TopicConfig().max_chars


def _example(item: LabelledText) -> Example:
    from worker.steps.classify.model_text import model_text

    return Example(model_text(item.text, TRAINING_MAX_CHARS), item.labels)


def label_names(sources: list[str], labels: set[str]) -> dict[str, str]:
    names = {label: label for label in sorted(labels)}
    for spec in sources:
        if spec.startswith("iptc:"):
            names.update({k: v for k, v in iptc_names(Path(spec[5:])).items() if k in labels})
    return names


def train_topic_model(
    sources: list[str],
    out_dir: Path,
    holdout: float = 0.2,
    params: LinearParams = TOPIC_PARAMS,
    evaluate_with: TopicConfig | None = None,
    refit_on_all: bool = False,
) -> ModelCard:
    """Train on every source's non-held-out part and measure each source's hold-out; write the
    model and the card (data manifest, held-out metrics). With `refit_on_all`, the model file
    is then trained again, the same way, on everything: the card's metrics are those of the
    held-out fit, the estimate for the refit model."""
    by_source = {spec: read_source(spec) for spec in sources}
    training = [
        _example(item)
        for items in by_source.values()
        for item in items
        if not item.held_out(holdout)
    ]
    out_dir.mkdir(parents=True, exist_ok=True)
    train_linear(training, params, out_dir / MODEL_FILE)
    labels = {label for items in by_source.values() for item in items for label in item.labels}
    card = ModelCard(
        labels=label_names(sources, labels),
        parameters={**params.model_dump(), "holdout": holdout, "max_chars": TRAINING_MAX_CHARS},
    )
    (out_dir / CARD_FILE).write_text(card_json(card), encoding="utf-8")
    config = (evaluate_with or TopicConfig()).model_copy(update={"model_dir": out_dir})
    classifier = LinearTopics(config)
    manifest: list[dict[str, object]] = []
    metrics: dict[str, object] = {}
    for spec, items in by_source.items():
        held = [item for item in items if item.held_out(holdout)]
        manifest.append(
            {
                "source": spec,
                "trained_on": len(items) - len(held),
                "held_out": len(held),
                "labels": dict(sorted(Counter(item.labels[0] for item in items).items())),
            }
        )
        if held:
            metrics[spec] = evaluate_topics(classifier, held).model_dump()
    if refit_on_all:
        everything = [_example(item) for items in by_source.values() for item in items]
        train_linear(everything, params, out_dir / MODEL_FILE)
    card = card.model_copy(
        update={
            "data": manifest,
            "metrics": {"held_out": metrics},
            "parameters": {**card.parameters, "refit_on_all": refit_on_all},
        }
    )
    (out_dir / CARD_FILE).write_text(card_json(card), encoding="utf-8")
    return card


def evaluate_topics(classifier: TopicClassifier, items: list[LabelledText]) -> ClassificationReport:
    predicted = []
    for item in items:
        topics = classifier.topics(item.text)
        predicted.append(topics[0].code if topics else None)
    return report([item.labels for item in items], predicted)
