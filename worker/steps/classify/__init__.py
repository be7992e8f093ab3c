"""Classify: language (and, later, IPTC Media Topics) of a cleaned article."""

from __future__ import annotations

from schemas import CleanArticle
from worker.steps.classify.language import LanguageConfig, LanguageIdentifier

__all__ = ["LanguageConfig", "LanguageIdentifier", "classify"]


def classify(article: CleanArticle, languages: LanguageIdentifier) -> CleanArticle:
    """The article with its language identified. When identification is unsure, the sender's
    hint (set by cleaning, with score 0) stays."""
    guess = languages.identify(article.body)
    if guess.code == "und":
        return article
    return article.model_copy(update={"language": guess.code, "language_score": guess.score})
