from __future__ import annotations

import unicodedata

from worker.steps.classify.model_text import model_text


def test_digits_punctuation_and_case_are_dropped() -> None:
    assert model_text("WAR, war; 2026 — War!", 100) == "war war war"


def test_decomposed_and_composed_text_read_the_same() -> None:
    composed = "Le 3 décembre, à Montréal."
    decomposed = unicodedata.normalize("NFD", composed)
    assert model_text(decomposed, 100) == model_text(composed, 100) == "le décembre à montréal"


def test_only_the_prefix_is_read() -> None:
    assert model_text("alpha beta " * 1000, 11) == "alpha beta"
