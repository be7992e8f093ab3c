"""A second reading of a labelled source: the same articles labelled again, by another annotator
against our guidelines, kept apart from the source (keyed by the article's URL). Comparing a
model with both readings tells a model's errors from the places where the source's labels follow
a convention of their own (a fraud trial filed under business), and says how far two readings of
the same article agree at all. A second reading can also train a model (`SecondReading`): the
same article then teaches both its source's label and the reading's primary one."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from worker.training.topic_sources import LabelledText


def read_second_reading(path: Path) -> dict[str, tuple[str, ...]]:
    """`{"ref": URL, "labels": [primary, …]}` a line → {URL: labels}; a line without a ref or
    labels, or a URL twice, is a ValueError."""
    readings: dict[str, tuple[str, ...]] = {}
    with path.open(encoding="utf-8-sig") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            row = json.loads(line)
            ref, labels = row.get("ref"), row.get("labels")
            if not isinstance(ref, str) or not ref or not isinstance(labels, list) or not labels:
                raise ValueError(f"{path}:{number}: expected {{'ref': str, 'labels': [str, …]}}")
            if ref in readings:
                raise ValueError(f"{path}:{number}: {ref} has a reading already")
            readings[ref] = tuple(str(label) for label in labels)
    return readings


@dataclass(frozen=True)
class SecondReading:
    """A second reading that trains a model beside the sources' own labels: every item it
    reads (by `LabelledText.ref`) is a second training example with the reading's labels,
    counting `weight` times (see `topic_model.check_second_reading`)."""

    path: Path
    labels: Mapping[str, tuple[str, ...]]
    weight: float = 1.0

    @classmethod
    def load(cls, path: Path, weight: float = 1.0) -> SecondReading:
        return cls(path, read_second_reading(path), weight)


@dataclass(frozen=True)
class Agreement:
    """Over the items that have a second reading: how often the model's primary topic is the
    source's label, the second reading's primary, or any of its labels; how often the source's
    label is the second reading's primary, or any of its labels; and among the model's misses
    (against the source), how many the second reading files under the model's topic."""

    items: int
    model_is_source: int
    model_is_second: int
    model_in_second: int
    source_is_second: int
    source_in_second: int
    misses_second_agrees: int

    @property
    def misses(self) -> int:
        return self.items - self.model_is_source

    def share(self, count: int) -> float:
        """`count` as a share of the items (0 when there are none)."""
        return count / self.items if self.items else 0.0


def agreement(
    predicted: Sequence[tuple[LabelledText, str | None]], second: Mapping[str, tuple[str, ...]]
) -> Agreement:
    """`predicted`: items with the model's primary topic (None: it abstained)."""
    read = [(item, guess, second[item.ref]) for item, guess in predicted if item.ref in second]
    missed = [(item, guess, labels) for item, guess, labels in read if guess != item.labels[0]]
    return Agreement(
        items=len(read),
        model_is_source=len(read) - len(missed),
        model_is_second=sum(1 for _, guess, labels in read if guess == labels[0]),
        model_in_second=sum(1 for _, guess, labels in read if guess in labels),
        source_is_second=sum(1 for item, _, labels in read if item.labels[0] == labels[0]),
        source_in_second=sum(1 for item, _, labels in read if item.labels[0] in labels),
        misses_second_agrees=sum(1 for _, guess, labels in missed if guess in labels),
    )
