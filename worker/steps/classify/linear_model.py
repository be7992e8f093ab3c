"""A TF-IDF linear text classifier file (`model.npz`): vocabulary, idf weights, one weight row per
label. Features come in two blocks. The words: sublinear TF times IDF, L2-normalised (scikit-learn's
TfidfVectorizer). In models trained with `gram_sizes`, the character n-grams of the words (see
`word_grams`), built word by word: each distinct word adds (1 + log count) times its n-grams'
IDF-weighted vector, the sum is divided by the root of the summed squares of those word vectors
(no cross terms) and scaled by `gram_weight`. So a word's whole n-gram contribution (its logits
and squared norm) is computed once per process and an article sums per-word rows.
Scoring needs numpy only; `worker.training.linear_training` writes the file."""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import numpy.typing as npt

from worker.steps.classify.model_files import LabelScore, ModelFileError, load_once
from worker.steps.classify.model_text import word_grams

FloatArray = npt.NDArray[np.float32]
IndexArray = npt.NDArray[np.intp]

GRAM_MARK = "#"  # n-gram terms are stored as "#" + gram: a word (a run of letters) has no "#"
WORD_CACHE_SIZE = 200_000  # words whose n-gram vectors a process keeps
MAX_CACHED_WORD = 40  # letters; longer runs (unspaced scripts, junk) are computed every time


@dataclass
class LinearWeights:
    labels: list[str]
    vocabulary: dict[str, int]  # words, then GRAM_MARK + n-gram
    idf: FloatArray  # (terms,)
    coef: FloatArray  # (labels, terms)
    intercept: FloatArray  # (labels,)
    gram_sizes: tuple[int, ...] = ()  # none: a words-only model
    gram_weight: float = 1.0

    @cached_property
    def coef_by_term(self) -> FloatArray:
        """(terms, labels), contiguous: the rows of an article's words are gathered at once."""
        return np.ascontiguousarray(self.coef.T)

    @cached_property
    def word_cache(self) -> WordVectorCache:
        """This process's n-gram vectors of the words it has seen (see `WordVectorCache`)."""
        return WordVectorCache(self)

    def word_vectors(self, words: list[str]) -> tuple[FloatArray, FloatArray]:
        """Each word's n-gram contribution: its known n-grams, weighted by count in the word
        times IDF, as logits (words, labels) and squared norm (words,); all in one numpy pass."""
        logits = np.zeros((len(words), len(self.labels)), dtype=np.float32)
        norms = np.zeros(len(words), dtype=np.float32)
        terms: list[int] = []
        counts: list[int] = []
        firsts: list[int] = []  # where each word with a known n-gram starts in `terms`
        known: list[int] = []
        get = self.vocabulary.get
        for index, word in enumerate(words):
            start = len(terms)
            for gram, n in Counter(word_grams(word, self.gram_sizes)).items():
                term = get(GRAM_MARK + gram)
                if term is not None:
                    terms.append(term)
                    counts.append(n)
            if len(terms) > start:
                firsts.append(start)
                known.append(index)
        if known:
            at = np.asarray(terms, dtype=np.intp)
            values = np.asarray(counts, dtype=np.float32) * self.idf[at]
            logits[known] = np.add.reduceat(values[:, None] * self.coef_by_term[at], firsts)
            norms[known] = np.add.reduceat(values * values, firsts)
        return logits, norms

    def gram_logits(self, words: Counter[str]) -> FloatArray:
        """The n-gram block's contribution to the logits of a text's word counts."""
        logits, norms = self.word_cache.vectors(list(words))
        counts = np.fromiter(words.values(), dtype=np.float32, count=len(words))
        tf = np.asarray(1.0 + np.log(counts), dtype=np.float32)
        norm = float(np.sqrt((tf * tf) @ norms))
        if norm == 0.0:  # no word has a known n-gram
            return np.zeros(len(self.labels), dtype=np.float32)
        summed: FloatArray = tf @ logits
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


class WordVectorCache:
    """The n-gram vectors (`LinearWeights.word_vectors`) of words a process has seen, so that
    a text only computes its new words. Holds up to `capacity` words of at most
    `MAX_CACHED_WORD` letters in preallocated rows and starts over when full; one lock, so
    threads sharing a model are safe."""

    def __init__(self, weights: LinearWeights, capacity: int | None = None) -> None:
        self.weights = weights
        self.capacity = WORD_CACHE_SIZE if capacity is None else capacity
        self.rows: dict[str, int] = {}
        self.logits = np.empty((0, len(weights.labels)), dtype=np.float32)
        self.norms = np.empty(0, dtype=np.float32)
        self.lock = threading.Lock()

    def vectors(self, words: list[str]) -> tuple[FloatArray, FloatArray]:
        with self.lock:
            get = self.rows.get
            rows = [get(word) for word in words]
            if None not in rows:  # every word seen before: the common case
                at = np.asarray(rows, dtype=np.intp)
                return self.logits[at], self.norms[at]
            hits = [index for index, row in enumerate(rows) if row is not None]
            misses = [index for index, row in enumerate(rows) if row is None]
            logits = np.empty((len(words), len(self.weights.labels)), dtype=np.float32)
            norms = np.empty(len(words), dtype=np.float32)
            at = np.asarray([rows[index] for index in hits], dtype=np.intp)
            logits[hits], norms[hits] = self.logits[at], self.norms[at]
            new = [words[index] for index in misses]
            logits[misses], norms[misses] = self.weights.word_vectors(new)
            self._keep(new, logits[misses], norms[misses])
        return logits, norms

    def _keep(self, words: list[str], logits: FloatArray, norms: FloatArray) -> None:
        kept = [i for i, word in enumerate(words) if len(word) <= MAX_CACHED_WORD]
        kept = kept[: self.capacity]
        if len(self.rows) + len(kept) > self.capacity:
            self.rows.clear()
        if len(self.logits) < self.capacity:  # rows are touched as they fill
            self.logits = np.empty((self.capacity, len(self.weights.labels)), dtype=np.float32)
            self.norms = np.empty(self.capacity, dtype=np.float32)
            self.rows.clear()
        first = len(self.rows)
        for offset, i in enumerate(kept):
            self.rows[words[i]] = first + offset
        self.logits[first : first + len(kept)] = logits[kept]
        self.norms[first : first + len(kept)] = norms[kept]


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
