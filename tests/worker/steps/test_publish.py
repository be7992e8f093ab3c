from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import redis

from schemas import (
    CleaningReport,
    DedupStatus,
    DedupVerdict,
    InputMode,
    ProcessedArticle,
    RemovalReason,
)
from worker.redis_scripts import RedisScripts
from worker.steps.publish import PublishConfig, fingerprint, publish

NOW = datetime(2026, 11, 1, tzinfo=UTC)
CONFIG = PublishConfig(stream="out")


def processed(
    article_id: str = "a", body: str = "Body text.", **update: object
) -> ProcessedArticle:
    article = ProcessedArticle(
        id=article_id,
        body=body,
        input_mode=InputMode.TEXT,
        word_count=2,
        received_at=NOW,
        content_hash="h",
        processed_at=NOW,
        dedup=DedupVerdict(status=DedupStatus.UNIQUE, story_id=article_id),
    )
    return article.model_copy(update=update)


def test_a_published_article_is_in_the_stream_as_json(redis_client: redis.Redis) -> None:
    publication = publish(processed(), RedisScripts(redis_client), CONFIG)
    assert publication.added
    [(entry_id, fields)] = redis_client.xrange("out")
    assert entry_id == publication.entry_id
    assert fields["id"] == "a"
    assert ProcessedArticle.model_validate_json(fields["data"]) == processed()


def test_a_retried_publish_adds_nothing(redis_client: redis.Redis) -> None:
    scripts = RedisScripts(redis_client)
    first = publish(processed(), scripts, CONFIG)
    retried = publish(processed(processed_at=NOW + timedelta(seconds=5)), scripts, CONFIG)
    assert not retried.added
    assert retried.entry_id == first.entry_id
    assert redis_client.xlen("out") == 1


def test_a_resubmission_cleaned_under_other_reasons_adds_nothing(redis_client: redis.Redis) -> None:
    scripts = RedisScripts(redis_client)
    first = CleaningReport(removed={RemovalReason.OUTSIDE_ARTICLE: 2}, credits=["DPA"])
    again = CleaningReport(
        removed={RemovalReason.LEARNED: 2}, credits=["DPA"]
    )  # its source's lines known
    publish(processed(cleaning=first), scripts, CONFIG)
    assert not publish(processed(cleaning=again), scripts, CONFIG).added
    other_credit = CleaningReport(removed={RemovalReason.LEARNED: 2}, credits=["AFP"])
    assert publish(processed(cleaning=other_credit), scripts, CONFIG).added
    assert redis_client.xlen("out") == 2


def test_a_corrected_article_under_the_same_id_is_published_again(
    redis_client: redis.Redis,
) -> None:
    scripts = RedisScripts(redis_client)
    publish(processed(), scripts, CONFIG)
    assert publish(processed(body="Corrected body text."), scripts, CONFIG).added
    assert redis_client.xlen("out") == 2


def test_the_stream_is_bounded_by_maxlen(redis_client: redis.Redis) -> None:
    scripts = RedisScripts(redis_client)
    bounded = PublishConfig(stream="out", maxlen=10)
    for number in range(500):
        publish(processed(f"id-{number}"), scripts, bounded)
    assert redis_client.xlen("out") <= 200


def test_the_publish_marker_expires(redis_client: redis.Redis) -> None:
    publish(processed(), RedisScripts(redis_client), PublishConfig(stream="out", once_seconds=60))
    [marker] = [key for key in redis_client.keys("*once*")]
    assert 0 < redis_client.ttl(marker) <= 60


def test_an_article_without_removals_keeps_the_fingerprint_earlier_versions_gave_it() -> None:
    article = processed()
    content = article.model_dump_json(exclude={"processed_at", "received_at"})
    assert fingerprint(article) == hashlib.sha256(content.encode("utf-8")).hexdigest()
