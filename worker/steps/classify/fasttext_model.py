"""A fastText classifier file (the language model): loaded once, predicted from thread-safely."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from worker.steps.classify.model_files import LabelScore, ModelFileError, load_once

LABEL_PREFIX = "__label__"


def _read(path: Path) -> Any:
    import fasttext.FastText as fasttext_module

    fasttext_module.eprint = lambda *args, **kwargs: None  # a load-time warning
    try:
        return fasttext_module.load_model(str(path))
    except ValueError as error:
        raise ModelFileError(f"{path} is not a fastText model: {error}") from None


class FastTextModel:
    """A fastText supervised model file, loaded on first use.

    Predictions go through the C++ binding directly (`model.f.predict`): fastText's Python wrapper
    breaks on numpy 2, and the binding is what it calls anyway."""

    def __init__(self, path: Path) -> None:
        self.path = path.resolve()
        self._model: Any = None

    def load(self) -> Any:
        if self._model is None:
            self._model = load_once(self.path, _read)
        return self._model

    def predict(self, text: str, k: int) -> list[LabelScore]:
        """Top `k` labels (all with k=-1) for one line of text, best first."""
        if not text:
            return []
        pairs = self.load().f.predict(text, k, 0.0, "replace")
        return [
            LabelScore(label.removeprefix(LABEL_PREFIX), min(1.0, float(prob)))
            for prob, label in pairs
        ]
