"""Dedup: exact copies of a story, by a hash of the normalised body, in an index that every
worker shares (Redis, with a time window)."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Protocol

from pydantic import BaseModel, ConfigDict, Field

from schemas import CleanArticle, DedupStatus, DedupVerdict, ProcessedArticle
from worker import keys
from worker.redis_scripts import RedisScripts
from worker.steps.clean.text import loose_form


class DedupConfig(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    window_seconds: int = Field(default=72 * 3600, ge=1, description="How long a body is known.")
    key_prefix: str = Field(default="ingest", min_length=1, description="Of the index's keys.")


class FirstSeenIndex(Protocol):
    def first_seen(self, content_hash: str, article_id: str) -> str:
        """The id first seen with this hash in the window: `article_id` when it is the first."""


class RedisFirstSeenIndex:
    """The exact-duplicate index in Redis: one key per body hash, expiring with the window."""

    def __init__(self, scripts: RedisScripts, config: DedupConfig) -> None:
        self.scripts = scripts
        self.config = config

    def first_seen(self, content_hash: str, article_id: str) -> str:
        key = keys.exact_body(self.config.key_prefix, content_hash)
        return self.scripts.first_seen(key, article_id, self.config.window_seconds)


def content_hash(body: str) -> str:
    """sha256 of the body case-folded, with punctuation and whitespace runs reduced to one space:
    copies that differ only in quotes, dashes or spacing share it."""
    return hashlib.sha256(loose_form(body).encode("utf-8")).hexdigest()


def deduplicate(
    article: CleanArticle, index: FirstSeenIndex, processed_at: datetime
) -> ProcessedArticle:
    """The article with its dedup verdict. The same id seen again is never its own duplicate."""
    digest = content_hash(article.body)
    first = index.first_seen(digest, article.id)
    if first == article.id:
        verdict = DedupVerdict(status=DedupStatus.UNIQUE, story_id=article.id)
    else:
        verdict = DedupVerdict(
            status=DedupStatus.EXACT, duplicate_of=first, similarity=1.0, story_id=first
        )
    return ProcessedArticle(
        **article.model_dump(), content_hash=digest, dedup=verdict, processed_at=processed_at
    )
