"""One training example, as every trainer takes it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Example:
    """The model text (see `model_text`) and its labels, primary first; `weight` scales how much
    the example counts in training (trainers that support it)."""

    text: str
    labels: tuple[str, ...]
    weight: float = 1.0
