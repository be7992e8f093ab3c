"""What the steps share: the rejection value and the items that travel between chain links."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, JsonValue

from schemas import CleanArticle, ProcessedArticle, RejectionReason, Stage


class Rejection(BaseModel):
    """An input a step gives up on: a value, never an exception. Ends as a dead letter."""

    model_config = ConfigDict(frozen=True)

    stage: Stage
    reason: RejectionReason
    error: str
    article_id: str | None = None


class Cleaned(BaseModel):
    """An article after cleaning (and classification), with the payload it came from."""

    model_config = ConfigDict(frozen=True)

    payload: JsonValue
    article: CleanArticle


class Deduplicated(BaseModel):
    """An article ready to publish, with the payload it came from."""

    model_config = ConfigDict(frozen=True)

    payload: JsonValue
    article: ProcessedArticle
