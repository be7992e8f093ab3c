"""Training a TF-IDF + multinomial logistic-regression topic model with scikit-learn (a training
dependency only: the worker scores with numpy). lbfgs on fixed data is deterministic."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from pydantic import BaseModel, ConfigDict

from worker.steps.classify.linear_model import GRAM_MARK, FloatArray, LinearWeights
from worker.steps.classify.model_text import word_grams
from worker.training.example import Example

if TYPE_CHECKING:
    import scipy.sparse


class LinearParams(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    c: float = 100.0  # inverse regularisation strength
    min_df: int = 2  # a word in fewer training texts is not a feature
    class_weight: str | None = "balanced"  # every label weighs the same, however many examples
    max_iter: int = 3_000
    # Character n-grams of the words as a second block of features (none: words only), weighing
    # `gram_weight` against the words' block; chosen with bench/topic_folds.py (README).
    gram_sizes: tuple[int, ...] = (4, 5)
    gram_weight: float = 0.7


def gram_block(
    texts: Sequence[str], sizes: tuple[int, ...], min_df: int
) -> tuple[list[str], FloatArray, scipy.sparse.csr_matrix]:
    """The n-gram features of texts as `LinearWeights.gram_logits` computes them: the n-grams
    in at least `min_df` texts, their smoothed IDF (as scikit-learn's), and per text the sum over
    its distinct words of (1 + log count) times the word's IDF-weighted n-gram vector, divided by
    the root of the summed squares of those word vectors."""
    import scipy.sparse
    from sklearn.feature_extraction.text import CountVectorizer

    counter = CountVectorizer(tokenizer=str.split, token_pattern=None, lowercase=False)
    counts = counter.fit_transform(texts).tocsr().astype(np.float64)  # (texts, words)
    words = counter.get_feature_names_out()
    gram_ids: dict[str, int] = {}
    rows, cols, values = [], [], []
    for row, word in enumerate(words):
        for gram, n in Counter(word_grams(str(word), sizes)).items():
            rows.append(row)
            cols.append(gram_ids.setdefault(gram, len(gram_ids)))
            values.append(float(n))
    incidence = scipy.sparse.csr_matrix(
        (values, (rows, cols)), shape=(len(words), len(gram_ids))
    )  # (words, grams): how often a gram is in a word
    present = (counts > 0).astype(np.float64) @ (incidence > 0).astype(np.float64)
    df = np.asarray((present > 0).sum(axis=0)).ravel()
    kept = np.flatnonzero(df >= min_df)
    idf = np.log((1.0 + len(texts)) / (1.0 + df[kept])) + 1.0
    by_word = incidence[:, kept] @ scipy.sparse.diags(idf)  # (words, kept grams)
    tf = counts.copy()
    tf.data = 1.0 + np.log(tf.data)
    norms = np.sqrt(tf.multiply(tf) @ np.asarray(by_word.multiply(by_word).sum(axis=1)).ravel())
    norms[norms == 0.0] = 1.0
    features = scipy.sparse.diags(1.0 / norms) @ (tf @ by_word)
    names = {index: gram for gram, index in gram_ids.items()}
    return [names[int(index)] for index in kept], idf.astype(np.float32), features.tocsr()


def train_linear(examples: Sequence[Example], params: LinearParams, out_file: Path) -> Path:
    """Fit on the primary label of each example and write `out_file` (npz). The vocabulary and the
    IDF count each distinct text once."""
    import scipy.sparse
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    rows = sorted((e.text, e.labels[0], e.weight) for e in examples if e.text and e.labels)
    labels = {label for _, label, _ in rows}
    if len(labels) < 2:
        raise ValueError(f"need examples of at least two labels to train; got {sorted(labels)}")
    # A text that trains under two labels (an item and its second reading) is one document for
    # the vocabulary and the IDF: its words are no more frequent for it.
    texts = sorted({text for text, _, _ in rows})
    min_df = min(params.min_df, max(1, len(texts) // 50))
    words = TfidfVectorizer(
        tokenizer=str.split, token_pattern=None, lowercase=False, sublinear_tf=True, min_df=min_df
    )
    blocks = [words.fit_transform(texts)]
    vocabulary = {str(term): int(index) for term, index in words.vocabulary_.items()}
    idf = [words.idf_]
    if params.gram_sizes:
        grams, gram_idf, block = gram_block(texts, params.gram_sizes, min_df)
        blocks.append(block * params.gram_weight)
        offset = len(vocabulary)
        vocabulary |= {GRAM_MARK + gram: offset + index for index, gram in enumerate(grams)}
        idf.append(gram_idf)
    row_of = {text: row for row, text in enumerate(texts)}
    features = scipy.sparse.hstack(blocks).tocsr()[[row_of[text] for text, _, _ in rows]]
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
        vocabulary=vocabulary,
        idf=np.concatenate(idf).astype(np.float32),
        coef=coef.astype(np.float32),
        intercept=intercept.astype(np.float32),
        gram_sizes=params.gram_sizes,
        gram_weight=params.gram_weight,
    ).save(out_file)
    return out_file
