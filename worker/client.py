"""Submit articles from Python: each batch of `tasks.batch_size` articles is one chain."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from itertools import islice
from typing import Any

from celery import Celery

from schemas import RawArticle
from worker.chain import pipeline_chain
from worker.settings import Settings
from worker.steps.receive import over_limits

ArticleLike = RawArticle | Mapping[str, Any]


def batched(items: Iterable[ArticleLike], size: int) -> Iterator[list[ArticleLike]]:
    """Lists of `size` items (the last may be shorter); itertools.batched needs Python 3.12."""
    iterator = iter(items)
    while group := list(islice(iterator, size)):
        yield group


class IngestClient:
    """Validates articles before sending them (a ValidationError, or a ValueError for what the
    worker's limits would refuse, is raised to the caller for the whole batch, before anything
    of that batch is sent) and starts one chain per batch."""

    def __init__(self, settings: Settings, app: Celery | None = None) -> None:
        from worker.app import celery_config

        self.settings = settings
        if app is None:
            app = Celery("article_ingest", set_as_current=False)
            app.conf.update(celery_config(settings))
        self.app = app

    def submit(self, article: ArticleLike) -> str:
        """Enqueue one article; returns its id."""
        return self.submit_many([article])[0]

    def submit_many(self, articles: Iterable[ArticleLike]) -> list[str]:
        """Enqueue articles in batches; returns their ids in order."""
        return [article_id for batch in self.submit_batches(articles) for article_id in batch]

    def submit_batches(self, articles: Iterable[ArticleLike]) -> Iterator[list[str]]:
        """Enqueue articles in batches, yielding the ids of each batch once it is sent."""
        for group in batched(articles, self.settings.tasks.batch_size):
            raws = [a if isinstance(a, RawArticle) else RawArticle.model_validate(a) for a in group]
            payloads = [raw.model_dump(mode="json", exclude_none=True) for raw in raws]
            for raw, payload in zip(raws, payloads, strict=True):
                self._check_received(raw.article_id, payload)
            pipeline_chain(self.app, payloads, self.settings.queue).apply_async()
            yield [raw.article_id for raw in raws]

    def _check_received(self, article_id: str, payload: dict[str, Any]) -> None:
        """What the worker's first step would refuse past validation (over the size limit,
        nested too deeply) is refused here, before it is sent (ValueError)."""
        refused = over_limits(payload, self.settings.limits)
        if refused is not None:
            raise ValueError(f"article {article_id}: {refused.error}")

    def close(self) -> None:
        self.app.close()
