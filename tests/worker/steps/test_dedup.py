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
    THIRD_STORY,
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


def test_a_new_body_under_a_known_id_is_judged_again_and_indexed(dedup: Dedup) -> None:
    # A page fetched first as a paywall stub that another outlet's page shares, then whole.
    stub = "Subscribe to read. This article is for subscribers only. Log in or subscribe today."
    dedup("other-outlet", stub)
    assert dedup("a", stub).dedup.status is DedupStatus.EXACT
    whole = dedup("a", BODY).dedup
    assert (whole.status, whole.story_id) == (DedupStatus.UNIQUE, "a")
    assert dedup("a", BODY).dedup == whole  # its retry
    copy = dedup("b", BODY).dedup  # found: the whole body was indexed under "a"
    assert (copy.status, copy.duplicate_of) == (DedupStatus.EXACT, "a")


def test_an_edit_of_an_article_is_not_a_copy_of_its_own_earlier_version(dedup: Dedup) -> None:
    assert dedup("a", BODY).dedup.status is DedupStatus.UNIQUE
    edited = dedup("a", EDITED).dedup
    assert (edited.status, edited.story_id) == (DedupStatus.UNIQUE, "a")


def test_an_edit_of_an_article_is_not_a_copy_of_a_copy_of_itself(dedup: Dedup) -> None:
    dedup("a", BODY)
    assert dedup("b", REPUBLISHED).dedup.duplicate_of == "a"  # in the index, in a's story
    edited = dedup("a", REPUBLISHED).dedup  # a now reads as b does
    assert (edited.status, edited.duplicate_of, edited.story_id) == (DedupStatus.UNIQUE, None, "a")


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
    assert names
    assert {key_slot(name.encode()) for name in names} == {key_slot(b"{dedup}")}
    window = DedupConfig().window_seconds
    for name in names:  # a bucket lives a window after it ends: at least a window from now
        assert window <= redis_client.ttl(name) <= window * 4 // 3 + 1


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


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def clocked(client: redis.Redis, clock: Clock, config: DedupConfig | None = None) -> Dedup:
    dedup = Dedup(client, config)
    dedup.index = RedisDedupIndex(RedisScripts(client), dedup.config, clock=clock)
    return dedup


STEP = DedupConfig().generation_seconds
START = (time.time() // STEP) * STEP  # the start of the current bucket


@pytest.mark.parametrize("later", [STEP + 1, DedupConfig().window_seconds - 1])
def test_a_story_is_found_a_bucket_and_almost_a_window_later(
    redis_client: redis.Redis, later: int
) -> None:
    clock = Clock(START + 10)
    dedup = clocked(redis_client, clock)
    dedup("a")
    clock.now += later
    assert dedup("b", EDITED).dedup.story_id == "a"
    assert dedup("c").dedup.status is DedupStatus.EXACT


def test_a_story_older_than_the_window_and_its_bucket_is_not_looked_at(
    redis_client: redis.Redis,
) -> None:
    clock = Clock(START + 10)
    dedup = clocked(redis_client, clock)
    dedup("a")
    clock.now += DedupConfig().window_seconds + STEP
    assert dedup("b").dedup.status is DedupStatus.UNIQUE


def test_workers_with_clocks_either_side_of_a_bucket_boundary_see_each_other(
    redis_client: redis.Redis,
) -> None:
    early = clocked(redis_client, Clock(START + STEP - 1))  # just before the boundary
    late = clocked(redis_client, Clock(START + STEP + 1))  # just after it
    first = late("a").dedup
    assert early("b").dedup.story_id == "a"  # the late worker wrote into the next bucket
    assert early("a").dedup == first  # a redelivery to the other worker: the same verdict
    assert late("c", EDITED).dedup.story_id == "a"


def test_an_exact_copy_of_a_near_copy_belongs_to_the_first_story(dedup: Dedup) -> None:
    dedup("first")
    dedup("edit", EDITED)
    again = dedup("edit-again", EDITED).dedup
    assert again.status is DedupStatus.EXACT
    assert again.story_id == "first"


def test_a_long_excerpt_is_found_by_containment(dedup: Dedup) -> None:
    long_story = "\n\n".join([*STORY, OTHER_STORY])  # ~300 words
    dedup("long", long_story)
    excerpt = "\n\n".join(STORY[1:])  # > 100 shingles, its lead is not the story's
    found = dedup("excerpt", excerpt).dedup
    assert found.status is DedupStatus.NEAR
    assert found.story_id == "long"


def test_long_stories_sharing_only_a_lead_are_not_copies(dedup: Dedup) -> None:
    """An outlet's standard opening paragraph before two different long stories."""
    lead = STORY[0]
    dedup("a", "\n\n".join([lead, OTHER_STORY]))
    assert dedup("b", "\n\n".join([lead, THIRD_STORY])).dedup.status is DedupStatus.UNIQUE
