"""The chain's Celery tasks: thin wrappers that run one step over a batch.

Each task takes a batch (a list of items; a single item is a batch of one) and returns the
batch for the next link. What a step rejects, or fails on, goes to the dead letters alone;
Redis connection errors retry the whole batch with backoff (every step is idempotent).
"""

from __future__ import annotations

import logging
import random
from functools import cached_property
from typing import Any

from celery import Celery, Task, chain, signature
from celery.canvas import Signature
from celery.exceptions import SoftTimeLimitExceeded
from pydantic import JsonValue

from schemas import RejectionReason, Stage
from worker.chain import LINKS, links_after, task_name
from worker.dead_letters import dead_letter
from worker.links import TRANSIENT_ERRORS, LinkResult, article_id_of, run_link
from worker.pipeline import Pipeline, payload_of
from worker.settings import Settings
from worker.steps.base import Rejection

log = logging.getLogger(__name__)


class ChainRuntime:
    """What the tasks of one app share: the settings and a pipeline built on first use
    (after the worker forks, so every child has its own Redis connections)."""

    def __init__(self, app: Celery, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    @cached_property
    def pipeline(self) -> Pipeline:
        return Pipeline.from_settings(self.settings)

    def backoff(self, retries: int) -> float:
        ceiling = float(min(self.settings.tasks.retry_backoff_max, 2**retries))
        return ceiling / 2 + random.uniform(0, ceiling / 2)

    def write_dead_letters(self, result: LinkResult, attempts: int) -> None:
        for payload, rejection in result.rejected:
            letter = dead_letter(payload, rejection, attempts, self.settings.dead_letters)
            self.pipeline.dead_letters.write(letter)

    def give_up(
        self,
        stage: Stage,
        items: list[JsonValue],
        reason: RejectionReason,
        error: str,
        attempts: int,
    ) -> None:
        result = LinkResult()
        for item in items:
            rejection = Rejection(
                stage=stage, reason=reason, error=error, article_id=article_id_of(item)
            )
            result.rejected.append((payload_of(stage, item), rejection))
        self.write_dead_letters(result, attempts)

    def send_on(self, task: Task[Any, Any], stage: Stage, batch: list[Any], *, again: bool) -> None:
        """Send `batch` through the links after `stage` (from `stage` itself when `again`):
        the links left in this task's chain, or the rest of the pipeline when it had none."""
        links: list[Signature[Any]]
        if task.request.chain:
            links = [signature(link, app=self.app) for link in reversed(task.request.chain)]
        else:
            links = links_after(self.app, stage, self.settings.queue)
        if again:
            links.insert(0, self.app.signature(task_name(stage), queue=self.settings.queue))
        if links:
            links[0] = links[0].clone(args=(batch,))
            chain(*links).apply_async()


def _run(runtime: ChainRuntime, task: Task[Any, Any], stage: Stage, batch: Any) -> list[Any]:
    items: list[JsonValue] = batch if isinstance(batch, list) else [batch]
    attempts = task.request.retries + 1
    try:
        result = run_link(
            stage, items, runtime.pipeline.link(stage), interrupt_on=(SoftTimeLimitExceeded,)
        )
    except TRANSIENT_ERRORS as error:
        if task.request.retries >= runtime.settings.tasks.max_retries:
            runtime.give_up(
                stage,
                items,
                RejectionReason.RETRIES_EXHAUSTED,
                f"Redis kept failing at the {stage.value} step: {error}.",
                attempts,
            )
            task.request.chain = None
            return []
        log.warning("Redis failed at %s, retrying the batch: %s", stage.value, error)
        raise task.retry(exc=error, countdown=runtime.backoff(task.request.retries)) from error
    runtime.write_dead_letters(result, attempts)
    if result.interrupted_at is not None:
        position = result.interrupted_at
        runtime.give_up(
            stage,
            [items[position]],
            RejectionReason.TIMED_OUT,
            f"The {stage.value} step took longer than the soft time limit "
            f"({runtime.settings.tasks.soft_time_limit}s) on this article.",
            attempts,
        )
        if items[position + 1 :]:
            runtime.send_on(task, stage, items[position + 1 :], again=True)
    passed = [model.model_dump(mode="json") for model in result.passed]
    if not task.request.chain:
        # Sent alone (by a producer that names only the first task): go on from here.
        if passed and stage is not LINKS[-1]:
            runtime.send_on(task, stage, passed, again=False)
    elif not passed:
        task.request.chain = None  # nothing left to hand on
    return passed


def register_tasks(app: Celery, settings: Settings) -> ChainRuntime:
    """Register one task per link of the chain on `app`."""
    runtime = ChainRuntime(app, settings)
    for stage in LINKS:
        _register_link(app, runtime, stage)
    return runtime


def _register_link(app: Celery, runtime: ChainRuntime, stage: Stage) -> None:
    @app.task(name=task_name(stage), bind=True, max_retries=None, typing=False)
    def link(self: Task[Any, Any], batch: Any) -> list[Any]:
        return _run(runtime, self, stage, batch)
