"""The text a classification model sees: the same function at training and at prediction time."""

from __future__ import annotations

import re

_LETTER_RUN = re.compile(r"[^\W\d_]+")


def model_text(text: str, max_chars: int) -> str:
    """Lower-cased runs of letters from a bounded prefix, joined by single spaces.

    Digits, punctuation and markup-like noise carry no language or topic, and fastText splits on
    whitespace only: so "War," and "war" become the same token."""
    return " ".join(_LETTER_RUN.findall(text[:max_chars].lower()))
