"""The dead-letter contract: an input that could not be processed, with its reason."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, JsonValue

from schemas.article import SCHEMA_VERSION


class Stage(StrEnum):
    """Where in the chain an input was given up on."""

    RECEIVE = "receive"
    CLEAN = "clean"
    CLASSIFY = "classify"
    DEDUP = "dedup"
    PUBLISH = "publish"


class RejectionReason(StrEnum):
    INVALID_JSON = "invalid_json"
    INVALID_PAYLOAD = "invalid_payload"
    TOO_LARGE = "too_large"
    EMPTY_BODY = "empty_body"
    STEP_FAILED = "step_failed"
    TIMED_OUT = "timed_out"
    RETRIES_EXHAUSTED = "retries_exhausted"


class DeadLetter(BaseModel):
    model_config = ConfigDict(frozen=True)

    schema_version: str = SCHEMA_VERSION
    payload: JsonValue = Field(
        description="The input as received: a JSON value, or the string that was not JSON. Lone "
        "surrogates become U+FFFD; a value nested too deeply to hold is kept as its JSON text."
    )
    payload_truncated: bool = Field(
        default=False,
        description="True when the payload was over the dead-letter size bound and was cut.",
    )
    article_id: str | None = Field(default=None, description="Known when the payload validated.")
    stage: Stage
    reason: RejectionReason
    error: str = Field(description="What went wrong, in a sentence a person understands.")
    attempts: int = Field(default=1, ge=1)
    failed_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
