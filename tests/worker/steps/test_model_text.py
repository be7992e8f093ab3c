from __future__ import annotations

from worker.steps.classify.model_text import model_text, word_grams


def test_digits_punctuation_and_case_are_dropped() -> None:
    assert model_text("WAR, war; 2026 — War!", 100) == "war war war"


def test_only_the_prefix_is_read() -> None:
    assert model_text("alpha beta " * 1000, 11) == "alpha beta"


def test_a_words_grams_are_padded_so_beginnings_and_endings_are_their_own() -> None:
    assert word_grams("wahl", (4, 5)) == [" wah", "wahl", "ahl ", " wahl", "wahl "]


def test_a_word_shorter_than_a_gram_gives_itself_once() -> None:
    assert word_grams("of", (4, 5)) == [" of "]
    assert word_grams("war", (4, 5)) == [" war", "war ", " war "]
