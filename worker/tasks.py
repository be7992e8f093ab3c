"""The chain's Celery tasks: thin wrappers that run one step over a batch.

Each task takes a batch (a list of items; a single item is a batch of one) and returns the
batch for the next link. What a step rejects, or fails on, goes to the dead letters alone;
Redis connection errors, and anything else that fails outside one article, retry the whole
batch with backoff (every step is idempotent). A task never fails: Celery drops the message
of a failed task (with late acks and no ack on failure it rejects it without requeueing).
"""

from __future__ import annotations

import logging
import random
from functools import cached_property
from typing import Any

from celery import Celery, Task, chain, signature
from celery.canvas import Signature
from celery.exceptions import Retry, SoftTimeLimitExceeded
from pydantic import JsonValue

from schemas import RejectionReason, Stage
from worker.chain import LINKS, links_after, task_name
from worker.dead_letters import DeadLetterConfig, dead_letter
from worker.links import LinkResult, Rejected, article_id_of, run_link
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

    def write_dead_letters(
        self, task: Task[Any, Any], stage: Stage, result: LinkResult, attempts: int
    ) -> None:
        """Write the dead letters; the articles whose letter cannot be written are sent to this
        link again later, so that none is lost while the dead-letter stream is unwritable."""
        unwritten: list[JsonValue] = []
        for rejected in result.rejected:
            letter = dead_letter(rejected.payload, rejected.rejection, attempts, self.dead_config)
            try:
                self.pipeline.dead_letters.write(letter)
            except Exception:
                log.exception("could not write a dead letter; the article will be tried again")
                unwritten.append(rejected.item)
        if unwritten:
            wait = self.settings.tasks.retry_backoff_max
            self.send_on(task, stage, unwritten, again=True, countdown=wait)

    def give_up(
        self,
        task: Task[Any, Any],
        stage: Stage,
        items: list[JsonValue],
        reason: RejectionReason,
        error: str,
    ) -> None:
        result = LinkResult()
        for item in items:
            rejection = Rejection(
                stage=stage, reason=reason, error=error, article_id=article_id_of(item)
            )
            result.rejected.append(Rejected(item, payload_of(stage, item), rejection))
        self.write_dead_letters(task, stage, result, task.request.retries + 1)

    @property
    def dead_config(self) -> DeadLetterConfig:
        return self.settings.dead_letters

    def send_on(
        self,
        task: Task[Any, Any],
        stage: Stage,
        batch: list[Any],
        *,
        again: bool,
        countdown: float | None = None,
    ) -> None:
        """Send `batch` through the links after `stage` (from `stage` itself when `again`):
        the links left in this task's chain, or the rest of the pipeline when it had none."""
        links: list[Signature[Any]]
        if task.request.chain:
            links = [signature(link, app=self.app).clone() for link in reversed(task.request.chain)]
            for link in links:
                link.options.pop("task_id", None)  # a new message is a new task
        else:
            links = links_after(self.app, stage, self.settings.queue)
        if again:
            links.insert(0, self.app.signature(task_name(stage), queue=self.settings.queue))
        if links:
            links[0] = links[0].clone(args=(batch,))
            if countdown is None:
                chain(*links).apply_async()
            else:
                chain(*links).apply_async(countdown=countdown)


def _run(runtime: ChainRuntime, task: Task[Any, Any], stage: Stage, batch: Any) -> list[Any]:
    """One link over one batch. Whatever goes wrong outside the per-article isolation (Redis
    down, a time limit, the broker) retries the batch; nothing makes the task fail, because a
    failed task's message is dropped by Celery."""
    items: list[JsonValue] = batch if isinstance(batch, list) else [batch]
    limit = runtime.settings.tasks.max_batch_items
    try:
        if len(items) > limit:
            # The rest goes on as a message of its own; from here, a retry is of this part only.
            runtime.send_on(task, stage, items[limit:], again=True)
            items = items[:limit]
        return _run_link(runtime, task, stage, items)
    except Retry:
        raise
    except Exception as error:
        return _retry_or_give_up(runtime, task, stage, items, error)


def _retry_or_give_up(
    runtime: ChainRuntime,
    task: Task[Any, Any],
    stage: Stage,
    items: list[JsonValue],
    error: Exception,
) -> list[Any]:
    tasks = runtime.settings.tasks
    if task.request.retries < tasks.max_retries:
        log.warning("the %s link failed, retrying the batch: %s", stage.value, error)
        countdown = runtime.backoff(task.request.retries)
        # The batch as one positional argument, however it came (Celery would keep the kwargs).
        raise task.retry(args=(items,), kwargs={}, exc=error, countdown=countdown) from error
    try:
        runtime.give_up(
            task,
            stage,
            items,
            RejectionReason.RETRIES_EXHAUSTED,
            f"The {stage.value} step kept failing: {type(error).__name__}: {error}.",
        )
    except Exception:
        # Not even the dead letters can be sent: keep the batch, and try again later.
        log.exception("could not give up on a batch at %s; retrying it", stage.value)
        raise task.retry(
            args=(items,), kwargs={}, exc=error, countdown=tasks.retry_backoff_max
        ) from error
    task.request.chain = None
    return []


def _run_link(
    runtime: ChainRuntime, task: Task[Any, Any], stage: Stage, items: list[JsonValue]
) -> list[Any]:
    result = run_link(
        stage, items, runtime.pipeline.link(stage), interrupt_on=(SoftTimeLimitExceeded,)
    )
    runtime.write_dead_letters(task, stage, result, task.request.retries + 1)
    if result.interrupted_at is not None:
        position = result.interrupted_at
        runtime.give_up(
            task,
            stage,
            [items[position]],
            RejectionReason.TIMED_OUT,
            f"The {stage.value} step took longer than the soft time limit "
            f"({runtime.settings.tasks.soft_time_limit}s) on this article or its batch.",
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


def _off_contract(
    runtime: ChainRuntime,
    task: Task[Any, Any],
    stage: Stage,
    args: list[JsonValue],
    kwargs: dict[str, JsonValue],
) -> list[Any]:
    """A message whose arguments are not one batch: to the dead letters whole, as it came."""
    rejection = Rejection(
        stage=stage,
        reason=RejectionReason.INVALID_PAYLOAD,
        error=f"The {stage.value} task takes one argument, the batch (a list of payloads); this "
        f"message had {len(args)} positional and {len(kwargs)} keyword arguments.",
    )
    message: JsonValue = {"args": args, "kwargs": kwargs}
    result = LinkResult(rejected=[Rejected(message, message, rejection)])
    try:
        runtime.write_dead_letters(task, stage, result, task.request.retries + 1)
    except Exception as error:
        return _retry_or_give_up(runtime, task, stage, [message], error)
    task.request.chain = None
    return []


def register_tasks(app: Celery, settings: Settings) -> ChainRuntime:
    """Register one task per link of the chain on `app`."""
    runtime = ChainRuntime(app, settings)
    for stage in LINKS:
        _register_link(app, runtime, stage)
    return runtime


def _register_link(app: Celery, runtime: ChainRuntime, stage: Stage) -> None:
    @app.task(name=task_name(stage), bind=True, max_retries=None, typing=False)
    def link(self: Task[Any, Any], *args: Any, **kwargs: Any) -> list[Any]:
        # Any arguments are accepted, so that a message sent by hand with the wrong ones is
        # dead-lettered, not failed (Celery would drop it).
        if len(args) == 1 and not kwargs:
            return _run(runtime, self, stage, args[0])
        if not args and set(kwargs) == {"batch"}:
            return _run(runtime, self, stage, kwargs["batch"])
        return _off_contract(runtime, self, stage, list(args), kwargs)
