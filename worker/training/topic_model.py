"""Training a topic model directory (model.npz + card.json) from labelled sources, and measuring
a model on labelled sources. Each source keeps a fixed, content-derived hold-out that never
trains the model; the card reports the metrics on it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from pathlib import Path

from schemas import Topic
from worker.steps.classify.linear_model import LinearTextModel
from worker.steps.classify.topics import (
    CARD_FILE,
    MODEL_FILE,
    LinearTopics,
    ModelCard,
    TopicClassifier,
    TopicConfig,
    card_json,
    reading_parameters,
    topic_words,
)
from worker.training.example import Example
from worker.training.linear_training import LinearParams, train_linear
from worker.training.metrics import ClassificationReport, report
from worker.training.second_reading import SecondReading
from worker.training.topic_sources import (
    READERS,
    LabelledText,
    iptc_names,
    read_source,
    source_kind,
)

TOPIC_PARAMS = LinearParams()


def training_examples(
    by_source: Mapping[str, list[LabelledText]],
    weights: Mapping[str, float],
    config: TopicConfig,
    keep: Callable[[str, LabelledText], bool] = lambda spec, item: True,
    second: SecondReading | None = None,
) -> list[Example]:
    """The training examples of the kept items, read as `config` reads them (`topic_words`),
    weighted by their source's kind; a kept item that `second` reads again is a second example
    with the second reading's labels."""
    examples = []
    for spec, items in by_source.items():
        weight = weights.get(source_kind(spec), 1.0)
        for item in items:
            if not keep(spec, item):
                continue
            text = " ".join(topic_words(item.text, config))
            examples.append(Example(text, item.labels, weight))
            if second is not None and item.ref in second.labels:
                examples.append(Example(text, second.labels[item.ref], second.weight))
    return examples


def parse_weights(options: list[str]) -> dict[str, float]:
    """`["masakhanews=3", …]` → `{"masakhanews": 3.0}`; a bad or repeated one is a ValueError."""
    weights: dict[str, float] = {}
    for option in options:
        kind, equals, factor = option.partition("=")
        if not equals:
            raise ValueError(f"--weight {option!r}: expected KIND=FACTOR, e.g. masakhanews=3")
        if kind in weights:
            raise ValueError(f"--weight {option!r}: {kind} has a weight already")
        try:
            weights[kind] = float(factor)
        except ValueError:
            raise ValueError(f"--weight {option!r}: {factor!r} is not a number") from None
    check_weights(weights)
    return weights


def check_weights(weights: Mapping[str, float]) -> None:
    """Each weight names a source kind and lies in (0, 100]."""
    for kind, weight in weights.items():
        if kind not in READERS:
            raise ValueError(f"weight for unknown source kind {kind!r}; one of {sorted(READERS)}")
        check_weight(f"weight for {kind}", weight)


def check_weight(what: str, weight: float) -> None:
    if not 0 < weight <= 100:
        raise ValueError(f"{what} must be above 0 and at most 100, not {weight}")


def check_second_reading(
    second: SecondReading | None, by_source: Mapping[str, list[LabelledText]]
) -> None:
    """A second reading must read some item of the sources (else it names other articles),
    with labels the sources have (a typo would make a label of its own), at a weight in
    (0, 100]."""
    if second is None:
        return
    check_weight("a second reading's weight", second.weight)
    if not any(count_read(second, items) for items in by_source.values()):
        raise ValueError(
            f"none of the {len(second.labels)} items of {second.path} is in the sources"
        )
    unknown = {label for labels in second.labels.values() for label in labels}
    unknown -= source_labels(by_source)
    if unknown:
        raise ValueError(f"{second.path} has labels no source has: {sorted(unknown)}")


def source_labels(by_source: Mapping[str, list[LabelledText]]) -> set[str]:
    return {label for items in by_source.values() for item in items for label in item.labels}


def count_read(second: SecondReading, items: list[LabelledText]) -> int:
    return sum(1 for item in items if item.ref in second.labels)


def second_reading_parameters(second: SecondReading | None) -> dict[str, object]:
    if second is None:
        return {}
    return {"second_reading": {"file": second.path.name, "weight": second.weight}}


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
    config: TopicConfig | None = None,
    refit_on_all: bool = False,
    weights: Mapping[str, float] | None = None,
    second: SecondReading | None = None,
) -> ModelCard:
    """Train on every source's non-held-out part and measure each source's hold-out; write the
    model and the card (data manifest, held-out metrics). `weights` scale the examples of a
    source kind (`masakhanews`, `jsonl`, …; 1 by default). With `refit_on_all`, the model file
    is then trained again, the same way, on everything: the card's metrics are those of the
    held-out fit, the estimate for the refit model. `config` says how texts are read (prefix,
    lead) at training and when measuring: the worker must read them the same way. `second`
    labels some items a second time (see `training_examples`); an item and its second reading
    are always on the same side of the hold-out."""
    weights = dict(weights or {})
    check_weights(weights)
    config = config or TopicConfig()
    by_source = {spec: read_source(spec) for spec in sources}
    check_second_reading(second, by_source)
    training = training_examples(
        by_source, weights, config, lambda spec, item: not item.held_out(holdout), second
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    train_linear(training, params, out_dir / MODEL_FILE)
    labels = source_labels(by_source)
    card = ModelCard(
        labels=label_names(sources, labels),
        parameters={
            **params.model_dump(),
            "holdout": holdout,
            **reading_parameters(config),
            "weights": dict(sorted(weights.items())),
            **second_reading_parameters(second),
        },
    )
    (out_dir / CARD_FILE).write_text(card_json(card), encoding="utf-8")
    classifier = LinearTopics(config.model_copy(update={"model_dir": out_dir}))
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
                **({"read_again": read} if second and (read := count_read(second, items)) else {}),
            }
        )
        if held:
            metrics[spec] = evaluate_topics(classifier, held).model_dump()
    if refit_on_all:
        everything = training_examples(by_source, weights, config, second=second)
        train_linear(everything, params, out_dir / MODEL_FILE)
    # The labels the model file has: a label that is never an example's primary one (only a
    # second label, or only in the hold-out) cannot be predicted, and is not listed.
    predictable = set(LinearTextModel(out_dir / MODEL_FILE).labels())
    card = card.model_copy(
        update={
            "labels": {k: v for k, v in card.labels.items() if k in predictable},
            "data": manifest,
            "metrics": {"held_out": metrics},
            "parameters": {**card.parameters, "refit_on_all": refit_on_all},
        }
    )
    (out_dir / CARD_FILE).write_text(card_json(card), encoding="utf-8")
    return card


def primary_topics(classifier: TopicClassifier, items: list[LabelledText]) -> list[str | None]:
    """Each item's primary topic (None where the classifier abstains)."""
    return [primary(classifier.topics(item.text)) for item in items]


def primary(topics: list[Topic]) -> str | None:
    return topics[0].code if topics else None


def evaluate_topics(classifier: TopicClassifier, items: list[LabelledText]) -> ClassificationReport:
    return report([item.labels for item in items], primary_topics(classifier, items))
