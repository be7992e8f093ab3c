"""Receive: turn one payload off the queue into a `RawArticle`, or say why it cannot be one."""

from __future__ import annotations

import json

from pydantic import BaseModel, ConfigDict, Field, JsonValue, ValidationError

from schemas import RawArticle, RejectionReason, Stage
from worker.lone_surrogates import without_lone_surrogates
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
    max_nesting: int = Field(
        default=32, ge=2, le=200, description="Deepest nesting of arrays and objects in a payload."
    )


def nests_deeper_than(value: JsonValue, limit: int) -> bool:
    """Whether arrays and objects nest more than `limit` levels deep in `value` (the payload
    object itself is level 1). Iterative: any depth is measured without recursion."""
    stack: list[tuple[JsonValue, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: list[JsonValue] = list(item.values())
        elif isinstance(item, list):
            children = item
        else:
            continue
        if depth + 1 > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


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


def _too_deep(config: PayloadLimits) -> Rejection:
    return Rejection(
        stage=Stage.RECEIVE,
        reason=RejectionReason.INVALID_PAYLOAD,
        error=f"The payload nests arrays and objects more than {config.max_nesting} levels "
        "deep; an article's fields and metadata need far fewer.",
    )


def over_limits(payload: JsonValue, config: PayloadLimits) -> Rejection | None:
    """Why the payload is refused before it is read, if it is: nested too deeply (checked
    first: everything after it recurses), or over the size limit."""
    if nests_deeper_than(payload, config.max_nesting):
        return _too_deep(config)
    size = payload_size(payload)
    if size > config.max_payload_bytes:
        return Rejection(
            stage=Stage.RECEIVE,
            reason=RejectionReason.TOO_LARGE,
            error=f"The payload is {size:,} bytes, over the limit of "
            f"{config.max_payload_bytes:,} bytes.",
        )
    return None


def receive(payload: JsonValue, config: PayloadLimits) -> RawArticle | Rejection:
    """A JSON object, or a string holding one, validated as a RawArticle. Lone surrogates in
    its strings become U+FFFD (see `worker.lone_surrogates`)."""
    refused = over_limits(payload, config)
    if refused is not None:
        return refused
    if isinstance(payload, str):
        try:
            payload = json.loads(payload)
        except ValueError as error:
            return Rejection(
                stage=Stage.RECEIVE,
                reason=RejectionReason.INVALID_JSON,
                error=f"The payload is not valid JSON ({error}).",
            )
        except RecursionError:
            return _too_deep(config)
        if nests_deeper_than(payload, config.max_nesting):
            return _too_deep(config)
    payload = without_lone_surrogates(payload)
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
