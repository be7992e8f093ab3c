"""One training example, as every trainer takes it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Example:
    """The model text (see `model_text`) and its labels, primary first."""

    text: str
    labels: tuple[str, ...]
