"""Write dead letters to their stream, once per payload, stage and reason."""

from __future__ import annotations

import hashlib
import json

from pydantic import BaseModel, ConfigDict, Field, JsonValue

from schemas import DeadLetter
from worker import keys
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


def _bounded(payload: JsonValue, max_bytes: int) -> tuple[JsonValue, bool]:
    """The payload as it came, or, when over the bound, its JSON text cut to the bound."""
    text = payload if isinstance(payload, str) else json.dumps(payload, ensure_ascii=False)
    encoded = text.encode("utf-8", errors="replace")
    if len(encoded) <= max_bytes:
        return payload, False
    return encoded[:max_bytes].decode("utf-8", errors="ignore"), True


def dead_letter(
    payload: JsonValue, rejection: Rejection, attempts: int, config: DeadLetterConfig
) -> DeadLetter:
    kept, truncated = _bounded(payload, config.max_payload_bytes)
    return DeadLetter(
        payload=kept,
        payload_truncated=truncated,
        article_id=rejection.article_id,
        stage=rejection.stage,
        reason=rejection.reason,
        error=rejection.error,
        attempts=attempts,
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
