"""A fastText classifier file (language or topics): loaded once, predicted from thread-safely."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

LABEL_PREFIX = "__label__"


class ModelFileError(RuntimeError):
    """The model file is missing or is not a fastText model."""


@dataclass(frozen=True)
class LabelScore:
    label: str
    score: float


_LOADED: dict[Path, Any] = {}
_LOADING = threading.Lock()


def _load(path: Path) -> Any:
    """One loaded model per file and process: a worker that loads its models before it forks
    shares their memory with its children."""
    with _LOADING:
        if path not in _LOADED:
            if not path.is_file():
                raise ModelFileError(f"no model file at {path}")
            import fasttext.FastText as fasttext_module

            fasttext_module.eprint = lambda *args, **kwargs: None  # a load-time warning
            try:
                _LOADED[path] = fasttext_module.load_model(str(path))
            except ValueError as error:
                raise ModelFileError(f"{path} is not a fastText model: {error}") from None
        return _LOADED[path]


class FastTextModel:
    """A fastText supervised model file, loaded on first use.

    Predictions go through the C++ binding directly (`model.f.predict`): fastText's Python wrapper
    breaks on numpy 2, and the binding is what it calls anyway."""

    def __init__(self, path: Path) -> None:
        self.path = path.resolve()
        self._model: Any = None

    def load(self) -> Any:
        if self._model is None:
            self._model = _load(self.path)
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

    def labels(self) -> list[str]:
        return [str(label).removeprefix(LABEL_PREFIX) for label in self.load().get_labels()]
