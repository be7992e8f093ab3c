from __future__ import annotations

from worker.steps.classify.model_text import model_text


def test_digits_punctuation_and_case_are_dropped() -> None:
    assert model_text("WAR, war; 2026 — War!", 100) == "war war war"


def test_only_the_prefix_is_read() -> None:
    assert model_text("alpha beta " * 1000, 11) == "alpha beta"
