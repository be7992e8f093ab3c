"""The article-extraction benchmark's metric: token 4-gram shingles, precision and recall
averaged over pages, F1 of the two means (see the data set's README)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, size: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text)
    if len(tokens) < size:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


@dataclass(frozen=True)
class PageScore:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float | None:
        if self.tp + self.fp == 0:
            return 1.0 if self.fn == 0 else None
        return self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        if self.tp + self.fn == 0:
            return 1.0 if self.fp == 0 else None
        return self.tp / (self.tp + self.fn)


def score_page(prediction: str, truth: str) -> PageScore:
    predicted, expected = shingles(prediction), shingles(truth)
    tp = sum((predicted & expected).values())
    return PageScore(tp=tp, fp=sum(predicted.values()) - tp, fn=sum(expected.values()) - tp)


@dataclass(frozen=True)
class Summary:
    f1: float
    precision: float
    recall: float


def summarise(scores: Iterable[PageScore]) -> Summary:
    scores = list(scores)
    precisions = [s.precision for s in scores if s.precision is not None]
    recalls = [s.recall for s in scores if s.recall is not None]
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Summary(f1=f1, precision=precision, recall=recall)
