"""The text a classification model sees: the same function at training and at prediction time."""

from __future__ import annotations

import re

# Runs of letters. Combining marks (Devanagari vowel signs, Thai vowels) split a word here: the
# shipped models were trained this way. Cleaning hands over NFC text (composed accents); a
# caller with decomposed text should normalise it first. Measured on SIB-200 (49 target
# languages), a variant keeping marks scored 0.9937 and one normalising to NFC here 0.9947,
# against 0.9968 for this one: neither was kept.
_LETTER_RUN = re.compile(r"[^\W\d_]+")


def model_words(text: str, max_chars: int) -> list[str]:
    """Lower-cased runs of letters from a bounded prefix. Digits, punctuation and markup-like
    noise carry no language or topic: "War," and "war" are one word."""
    words: list[str] = _LETTER_RUN.findall(text[:max_chars].lower())
    return words


def model_text(text: str, max_chars: int) -> str:
    """`model_words` joined by single spaces (fastText splits on whitespace only)."""
    return " ".join(model_words(text, max_chars))


def word_grams(word: str, sizes: tuple[int, ...]) -> list[str]:
    """The character n-grams of one word padded with a space each side (" krieg " → " kri",
    "krie", …): they carry what compounds and inflected forms share ("Bundestagswahl" and "Wahl",
    "élections" and "électoral"). A padded word shorter than a size gives itself once."""
    padded = f" {word} "
    grams: list[str] = []
    for size in sizes:
        if len(padded) <= size:
            grams.append(padded)
            break
        grams.extend(padded[i : i + size] for i in range(len(padded) - size + 1))
    return grams
