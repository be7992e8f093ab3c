"""The chain `clean | classify | dedup | publish` by task name, for producers and the tasks.

A producer needs only these names, not the task code: any Celery client (or a hand-written
message, see the README) can start the chain.
"""

from __future__ import annotations

from typing import Any

from celery import Celery, chain
from celery.canvas import Signature

from schemas import Stage

LINKS: tuple[Stage, ...] = (Stage.CLEAN, Stage.CLASSIFY, Stage.DEDUP, Stage.PUBLISH)


def task_name(stage: Stage) -> str:
    return f"article_ingest.{stage.value}"


def links_after(app: Celery, stage: Stage, queue: str) -> list[Signature[Any]]:
    """Signatures of the links that follow `stage`, each taking the batch the one before returns."""
    following = LINKS[LINKS.index(stage) + 1 :]
    return [app.signature(task_name(link), queue=queue) for link in following]


def pipeline_chain(app: Celery, batch: list[Any], queue: str) -> Signature[Any]:
    """The whole chain for one batch of payloads."""
    first = app.signature(task_name(Stage.CLEAN), args=(batch,), queue=queue)
    return chain(first, *links_after(app, Stage.CLEAN, queue))
