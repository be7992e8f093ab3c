"""A TF-IDF linear text classifier file (`model.npz`): vocabulary, idf weights, one weight row per
label. Features come in two blocks. The words: sublinear TF times IDF, L2-normalised (scikit-learn's
TfidfVectorizer). In models trained with `gram_sizes`, the character n-grams of the words (see
`word_grams`), built word by word: each distinct word adds (1 + log count) times its n-grams'
IDF-weighted vector, the sum is divided by the root of the summed squares of those word vectors
(no cross terms) and scaled by `gram_weight`. So a word's whole n-gram contribution (its logits
and squared norm) is computed once per process and an article sums per-word rows.
Scoring needs numpy only; `worker.training.linear_training` writes the file."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import numpy.typing as npt

from worker.steps.classify.model_files import LabelScore, ModelFileError, load_once
from worker.steps.classify.model_text import word_grams

FloatArray = npt.NDArray[np.float32]
IndexArray = npt.NDArray[np.intp]

GRAM_MARK = "#"  # n-gram terms are stored as "#" + gram: a word (a run of letters) has no "#"
WORD_CACHE_SIZE = 200_000  # words whose n-gram feature indexes a process keeps


@dataclass
class LinearWeights:
    labels: list[str]
    vocabulary: dict[str, int]  # words, then GRAM_MARK + n-gram
    idf: FloatArray  # (terms,)
    coef: FloatArray  # (labels, terms)
    intercept: FloatArray  # (labels,)
    gram_sizes: tuple[int, ...] = ()  # none: a words-only model
    gram_weight: float = 1.0
    _word_rows: dict[str, int] = field(default_factory=dict, repr=False)
    _row_logits: FloatArray | None = field(default=None, repr=False)  # (cache, labels)
    _row_norms: FloatArray | None = field(default=None, repr=False)  # (cache,)

    @cached_property
    def coef_by_term(self) -> FloatArray:
        """(terms, labels), contiguous: the rows of an article's words are gathered at once."""
        return np.ascontiguousarray(self.coef.T)

    def gram_rows(self, words: list[str]) -> IndexArray:
        """Rows of the per-word cache (logits and squared norm of each word's n-gram vector:
        its known n-grams, weighted by count in the word times IDF), computed on a word's first
        sight in this process, all of a text's new words at once; the cache starts over when
        full."""
        if self._row_logits is None or self._row_norms is None:
            self._row_logits = np.empty((WORD_CACHE_SIZE, len(self.labels)), dtype=np.float32)
            self._row_norms = np.empty(WORD_CACHE_SIZE, dtype=np.float32)
        cache = self._word_rows
        if len(cache) + len(words) > WORD_CACHE_SIZE:
            cache.clear()
        rows: list[int] = []
        new_rows: list[int] = []
        terms: list[int] = []
        counts: list[int] = []
        starts: list[int] = []
        get = self.vocabulary.get
        for word in words:
            row = cache.get(word)
            if row is None:
                row = cache[word] = len(cache)
                new_rows.append(row)
                starts.append(len(terms))
                for gram, n in Counter(word_grams(word, self.gram_sizes)).items():
                    term = get(GRAM_MARK + gram)
                    if term is not None:
                        terms.append(term)
                        counts.append(n)
            rows.append(row)
        if new_rows:
            self._fill_rows(new_rows, terms, counts, starts)
        return np.asarray(rows, dtype=np.intp)

    def _fill_rows(
        self, rows: list[int], terms: list[int], counts: list[int], starts: list[int]
    ) -> None:
        assert self._row_logits is not None and self._row_norms is not None
        ends = [*starts[1:], len(terms)]
        known = [row for row, start, end in zip(rows, starts, ends, strict=True) if end > start]
        unknown = [row for row, start, end in zip(rows, starts, ends, strict=True) if end == start]
        self._row_logits[unknown] = 0.0
        self._row_norms[unknown] = 0.0
        if not known:
            return
        at = np.asarray(terms, dtype=np.intp)
        values = np.asarray(counts, dtype=np.float32) * self.idf[at]
        firsts = [start for start, end in zip(starts, ends, strict=True) if end > start]
        self._row_logits[known] = np.add.reduceat(values[:, None] * self.coef_by_term[at], firsts)
        self._row_norms[known] = np.add.reduceat(values * values, firsts)

    def gram_logits(self, words: Counter[str]) -> FloatArray:
        """The n-gram block's contribution to the logits of a text's word counts."""
        rows = self.gram_rows(list(words))
        assert self._row_logits is not None and self._row_norms is not None
        counts = np.fromiter(words.values(), dtype=np.float32, count=len(words))
        tf = np.asarray(1.0 + np.log(counts), dtype=np.float32)
        norm = float(np.sqrt((tf * tf) @ self._row_norms[rows]))
        if norm == 0.0:  # no word has a known n-gram
            return np.zeros(len(self.labels), dtype=np.float32)
        summed: FloatArray = tf @ self._row_logits[rows]
        summed *= np.float32(self.gram_weight / norm)
        return summed

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
                gram_sizes=np.array(self.gram_sizes, dtype=np.int64),
                gram_weight=np.array(self.gram_weight, dtype=np.float64),
            )

    @classmethod
    def load(cls, path: Path) -> LinearWeights:
        if not path.is_file():
            raise ModelFileError(f"no model file at {path}")
        try:
            with np.load(path, allow_pickle=False) as data:
                terms = [str(term) for term in data["terms"]]
                grams = "gram_sizes" in data.files  # files from before n-grams: words only
                return cls(
                    labels=[str(label) for label in data["labels"]],
                    vocabulary={term: index for index, term in enumerate(terms)},
                    idf=data["idf"],
                    coef=data["coef"],
                    intercept=data["intercept"],
                    gram_sizes=tuple(int(n) for n in data["gram_sizes"]) if grams else (),
                    gram_weight=float(data["gram_weight"]) if grams else 1.0,
                )
        except (ValueError, KeyError, OSError) as error:
            raise ModelFileError(f"{path} is not a topic model file: {error}") from None


def _word_logits(terms: IndexArray, counts: FloatArray, weights: LinearWeights) -> FloatArray:
    """The word block's contribution to the logits: sublinear TF times IDF, L2-normalised."""
    features = np.asarray((1.0 + np.log(counts)) * weights.idf[terms], dtype=np.float32)
    features /= np.linalg.norm(features)
    logits: FloatArray = features @ weights.coef_by_term[terms]
    return logits


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
        logits = weights.intercept + _word_logits(
            np.asarray(terms, dtype=np.intp), np.asarray(counts, dtype=np.float32), weights
        )
        if weights.gram_sizes:
            logits += weights.gram_logits(words)
        probabilities = np.exp(logits - logits.max())
        probabilities /= probabilities.sum()
        best = np.argsort(-probabilities)[:k]
        return [LabelScore(weights.labels[i], float(probabilities[i])) for i in best]
