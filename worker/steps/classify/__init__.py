"""Classify: the language and the topics of a cleaned article."""

from __future__ import annotations

from schemas import CleanArticle
from worker.steps.classify.language import LanguageConfig, LanguageIdentifier
from worker.steps.classify.topics import LinearTopics, TopicClassifier, TopicConfig

__all__ = [
    "LanguageConfig",
    "LanguageIdentifier",
    "LinearTopics",
    "TopicClassifier",
    "TopicConfig",
    "classify",
]


def classify(
    article: CleanArticle, languages: LanguageIdentifier, topics: TopicClassifier
) -> CleanArticle:
    """The article with its language and topics. When identification is unsure, the sender's
    language hint (set by cleaning, with score 0) stays; when the topic model is unsure, the
    article has no topics."""
    text = f"{article.title}\n{article.body}" if article.title else article.body
    update: dict[str, object] = {"topics": topics.topics(text)}
    guess = languages.identify(article.body)
    if guess.code != "und":
        update |= {"language": guess.code, "language_score": guess.score}
    return article.model_copy(update=update)
