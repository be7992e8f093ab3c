"""Language identification: a fastText character n-gram model trained on SIB-200 (205 varieties).

Codes are ISO 639-1 where the language has one (macrolanguage members folded into it: Egyptian
Arabic is `ar`, Dari `fa`), ISO 639-3 otherwise; `und` when the text is too short or unclear."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from worker.steps.classify.fasttext_model import FastTextModel
from worker.steps.classify.model_text import model_text

UNDETERMINED = "und"
PACKAGED_MODEL = Path(__file__).resolve().parents[2] / "models" / "language.ftz"


class LanguageConfig(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    model_path: Path = Field(default=PACKAGED_MODEL, description="fastText language model file.")
    max_chars: int = Field(default=1_000, ge=100, description="Prefix of the body identified.")
    min_letters: int = Field(default=20, ge=1, description="Fewer letters than this: 'und'.")
    min_distinct_letters: int = Field(
        default=5, ge=1, description="Fewer different letters (e.g. 'mmm…'): 'und'."
    )
    min_score: float = Field(default=0.5, ge=0.0, le=1.0, description="Below it, 'und'.")
    short_letters: int = Field(default=100, ge=1, description="A text with fewer letters is short.")
    min_score_short: float = Field(
        default=0.8, ge=0.0, le=1.0, description="Below it, a short text is 'und'."
    )
    quick_chars: int = Field(
        default=300,
        ge=0,
        description="A longer body is read this far first; 0 (or max_chars or more): always "
        "read max_chars.",
    )
    quick_score: float = Field(
        default=0.95,
        ge=0.0,
        le=1.0,
        description="A first read this sure is the answer; else the body is read to max_chars.",
    )


@dataclass(frozen=True)
class LanguageGuess:
    code: str
    score: float


class LanguageIdentifier:
    """Identifies the language of a text; the model loads on first use, once per process."""

    def __init__(self, config: LanguageConfig) -> None:
        self.config = config
        self.model = FastTextModel(config.model_path)

    def identify(self, text: str) -> LanguageGuess:
        """The language of the body. A clear case is settled from its first `quick_chars`
        (fastText's cost grows with the text; on SIB-200 dev this changed no answer); a text
        that is short or unsure there is read to `max_chars`."""
        quick = self.config.quick_chars
        if 0 < quick < min(len(text), self.config.max_chars):
            guess = self._guess(text, quick)
            if guess.code != UNDETERMINED and guess.score >= self.config.quick_score:
                return guess
        return self._guess(text, self.config.max_chars)

    def _guess(self, text: str, max_chars: int) -> LanguageGuess:
        sample = model_text(text, max_chars)
        letters = sample.replace(" ", "")
        if (
            len(letters) < self.config.min_letters
            or len(set(letters)) < self.config.min_distinct_letters
        ):
            return LanguageGuess(UNDETERMINED, 0.0)
        ranked = self.model.predict(sample, 1)
        if not ranked:  # a word-level model that knows none of the words
            return LanguageGuess(UNDETERMINED, 0.0)
        best = ranked[0]
        score = round(best.score, 4)
        short = len(letters) < self.config.short_letters
        if score < (self.config.min_score_short if short else self.config.min_score):
            return LanguageGuess(UNDETERMINED, score)
        return LanguageGuess(best.label, score)
