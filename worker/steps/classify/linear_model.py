"""A TF-IDF linear text classifier file (`model.npz`): vocabulary, idf weights, one weight row per
label. Scoring needs numpy only; `worker.training.linear_training` writes the file."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import numpy.typing as npt

from worker.steps.classify.model_files import LabelScore, ModelFileError, load_once

FloatArray = npt.NDArray[np.float32]


@dataclass
class LinearWeights:
    labels: list[str]
    vocabulary: dict[str, int]
    idf: FloatArray  # (terms,)
    coef: FloatArray  # (labels, terms)
    intercept: FloatArray  # (labels,)

    @cached_property
    def coef_by_term(self) -> FloatArray:
        """(terms, labels), contiguous: the rows of an article's words are gathered at once."""
        return np.ascontiguousarray(self.coef.T)

    def save(self, path: Path) -> None:
        terms = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            np.savez_compressed(
                handle,
                labels=np.array(self.labels, dtype=np.str_),
                terms=np.array(terms, dtype=np.str_),
                idf=self.idf.astype(np.float32),
                coef=self.coef.astype(np.float32),
                intercept=self.intercept.astype(np.float32),
            )

    @classmethod
    def load(cls, path: Path) -> LinearWeights:
        if not path.is_file():
            raise ModelFileError(f"no model file at {path}")
        try:
            with np.load(path, allow_pickle=False) as data:
                terms = [str(term) for term in data["terms"]]
                return cls(
                    labels=[str(label) for label in data["labels"]],
                    vocabulary={term: index for index, term in enumerate(terms)},
                    idf=data["idf"],
                    coef=data["coef"],
                    intercept=data["intercept"],
                )
        except (ValueError, KeyError, OSError) as error:
            raise ModelFileError(f"{path} is not a topic model file: {error}") from None


class LinearTextModel:
    """Softmax probabilities of the labels for a normalised text (see `model_text`), loaded on
    first use (see `load_once`)."""

    def __init__(self, path: Path) -> None:
        self.path = path.resolve()
        self._weights: LinearWeights | None = None

    def load(self) -> LinearWeights:
        if self._weights is None:
            self._weights = load_once(self.path, LinearWeights.load)
        return self._weights

    def labels(self) -> list[str]:
        return list(self.load().labels)

    def predict(self, words: Counter[str], k: int, min_known: int = 1) -> list[LabelScore]:
        """The `k` most probable labels for a text's word counts (see `model_text`), best first;
        none when fewer than `min_known` different words are in the vocabulary (a text of
        another language or of gibberish is not classified from a name or two)."""
        weights = self.load()
        get = weights.vocabulary.get
        terms, counts = [], []
        for word, count in words.items():
            term = get(word)
            if term is not None:
                terms.append(term)
                counts.append(count)
        if not terms or len(terms) < min_known:
            return []
        features = (1.0 + np.log(np.asarray(counts, dtype=np.float32))) * weights.idf[terms]
        features /= np.linalg.norm(features)
        logits = features @ weights.coef_by_term[terms] + weights.intercept
        probabilities = np.exp(logits - logits.max())
        probabilities /= probabilities.sum()
        best = np.argsort(-probabilities)[:k]
        return [LabelScore(weights.labels[i], float(probabilities[i])) for i in best]
