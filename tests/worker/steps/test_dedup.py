"""The dedup step against a real Redis: each republication kind, hard negatives, story groups,
idempotency, the window, and the index's keys."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest
import redis
from redis.crc import key_slot

from schemas import CleanArticle, DedupStatus, InputMode, ProcessedArticle
from tests.dedup_samples import (
    BODY,
    EDITED,
    FURNITURE,
    OTHER_STORY,
    REPUBLISHED,
    STORY,
    TEASER,
    UPDATED_ABOVE,
    UPDATED_BELOW,
)
from worker.redis_scripts import RedisScripts
from worker.steps.dedup import DedupConfig, RedisDedupIndex, deduplicate

NOW = datetime(2026, 11, 1, tzinfo=UTC)


def article(article_id: str, body: str = BODY) -> CleanArticle:
    return CleanArticle(
        id=article_id,
        body=body,
        input_mode=InputMode.TEXT,
        word_count=len(body.split()),
        received_at=NOW,
    )


class Dedup:
    def __init__(self, client: redis.Redis, config: DedupConfig | None = None) -> None:
        self.config = config or DedupConfig()
        self.index = RedisDedupIndex(RedisScripts(client), self.config)

    def __call__(self, article_id: str, body: str = BODY) -> ProcessedArticle:
        return deduplicate(article(article_id, body), self.index, self.config, NOW)


@pytest.fixture
def dedup(redis_client: redis.Redis) -> Dedup:
    return Dedup(redis_client)


def test_the_first_copy_is_unique_and_a_second_under_another_id_is_exact(dedup: Dedup) -> None:
    first, second = dedup("a"), dedup("b")
    assert first.dedup.status is DedupStatus.UNIQUE
    assert first.dedup.story_id == "a"
    assert first.dedup.duplicate_of is None
    assert second.dedup.status is DedupStatus.EXACT
    assert (second.dedup.duplicate_of, second.dedup.story_id) == ("a", "a")
    assert second.dedup.similarity == 1.0


@pytest.mark.parametrize(
    ("kind", "body"),
    [
        ("republished with another outlet's furniture", REPUBLISHED),
        ("edited: said -> says, a spelling, a figure", EDITED),
        ("a teaser: the first paragraph", TEASER),
        ("an update paragraph appended", UPDATED_BELOW),
        ("an update paragraph on top", UPDATED_ABOVE),
    ],
)
def test_a_republication_is_a_near_copy_of_the_story(dedup: Dedup, kind: str, body: str) -> None:
    dedup("original")
    copy = dedup("copy", body).dedup
    assert copy.status is DedupStatus.NEAR, kind
    assert (copy.duplicate_of, copy.story_id) == ("original", "original")
    assert 0.0 < copy.similarity <= 1.0


def test_a_teaser_seen_first_makes_the_full_story_its_copy(dedup: Dedup) -> None:
    dedup("teaser", TEASER)
    full = dedup("full", BODY).dedup
    assert full.status is DedupStatus.NEAR
    assert full.story_id == "teaser"


def test_every_copy_of_a_story_shares_the_first_ones_id(dedup: Dedup) -> None:
    dedup("first")
    verdicts = [dedup(f"c{i}", body).dedup for i, body in enumerate([EDITED, TEASER, BODY])]
    assert {v.story_id for v in verdicts} == {"first"}
    # A copy of a copy (the edit, updated) still belongs to the first story.
    assert dedup("c3", EDITED + "\n\nUpdate: more to follow.").dedup.story_id == "first"


def test_different_stories_sharing_an_outlets_furniture_are_not_copies(dedup: Dedup) -> None:
    assert dedup("a", f"{BODY}\n\n{FURNITURE}").dedup.status is DedupStatus.UNIQUE
    other = dedup("b", f"{OTHER_STORY}\n\n{FURNITURE}").dedup
    assert other.status is DedupStatus.UNIQUE
    assert other.story_id == "b"


def test_another_story_on_the_same_subject_is_not_a_copy(dedup: Dedup) -> None:
    dedup("a")
    follow_up = "\n\n".join(
        [
            "Councils in the northern districts said on Friday they would fight the water "
            "authority's plan to raise bills, a week after it announced a pipe replacement "
            "programme.",
            '"Families should not pay for years of neglect," said a council leader, who wants '
            "the national regulator to cap the increase at inflation.",
            STORY[5],  # one paragraph quoted from the first story
        ]
    )
    assert dedup("b", follow_up).dedup.status is DedupStatus.UNIQUE


def test_the_same_id_processed_again_gets_the_same_verdict(dedup: Dedup) -> None:
    first = dedup("a").dedup
    copy = dedup("b", EDITED).dedup
    assert dedup("a").dedup == first  # never a duplicate of itself
    assert dedup("b", EDITED).dedup == copy
    assert dedup("b", OTHER_STORY).dedup == copy  # a retry is recognised by its id


def test_workers_share_the_index_through_redis(redis_client: redis.Redis, data_url: str) -> None:
    Dedup(redis_client)("a")
    other_worker = redis.Redis.from_url(data_url, decode_responses=True)
    assert Dedup(other_worker)("b", EDITED).dedup.story_id == "a"
    other_worker.close()


def test_every_key_of_the_index_is_in_one_cluster_slot_and_expires(
    dedup: Dedup, redis_client: redis.Redis
) -> None:
    dedup("a")
    dedup("b", EDITED)
    names = list(redis_client.scan_iter("ingest:{dedup}:*"))
    assert {key_slot(name.encode()) for name in names} == {key_slot(b"{dedup}")}
    counters = [n for n in names if redis_client.type(n) == "string"]
    assert len(counters) == 1  # the doc counter: a single small key
    for name in set(names) - set(counters):
        assert 0 < redis_client.ttl(name) <= DedupConfig().window_seconds * 4 // 3 + 1


def test_a_story_is_forgotten_after_the_window(redis_client: redis.Redis) -> None:
    short = Dedup(redis_client, DedupConfig(window_seconds=2, generations=1))
    short("a")
    assert short("b", EDITED).dedup.status is DedupStatus.NEAR
    time.sleep(4.2)  # a window plus a generation: the bucket has expired
    assert not [n for n in redis_client.scan_iter("ingest:{dedup}:f*")]
    assert short("c", EDITED).dedup.status is DedupStatus.UNIQUE


def test_other_fingerprint_settings_use_their_own_keys(redis_client: redis.Redis) -> None:
    Dedup(redis_client)("a")
    other = Dedup(redis_client, DedupConfig.model_validate({"fingerprint": {"permutations": 128}}))
    assert other("b").dedup.status is DedupStatus.UNIQUE  # not compared with 64-slot sketches
