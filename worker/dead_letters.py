"""Write dead letters to their stream, once per payload, stage and reason."""

from __future__ import annotations

import hashlib
import json

from pydantic import BaseModel, ConfigDict, Field, JsonValue, ValidationError, field_validator

from schemas import DeadLetter
from worker import keys
from worker.lone_surrogates import without_lone_surrogates
from worker.redis_scripts import RedisScripts
from worker.steps.base import Rejection


class DeadLetterConfig(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    stream: str = Field(default="articles:dead-letters", description="Stream of DeadLetter.")
    maxlen: int = Field(default=1_000_000, ge=1, description="Approximate MAXLEN bound.")
    max_payload_bytes: int = Field(
        default=16_000_000, ge=1_000, description="A dead letter keeps at most this much payload."
    )
    once_seconds: int = Field(default=72 * 3600, ge=1, description="Retries add no second copy.")

    @field_validator("stream")
    @classmethod
    def _a_stream_its_markers_can_share_a_slot_with(cls, stream: str) -> str:
        keys.added_once(stream, "")  # raises for a name no other key can share a slot with
        return stream


def _bounded(payload: JsonValue, max_bytes: int) -> tuple[JsonValue, bool]:
    """The payload as it came, or, when over the bound, its JSON text cut to the bound."""
    text = payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False)
    encoded = text.encode("utf-8", errors="replace")
    if len(encoded) <= max_bytes:
        return payload, False
    return encoded[:max_bytes].decode("utf-8", errors="ignore"), True


def _storable(payload: JsonValue) -> JsonValue:
    """The payload with lone surrogates replaced (see `worker.lone_surrogates`); a payload
    nested too deeply to be copied is kept as its JSON text, in ASCII escapes."""
    try:
        return without_lone_surrogates(payload)
    except RecursionError:
        pass
    try:
        return json.dumps(payload)
    except RecursionError:
        return "(the payload nests arrays and objects too deeply to be stored)"


def dead_letter(
    payload: JsonValue, rejection: Rejection, attempts: int, config: DeadLetterConfig
) -> DeadLetter:
    """A dead letter that can always be written, whatever the payload: a payload that the
    letter cannot hold as a JSON value (nested deeper than its validation allows) is kept as
    its JSON text."""
    kept, truncated = _bounded(_storable(payload), config.max_payload_bytes)
    fields = {
        "payload_truncated": truncated,
        "article_id": rejection.article_id,
        "stage": rejection.stage,
        "reason": rejection.reason,
        "error": rejection.error,
        "attempts": attempts,
    }
    try:
        return DeadLetter.model_validate({"payload": kept, **fields})
    except ValidationError:
        text, truncated = _bounded(json.dumps(kept), config.max_payload_bytes)
        return DeadLetter.model_validate(
            {**fields, "payload": text, "payload_truncated": truncated}
        )


class DeadLetterWriter:
    def __init__(self, scripts: RedisScripts, config: DeadLetterConfig) -> None:
        self.scripts = scripts
        self.config = config

    def write(self, letter: DeadLetter) -> str:
        """XADD the dead letter (fields `stage`, `reason`, `id`, `data`); a retry of the same
        failure adds nothing. Returns the entry id."""
        # Not the error text: it can differ between two tries of the same failure.
        content = json.dumps([letter.payload, letter.stage, letter.reason], ensure_ascii=False)
        digest = hashlib.sha256(content.encode("utf-8", errors="replace")).hexdigest()
        _, entry = self.scripts.add_once(
            self.config.stream,
            keys.added_once(self.config.stream, letter.article_id or f"payload-{digest[:32]}"),
            digest,
            marker_ttl=self.config.once_seconds,
            maxlen=self.config.maxlen,
            fields={
                "stage": letter.stage.value,
                "reason": letter.reason.value,
                "id": letter.article_id or "",
                "data": letter.model_dump_json(),
            },
        )
        return entry
