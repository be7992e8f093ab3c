"""Publish: add a processed article to the output stream, once."""

from __future__ import annotations

import hashlib

from pydantic import BaseModel, ConfigDict, Field, field_validator

from schemas import ProcessedArticle
from worker import keys
from worker.redis_scripts import RedisScripts

_NOT_PART_OF_THE_CONTENT = {"processed_at", "received_at"}


class PublishConfig(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    stream: str = Field(default="articles:processed", description="Stream of ProcessedArticle.")
    maxlen: int = Field(default=1_000_000, ge=1, description="Approximate MAXLEN bound.")
    once_seconds: int = Field(
        default=72 * 3600,
        ge=1,
        description="How long a published id is remembered, so that publishing the same content "
        "again (a retry, a redelivery, a resubmission) adds nothing.",
    )

    @field_validator("stream")
    @classmethod
    def _a_stream_its_markers_can_share_a_slot_with(cls, stream: str) -> str:
        keys.added_once(stream, "")  # raises for a name no other key can share a slot with
        return stream


def fingerprint(article: ProcessedArticle) -> str:
    """What makes two publications of one id the same: everything but the timestamps and the
    cleaning diagnostics."""
    # The account of what cleaning removed and why is blanked, not dropped: a resubmitted
    # article can have the same lines removed under another reason (`learned` once its
    # source's lines are known), and an article without removals keeps the fingerprint that
    # versions before this rule gave it.
    cleaning = article.cleaning.model_copy(update={"removed": {}, "removed_lines": None})
    content = article.model_copy(update={"cleaning": cleaning}).model_dump_json(
        exclude=_NOT_PART_OF_THE_CONTENT
    )
    return hashlib.sha256(content.encode("utf-8")).hexdigest()


class Publication(BaseModel):
    model_config = ConfigDict(frozen=True)

    entry_id: str
    added: bool


def publish(article: ProcessedArticle, scripts: RedisScripts, config: PublishConfig) -> Publication:
    """XADD the article (fields `id` and `data`, the JSON) unless the same content of the same
    id was already published within `once_seconds`."""
    added, entry = scripts.add_once(
        config.stream,
        keys.added_once(config.stream, article.id),
        fingerprint(article),
        marker_ttl=config.once_seconds,
        maxlen=config.maxlen,
        fields={"id": article.id, "data": article.model_dump_json()},
    )
    return Publication(entry_id=entry, added=added)
