"""Language identification with py3langid (a measured, offline, pure-Python identifier)."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

UNDETERMINED = "und"


class LanguageConfig(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    max_chars: int = Field(default=2_000, ge=100, description="Prefix of the body identified.")
    min_chars: int = Field(default=20, ge=1, description="Shorter bodies are 'und'.")
    min_score: float = Field(default=0.5, ge=0.0, le=1.0, description="Below it, 'und'.")


@dataclass(frozen=True)
class LanguageGuess:
    code: str
    score: float


class LanguageIdentifier:
    """Identifies the language of a text; the model loads on first use, once per process."""

    def __init__(self, config: LanguageConfig) -> None:
        self.config = config
        self._model: Any = None
        self._lock = threading.Lock()

    def _loaded(self) -> Any:
        if self._model is None:
            with self._lock:
                if self._model is None:
                    from py3langid.langid import MODEL_FILE
                    from py3langid.langid import LanguageIdentifier as Model

                    self._model = Model.from_model_file(MODEL_FILE, norm_probs=True)
        return self._model

    def identify(self, text: str) -> LanguageGuess:
        sample = text[: self.config.max_chars]
        if sum(char.isalpha() for char in sample) < self.config.min_chars:
            return LanguageGuess(UNDETERMINED, 0.0)
        code, score = self._loaded().classify(sample)
        score = float(score)
        if score < self.config.min_score:
            return LanguageGuess(UNDETERMINED, score)
        return LanguageGuess(str(code), round(score, 4))
