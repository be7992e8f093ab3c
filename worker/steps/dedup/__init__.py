"""Dedup: exact and near copies of a story, against an index every worker shares (Redis, one
atomic Lua script an article, a time window), with story groups."""

from __future__ import annotations

from datetime import datetime

from schemas import CleanArticle, DedupStatus, DedupVerdict, ProcessedArticle
from worker.steps.dedup.config import DedupConfig, FingerprintConfig, NearDuplicateRule
from worker.steps.dedup.fingerprint import Fingerprint, content_hash, fingerprint
from worker.steps.dedup.index import DedupIndex, IndexVerdict, RedisDedupIndex

__all__ = [
    "DedupConfig",
    "DedupIndex",
    "Fingerprint",
    "FingerprintConfig",
    "IndexVerdict",
    "NearDuplicateRule",
    "RedisDedupIndex",
    "content_hash",
    "deduplicate",
    "fingerprint",
]


def deduplicate(
    article: CleanArticle, index: DedupIndex, config: DedupConfig, processed_at: datetime
) -> ProcessedArticle:
    """The article with its dedup verdict. The same id seen again gets the verdict it got."""
    article_print = fingerprint(article.body, config.fingerprint)
    found = index.check_and_add(article.id, article_print)
    if found.status is DedupStatus.UNIQUE:
        verdict = DedupVerdict(status=DedupStatus.UNIQUE, story_id=article.id)
    else:
        verdict = DedupVerdict(
            status=found.status,
            duplicate_of=found.story,
            similarity=round(found.similarity, 4),
            story_id=found.story,
        )
    return ProcessedArticle(
        **article.model_dump(),
        content_hash=article_print.content_hash,
        dedup=verdict,
        processed_at=processed_at,
    )
