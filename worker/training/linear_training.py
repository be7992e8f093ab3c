"""Training a TF-IDF + multinomial logistic-regression topic model with scikit-learn (a training
dependency only: the worker scores with numpy). lbfgs on fixed data is deterministic."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict

from worker.steps.classify.linear_model import LinearWeights
from worker.training.example import Example


class LinearParams(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    c: float = 100.0  # inverse regularisation strength
    min_df: int = 2  # a word in fewer training texts is not a feature
    class_weight: str | None = "balanced"  # every label weighs the same, however many examples
    max_iter: int = 3_000


def train_linear(examples: Sequence[Example], params: LinearParams, out_file: Path) -> Path:
    """Fit on the primary label of each example and write `out_file` (npz)."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    rows = sorted((e.text, e.labels[0], e.weight) for e in examples if e.text and e.labels)
    labels = {label for _, label, _ in rows}
    if len(labels) < 2:
        raise ValueError(f"need examples of at least two labels to train; got {sorted(labels)}")
    vectorizer = TfidfVectorizer(
        tokenizer=str.split,
        token_pattern=None,
        lowercase=False,
        sublinear_tf=True,
        min_df=min(params.min_df, max(1, len(rows) // 50)),
    )
    features = vectorizer.fit_transform([text for text, _, _ in rows])
    model = LogisticRegression(
        C=params.c, class_weight=params.class_weight, max_iter=params.max_iter, random_state=0
    )
    # Weights average 1, so that C means the same with and without them. "balanced" class
    # weights include sample weights from scikit-learn 1.7 on: labels stay balanced.
    sample_weight = np.array([weight for _, _, weight in rows], dtype=np.float64)
    model.fit(
        features,
        [label for _, label, _ in rows],
        sample_weight=sample_weight / sample_weight.mean(),
    )
    coef, intercept = model.coef_, model.intercept_
    if coef.shape[0] == 1:  # two labels: scikit-learn keeps one row; softmax needs both
        coef = np.vstack([-coef / 2, coef / 2])
        intercept = np.array([-intercept[0] / 2, intercept[0] / 2])
    LinearWeights(
        labels=[str(label) for label in model.classes_],
        vocabulary={str(term): int(index) for term, index in vectorizer.vocabulary_.items()},
        idf=vectorizer.idf_.astype(np.float32),
        coef=coef.astype(np.float32),
        intercept=intercept.astype(np.float32),
    ).save(out_file)
    return out_file
