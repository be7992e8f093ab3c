"""Look up what became of submitted articles, by id: published, or dead-lettered.

Reads the markers that publishing and dead-lettering leave (see `lua/add_once.lua`), so it
finds an article published by an earlier run too, without scanning the streams.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

import redis

from schemas import DeadLetter, ProcessedArticle
from worker import keys
from worker.settings import Settings

Outcome = ProcessedArticle | DeadLetter


def _entry_data(client: redis.Redis, stream: str, entry_id: str) -> str | None:
    entries = cast(list[Any], client.xrange(stream, entry_id, entry_id))
    if not entries:
        return None  # trimmed away
    return cast(str, entries[0][1]["data"])


def redis_time_ms(client: redis.Redis) -> int:
    """Now, by the Redis server's clock, in milliseconds (as `lua/add_once.lua` notes it)."""
    seconds, microseconds = client.time()
    return seconds * 1000 + microseconds // 1000


def find_outcomes(
    client: redis.Redis,
    settings: Settings,
    article_ids: Sequence[str],
    since_ms: int | None = None,
) -> dict[str, Outcome]:
    """The outcome of each id that has one so far (absent while it is still being processed,
    or when its stream entry was trimmed). With `since_ms` (see `redis_time_ms`), only those
    published or dead-lettered, or found already there, from then on: not an earlier run's."""
    streams = (
        (settings.output.stream, ProcessedArticle),
        (settings.dead_letters.stream, DeadLetter),
    )
    found: dict[str, Outcome] = {}
    for stream, model in streams:
        with client.pipeline(transaction=False) as pipe:
            for article_id in article_ids:
                pipe.hmget(keys.added_once(stream, article_id), ["entry", "seen"])
            markers = cast(list[list[str | None]], pipe.execute())
        for article_id, (entry_id, seen) in zip(article_ids, markers, strict=True):
            if entry_id is None or article_id in found:
                continue
            if since_ms is not None and (seen is None or int(seen) < since_ms):
                continue
            data = _entry_data(client, stream, entry_id)
            if data is not None:
                found[article_id] = model.model_validate_json(data)
    return found
