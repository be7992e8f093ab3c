"""Training the language identifier on SIB-200 and measuring it on 5-sentence paragraphs."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from pydantic import BaseModel

from worker.steps.classify.language import LanguageIdentifier
from worker.steps.classify.model_text import model_text
from worker.training.example import Example
from worker.training.fasttext_training import FastTextParams, train
from worker.training.flores import (
    FLORES_LANGUAGE,
    TARGET_VARIETIES,
    expected_code,
    has_iso_639_1,
    has_own_iso_639_1,
)
from worker.training.sib200 import paragraphs, read_split, varieties

LANGUAGE_PARAMS = FastTextParams(
    epoch=20,
    lr=0.5,
    dim=16,
    word_ngrams=2,
    minn=1,
    maxn=4,
    min_count=3,
    bucket=200_000,
)
TRAINING_MAX_CHARS = 2_000


def training_examples(sib_dir: Path) -> list[Example]:
    examples = []
    for variety in varieties(sib_dir):
        code = FLORES_LANGUAGE.get(variety, variety.split("_")[0])
        for sentence in read_split(sib_dir / variety, "train"):
            examples.append(Example(model_text(sentence.text, TRAINING_MAX_CHARS), (code,)))
    return examples


def train_language_model(sib_dir: Path, out_file: Path) -> Path:
    return train(training_examples(sib_dir), LANGUAGE_PARAMS, out_file)


class VarietyResult(BaseModel):
    variety: str
    expected: str
    correct: int
    total: int
    mistaken_for: dict[str, int]


class LanguageEvaluation(BaseModel):
    split: str
    sentences_per_paragraph: int
    varieties: list[VarietyResult]

    def accuracy(self, selected: set[str] | None = None) -> tuple[int, int]:
        rows = [r for r in self.varieties if selected is None or r.variety in selected]
        return sum(r.correct for r in rows), sum(r.total for r in rows)

    def summary(self) -> dict[str, tuple[int, int]]:
        iso1 = {r.variety for r in self.varieties if has_iso_639_1(r.variety)}
        own = {r.variety for r in self.varieties if has_own_iso_639_1(r.variety)}
        return {
            "49 target languages": self.accuracy(set(TARGET_VARIETIES)),
            "117 with their own ISO 639-1 code": self.accuracy(own),
            "with an ISO 639-1 code, macrolanguages folded": self.accuracy(iso1),
            "all varieties": self.accuracy(),
        }


def evaluate_language(
    identifier: LanguageIdentifier, sib_dir: Path, split: str = "dev", size: int = 5
) -> LanguageEvaluation:
    results = []
    for variety in varieties(sib_dir):
        expected = expected_code(variety)
        guesses = Counter(
            identifier.identify(text).code
            for text in paragraphs(read_split(sib_dir / variety, split), size)
        )
        correct = guesses.pop(expected, 0)
        total = correct + sum(guesses.values())
        results.append(
            VarietyResult(
                variety=variety,
                expected=expected,
                correct=correct,
                total=total,
                mistaken_for=dict(guesses),
            )
        )
    return LanguageEvaluation(split=split, sentences_per_paragraph=size, varieties=results)
