"""Run one step over a batch: each item on its own, so one bad article never stops the rest.

No Celery here: `worker.tasks` calls `run_link` and decides what to do with the result.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from pydantic import BaseModel, JsonValue

from schemas import RejectionReason, Stage
from worker.errors import RedisUnavailable
from worker.pipeline import LinkStep, payload_of
from worker.redis_scripts import TRANSIENT_REDIS_ERRORS
from worker.steps.base import Rejection

log = logging.getLogger(__name__)

TRANSIENT_ERRORS: tuple[type[Exception], ...] = (RedisUnavailable, *TRANSIENT_REDIS_ERRORS)


class Rejected(NamedTuple):
    item: JsonValue
    """The item as the link received it (to send it again)."""
    payload: JsonValue
    """The original payload inside it (for the dead letter)."""
    rejection: Rejection


@dataclass
class LinkResult:
    passed: list[BaseModel] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    interrupted_at: int | None = None
    """Index of the item that was running when an `interrupt_on` exception struck."""


def article_id_of(item: JsonValue) -> str | None:
    """The article's id in a link's item: `article.id` after cleaning, the payload's `id` before."""
    if not isinstance(item, dict):
        return None
    article = item.get("article")
    found = article.get("id") if isinstance(article, dict) else item.get("id")
    return found if isinstance(found, str) else None


def step_failed(stage: Stage, item: JsonValue, error: BaseException) -> Rejection:
    return Rejection(
        stage=stage,
        reason=RejectionReason.STEP_FAILED,
        article_id=article_id_of(item),
        error=f"The {stage.value} step failed on this article: {type(error).__name__}: {error}",
    )


def run_link(
    stage: Stage,
    items: Sequence[JsonValue],
    step: LinkStep,
    interrupt_on: tuple[type[BaseException], ...] = (),
) -> LinkResult:
    """Apply `step` to every item. Rejections and unexpected errors are collected per item;
    transient Redis errors propagate (the whole batch is retried: every step is idempotent)."""
    result = LinkResult()
    for position, item in enumerate(items):
        try:
            outcome = step(item)
        except TRANSIENT_ERRORS:
            raise
        except interrupt_on:
            result.interrupted_at = position
            return result
        except Exception as error:
            log.exception("%s step failed on one article", stage.value)
            outcome = step_failed(stage, item, error)
        if isinstance(outcome, Rejection):
            result.rejected.append(Rejected(item, payload_of(stage, item), outcome))
        else:
            result.passed.append(outcome)
    return result
