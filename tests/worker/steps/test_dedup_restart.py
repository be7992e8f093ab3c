"""Redis restarting in the middle of a stream: the dedup step waits for it (as the task's retry
does), its scripts are loaded again, and the verdicts stay the same."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from schemas import CleanArticle, DedupVerdict, InputMode
from tests.dedup_samples import EDITED, OTHER_STORY, STORY, TEASER
from worker.embedded_redis import RedisServer
from worker.errors import RedisUnavailable
from worker.redis_scripts import RedisScripts, connect
from worker.steps.dedup import DedupConfig, RedisDedupIndex, deduplicate

NOW = datetime(2026, 11, 1, tzinfo=UTC)
STREAM = [
    ("story", "\n\n".join(STORY)),
    ("other", OTHER_STORY),
    ("edited", EDITED),
    ("teaser", TEASER),
    ("story-again", "\n\n".join(STORY)),
    ("other-edited", OTHER_STORY.replace("said", "says")),
]


@pytest.fixture
def persistent_redis() -> Iterator[RedisServer]:
    with RedisServer(persistent=True) as server:
        yield server


def verdict(index: RedisDedupIndex, article_id: str, body: str) -> DedupVerdict:
    """The verdict, retried while Redis is away (what the Celery task's retry does)."""
    article = CleanArticle(
        id=article_id, body=body, input_mode=InputMode.TEXT, word_count=1, received_at=NOW
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            return deduplicate(article, index, index.config, NOW).dedup
        except RedisUnavailable:
            assert time.monotonic() < deadline, "Redis did not come back"
            time.sleep(0.2)


def test_verdicts_survive_a_redis_restart_in_the_middle_of_the_stream(
    persistent_redis: RedisServer,
) -> None:
    index = RedisDedupIndex(RedisScripts(connect(persistent_redis.url)), DedupConfig())
    before = {aid: verdict(index, aid, body) for aid, body in STREAM[:2]}

    persistent_redis.stop()  # down: the next calls fail until it is back
    restart = threading.Timer(1.0, persistent_redis.start)
    restart.start()
    after = {aid: verdict(index, aid, body) for aid, body in STREAM[2:]}
    restart.join()

    # The index written before the restart is still there: copies find their stories.
    assert after["edited"].story_id == "story"
    assert after["teaser"].story_id == "story"
    assert after["story-again"].status.value == "exact"
    assert after["other-edited"].story_id == "other"
    # Redelivered after the restart, every article gets the verdict it got.
    again = {aid: verdict(index, aid, body) for aid, body in STREAM}
    assert again == before | after
