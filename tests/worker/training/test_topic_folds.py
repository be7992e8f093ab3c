"""The k-fold estimate: every article of the measured kind is predicted once, by a model that did
not train on it, while the other sources train every fold."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from worker.steps.classify import TopicConfig
from worker.steps.classify.topics import topic_words
from worker.training import topic_folds
from worker.training.example import Example
from worker.training.topic_sources import LabelledText, read_source

from .test_topic_training import FOOTBALL, MARKETS, desk_texts


def write_events(path: Path, seed: int) -> Path:
    rng = random.Random(seed)
    rows = [{"text": t, "category": "Sports"} for t in desk_texts(FOOTBALL, 30, rng)]
    rows += [{"text": t, "category": "Business_Finance"} for t in desk_texts(MARKETS, 30, rng)]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_every_item_is_predicted_once_by_a_model_that_never_saw_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = tmp_path / "plain.jsonl"
    rng = random.Random(5)
    plain.write_text(
        "".join(
            json.dumps({"text": t, "labels": [label]}) + "\n"
            for words, label in ((FOOTBALL, "medtop:15000000"), (MARKETS, "medtop:04000000"))
            for t in desk_texts(words, 30, rng)
        ),
        encoding="utf-8",
    )
    measured = f"current-events:{write_events(tmp_path / 'events.jsonl', 6)}"
    fits: list[set[str]] = []
    real_train = topic_folds.train_linear

    def recording_train(examples: list[Example], *args: object) -> Path:
        fits.append({example.text for example in examples})
        return real_train(examples, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(topic_folds, "train_linear", recording_train)
    predicted = topic_folds.cross_validate([str(plain), measured], "current-events", folds=3)

    items = read_source(measured)
    assert sorted(p.item.text for p in predicted[measured]) == sorted(i.text for i in items)
    seen = TopicConfig()
    plain_texts = {" ".join(topic_words(i.text, seen)) for i in read_source(str(plain))}
    assert len(fits) == 3
    for fold, trained in enumerate(fits):
        own = {
            " ".join(topic_words(i.text, seen)) for i in items if topic_folds.fold_of(i, 3) == fold
        }
        others = {" ".join(topic_words(i.text, seen)) for i in items} - own
        assert own and not own & trained
        assert plain_texts | others <= trained  # the other folds of its own kind train it
    accuracy = sum(p.primary == p.item.labels[0] for p in predicted[measured]) / len(items)
    assert accuracy >= 0.9
    for p in predicted[measured]:  # every label ranked, the primary (when given) first
        assert sorted(p.ranked) == ["medtop:04000000", "medtop:15000000"]
        assert p.primary in (None, p.ranked[0])


def test_the_best_among_a_readers_labels_skips_the_labels_it_does_not_have() -> None:
    item = LabelledText("text", ("medtop:04000000",), "masakhanews")
    prediction = topic_folds.FoldPrediction(
        item, "medtop:02000000", ("medtop:02000000", "medtop:11000000", "medtop:04000000")
    )
    assert prediction.best_among({"medtop:04000000", "medtop:11000000"}) == "medtop:11000000"
    assert prediction.best_among({"medtop:04000000"}) == "medtop:04000000"
    assert prediction.best_among({"medtop:15000000"}) is None


def test_a_kind_that_is_not_among_the_sources_is_refused(tmp_path: Path) -> None:
    events = f"current-events:{write_events(tmp_path / 'events.jsonl', 1)}"
    with pytest.raises(ValueError, match="no source of kind 'masakhanews'"):
        topic_folds.cross_validate([events], "masakhanews")
