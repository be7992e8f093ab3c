"""Classification metrics: accuracy, macro-F1 and per-label F1 of primary labels.

Macro-F1 averages the F1 of every label that is gold or predicted (as scikit-learn's does): a
label the model predicts wrongly counts even when no item has it. Abstentions count as wrong."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from pydantic import BaseModel

NO_LABEL = "(none)"


class LabelScores(BaseModel):
    support: int
    precision: float
    recall: float
    f1: float


class ClassificationReport(BaseModel):
    count: int
    accuracy: float
    accepted: float  # the predicted primary is any of the gold labels (gold may list 2 or 3)
    macro_f1: float
    per_label: dict[str, LabelScores]


def report(gold: Sequence[Sequence[str]], predicted: Sequence[str | None]) -> ClassificationReport:
    """`gold[i]` lists the labels of item i, primary first; `predicted[i]` is the predicted
    primary label, or None when the model abstained (always wrong)."""
    pairs = [(labels[0], guess or NO_LABEL) for labels, guess in zip(gold, predicted, strict=True)]
    true_positive: Counter[str] = Counter(g for g, p in pairs if g == p)
    gold_count: Counter[str] = Counter(g for g, _ in pairs)
    predicted_count: Counter[str] = Counter(p for _, p in pairs)
    per_label = {}
    f1_values: list[float] = []
    for label in sorted(set(gold_count) | set(predicted_count) - {NO_LABEL}):
        tp = true_positive[label]
        precision = tp / predicted_count[label] if predicted_count[label] else 0.0
        recall = tp / gold_count[label] if gold_count[label] else 0.0
        f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
        f1_values.append(f1)
        per_label[label] = LabelScores(
            support=gold_count[label],
            precision=round(precision, 4),
            recall=round(recall, 4),
            f1=round(f1, 4),
        )
    count = len(pairs)
    accepted = sum(1 for labels, guess in zip(gold, predicted, strict=True) if guess in labels)
    return ClassificationReport(
        count=count,
        accuracy=round(sum(true_positive.values()) / count, 4) if count else 0.0,
        accepted=round(accepted / count, 4) if count else 0.0,
        macro_f1=round(sum(f1_values) / len(f1_values), 4) if f1_values else 0.0,
        per_label=per_label,
    )
