"""Receive: turn one payload off the queue into a `RawArticle`, or say why it cannot be one."""

from __future__ import annotations

import json

from pydantic import BaseModel, ConfigDict, Field, JsonValue, ValidationError

from schemas import RawArticle, RejectionReason, Stage
from worker.steps.base import Rejection

_MAX_ERRORS_LISTED = 5
_JSON_TYPE_NAMES = {
    list: "array",
    int: "number",
    float: "number",
    bool: "boolean",
    type(None): "null",
}


class PayloadLimits(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    max_payload_bytes: int = Field(default=5_000_000, ge=1_000)


def payload_size(payload: JsonValue) -> int:
    """Bytes of the payload as JSON (a string payload counts as its UTF-8 bytes)."""
    if isinstance(payload, str):
        return len(payload.encode("utf-8", errors="replace"))
    return len(json.dumps(payload, ensure_ascii=False).encode("utf-8", errors="replace"))


def describe_validation_error(error: ValidationError) -> str:
    """A ValidationError as one sentence a person can act on."""
    problems = []
    for item in error.errors()[:_MAX_ERRORS_LISTED]:
        where = ".".join(str(part) for part in item["loc"])
        message = item["msg"].removeprefix("Value error, ")
        if item["type"] == "extra_forbidden":
            message = "is not a field of RawArticle"
        problems.append(f"{where}: {message}" if where else message)
    more = len(error.errors()) - len(problems)
    suffix = f" (and {more} more)" if more > 0 else ""
    return "The payload is not a valid article: " + "; ".join(problems) + suffix + "."


def receive(payload: JsonValue, config: PayloadLimits) -> RawArticle | Rejection:
    """A JSON object, or a string holding one, validated as a RawArticle."""
    size = payload_size(payload)
    if size > config.max_payload_bytes:
        return Rejection(
            stage=Stage.RECEIVE,
            reason=RejectionReason.TOO_LARGE,
            error=f"The payload is {size:,} bytes, over the limit of "
            f"{config.max_payload_bytes:,} bytes.",
        )
    if isinstance(payload, str):
        try:
            payload = json.loads(payload)
        except ValueError as error:
            return Rejection(
                stage=Stage.RECEIVE,
                reason=RejectionReason.INVALID_JSON,
                error=f"The payload is not valid JSON ({error}).",
            )
    if not isinstance(payload, dict):
        return Rejection(
            stage=Stage.RECEIVE,
            reason=RejectionReason.INVALID_PAYLOAD,
            error=f"The payload is a JSON {_JSON_TYPE_NAMES.get(type(payload), 'value')}, "
            "not an object with the "
            "fields of a RawArticle.",
        )
    try:
        return RawArticle.model_validate(payload)
    except ValidationError as error:
        return Rejection(
            stage=Stage.RECEIVE,
            reason=RejectionReason.INVALID_PAYLOAD,
            error=describe_validation_error(error),
        )
