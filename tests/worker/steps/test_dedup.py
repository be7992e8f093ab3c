from __future__ import annotations

import time
from datetime import UTC, datetime

import redis

from schemas import CleanArticle, DedupStatus, InputMode
from worker.redis_scripts import RedisScripts
from worker.steps.dedup import DedupConfig, RedisFirstSeenIndex, content_hash, deduplicate

NOW = datetime(2026, 11, 1, tzinfo=UTC)
BODY = "Dock workers stayed off the job for a second day.\n\nTalks broke down."


def article(article_id: str, body: str = BODY) -> CleanArticle:
    return CleanArticle(
        id=article_id,
        body=body,
        input_mode=InputMode.TEXT,
        word_count=len(body.split()),
        received_at=NOW,
    )


def index(client: redis.Redis, window: int = 3600) -> RedisFirstSeenIndex:
    return RedisFirstSeenIndex(RedisScripts(client), DedupConfig(window_seconds=window))


def test_the_first_copy_is_unique_and_a_second_under_another_id_is_exact(
    redis_client: redis.Redis,
) -> None:
    shared = index(redis_client)
    first = deduplicate(article("a"), shared, NOW)
    second = deduplicate(article("b"), shared, NOW)
    assert first.dedup.status is DedupStatus.UNIQUE
    assert first.dedup.story_id == "a"
    assert second.dedup.status is DedupStatus.EXACT
    assert second.dedup.duplicate_of == "a"
    assert second.dedup.story_id == "a"
    assert second.dedup.similarity == 1.0


def test_the_same_id_processed_again_is_not_its_own_duplicate(redis_client: redis.Redis) -> None:
    shared = index(redis_client)
    deduplicate(article("a"), shared, NOW)
    again = deduplicate(article("a"), shared, NOW)
    assert again.dedup.status is DedupStatus.UNIQUE
    assert again.dedup.duplicate_of is None


def test_a_copy_processed_again_keeps_its_verdict(redis_client: redis.Redis) -> None:
    shared = index(redis_client)
    deduplicate(article("a"), shared, NOW)
    deduplicate(article("b"), shared, NOW)
    assert deduplicate(article("b"), shared, NOW).dedup.duplicate_of == "a"


def test_copies_differing_only_in_case_spacing_and_punctuation_are_exact(
    redis_client: redis.Redis,
) -> None:
    shared = index(redis_client)
    deduplicate(article("a"), shared, NOW)
    variant = "DOCK workers stayed off the job — for a second day!\nTalks broke   down"
    assert deduplicate(article("b", variant), shared, NOW).dedup.status is DedupStatus.EXACT
    assert content_hash(BODY) == content_hash(variant)


def test_a_different_story_is_unique(redis_client: redis.Redis) -> None:
    shared = index(redis_client)
    deduplicate(article("a"), shared, NOW)
    other = deduplicate(article("b", "The council approved new cycle lanes."), shared, NOW)
    assert other.dedup.status is DedupStatus.UNIQUE


def test_workers_share_the_index_through_redis(redis_client: redis.Redis, data_url: str) -> None:
    deduplicate(article("a"), index(redis_client), NOW)
    other_worker = redis.Redis.from_url(data_url, decode_responses=True)
    assert deduplicate(article("b"), index(other_worker), NOW).dedup.duplicate_of == "a"
    other_worker.close()


def test_a_body_is_forgotten_after_the_window(redis_client: redis.Redis) -> None:
    shared = index(redis_client, window=1)
    deduplicate(article("a"), shared, NOW)
    assert 0 < redis_client.ttl(next(iter(redis_client.scan_iter("*exact*")))) <= 1
    time.sleep(1.2)
    assert deduplicate(article("b"), shared, NOW).dedup.status is DedupStatus.UNIQUE
