"""Processes racing on copies of the same stories: each story is admitted exactly once.

The harness is shown to catch a check-then-insert index (two round trips): the same race admits
stories twice there, so passing it means something."""

from __future__ import annotations

import multiprocessing
import random
import time
from multiprocessing.synchronize import Barrier

import redis

from schemas import DedupStatus
from tests.processes import run_together
from worker.redis_scripts import RedisScripts
from worker.steps.dedup import DedupConfig, Fingerprint, IndexVerdict, RedisDedupIndex, fingerprint

PROCESSES = 4
STORIES = 25


def story(number: int) -> str:
    """A distinct story: 6 paragraphs of 20 words drawn from a large made-up vocabulary."""
    rng = random.Random(number)
    syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "de", "po", "ga", "li"]
    vocabulary = ["".join(rng.choices(syllables, k=3)) for _ in range(400)]
    return "\n\n".join(" ".join(rng.choices(vocabulary, k=20)) for _ in range(6))


def variant(body: str, process: int) -> str:
    """Process 0 sends the story, the others a republication of it."""
    if process == 1:
        return body.replace("ka", "ke", 3)  # an edit
    if process == 2:
        return f"By a staff reporter\n\n{body}\n\nShare this article"
    if process == 3:
        return f"{body}\n\nUpdate: more details to follow later today."
    return body


class CheckThenInsertIndex:
    """What the atomic script prevents: look, then (a moment later) write."""

    def __init__(self, client: redis.Redis) -> None:
        self.client = client

    def check_and_add(self, article_id: str, fingerprint: Fingerprint) -> IndexVerdict:
        key = f"naive:{fingerprint.content_hash}"
        first = self.client.get(key)
        if first is not None:
            return IndexVerdict(DedupStatus.EXACT, 1.0, str(first))
        time.sleep(0.002)
        self.client.set(key, article_id)
        return IndexVerdict(DedupStatus.UNIQUE, 0.0, article_id)


def _race_in_a_process(
    url: str, process: int, atomic: bool, barrier: Barrier, results: multiprocessing.Queue[object]
) -> None:
    client = redis.Redis.from_url(url, decode_responses=True)
    config = DedupConfig()
    index = (
        RedisDedupIndex(RedisScripts(client), config) if atomic else CheckThenInsertIndex(client)
    )
    bodies = [variant(story(n), process) if atomic else story(n) for n in range(STORIES)]
    prints = [fingerprint(body, config.fingerprint) for body in bodies]
    barrier.wait(timeout=60)
    verdicts = [(n, index.check_and_add(f"p{process}-s{n}", prints[n])) for n in range(STORIES)]
    results.put([(n, v.status.value, v.story) for n, v in verdicts])
    client.close()


def race(url: str, atomic: bool) -> list[tuple[int, str, str]]:
    arguments = [(url, process, atomic) for process in range(PROCESSES)]
    return [tuple(row) for row in run_together(_race_in_a_process, arguments)]


def admitted(rows: list[tuple[int, str, str]]) -> dict[int, int]:
    """Per story: how many of its copies were called unique."""
    counts = {n: 0 for n in range(STORIES)}
    for n, status, _ in rows:
        counts[n] += status == DedupStatus.UNIQUE.value
    return counts


def test_processes_racing_on_copies_admit_each_story_exactly_once(
    redis_client: redis.Redis, data_url: str
) -> None:
    rows = race(data_url, atomic=True)
    assert len(rows) == PROCESSES * STORIES
    assert set(admitted(rows).values()) == {1}
    # And every copy points at the one admitted copy of its story.
    first = {n: story_id for n, status, story_id in rows if status == "unique"}
    assert all(story_id == first[n] for n, _, story_id in rows)


def test_the_same_race_admits_stories_twice_with_a_check_then_insert_index(
    redis_client: redis.Redis, data_url: str
) -> None:
    rows = race(data_url, atomic=False)
    assert max(admitted(rows).values()) > 1
