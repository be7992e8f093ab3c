from __future__ import annotations

from datetime import UTC, datetime

import redis

from schemas import DedupStatus, DedupVerdict, InputMode, ProcessedArticle
from worker.consumer import OutputConsumer
from worker.redis_scripts import RedisScripts
from worker.steps.publish import PublishConfig, publish

NOW = datetime(2026, 11, 1, tzinfo=UTC)


def publish_articles(client: redis.Redis, count: int) -> None:
    for number in range(count):
        article = ProcessedArticle(
            id=f"a{number}",
            body="Body.",
            input_mode=InputMode.TEXT,
            word_count=1,
            received_at=NOW,
            content_hash="h",
            dedup=DedupVerdict(status=DedupStatus.UNIQUE, story_id=f"a{number}"),
        )
        publish(article, RedisScripts(client), PublishConfig(stream="out"))


def test_a_new_group_reads_the_stream_from_its_start(redis_client: redis.Redis) -> None:
    publish_articles(redis_client, 3)
    consumer = OutputConsumer(redis_client, "out", "readers", "c1")
    consumer.ensure_group()
    consumer.ensure_group()  # a second call is harmless
    deliveries = consumer.read(count=10, block_ms=10)
    assert [d.article.id for d in deliveries] == ["a0", "a1", "a2"]


def test_what_is_acknowledged_is_not_read_again(redis_client: redis.Redis) -> None:
    publish_articles(redis_client, 2)
    consumer = OutputConsumer(redis_client, "out", "readers", "c1")
    consumer.ensure_group()
    consumer.ack(consumer.read(count=10, block_ms=10))
    restarted = OutputConsumer(redis_client, "out", "readers", "c1")
    assert restarted.read(count=10, block_ms=10) == []
    assert redis_client.xpending("out", "readers")["pending"] == 0


def test_a_consumer_restarted_before_acknowledging_reads_its_entries_again(
    redis_client: redis.Redis,
) -> None:
    publish_articles(redis_client, 2)
    crashed = OutputConsumer(redis_client, "out", "readers", "c1")
    crashed.ensure_group()
    assert len(crashed.read(count=10, block_ms=10)) == 2
    restarted = OutputConsumer(redis_client, "out", "readers", "c1")
    assert [d.article.id for d in restarted.read(count=10, block_ms=10)] == ["a0", "a1"]


def test_entries_idle_at_a_dead_consumer_are_claimed_by_another(redis_client: redis.Redis) -> None:
    publish_articles(redis_client, 2)
    dead = OutputConsumer(redis_client, "out", "readers", "dead")
    dead.ensure_group()
    dead.read(count=10, block_ms=10)
    other = OutputConsumer(redis_client, "out", "readers", "other", claim_idle_ms=0)
    assert [d.article.id for d in other.read(count=10, block_ms=10)] == ["a0", "a1"]


def test_two_consumers_of_one_group_share_the_entries(redis_client: redis.Redis) -> None:
    publish_articles(redis_client, 4)
    first = OutputConsumer(redis_client, "out", "readers", "c1")
    second = OutputConsumer(redis_client, "out", "readers", "c2")
    first.ensure_group()
    got_first = first.read(count=2, block_ms=10)
    got_second = second.read(count=10, block_ms=10)
    assert {d.article.id for d in got_first} | {d.article.id for d in got_second} == {
        "a0",
        "a1",
        "a2",
        "a3",
    }
    assert not {d.entry_id for d in got_first} & {d.entry_id for d in got_second}


def test_an_entry_that_is_not_an_article_does_not_stall_the_group(
    redis_client: redis.Redis,
) -> None:
    redis_client.xadd("out", {"id": "x", "data": '{"not": "an article"}'})
    publish_articles(redis_client, 2)
    consumer = OutputConsumer(redis_client, "out", "readers", "c1")
    consumer.ensure_group()
    assert [d.article.id for d in consumer.read(count=10, block_ms=10)] == ["a0", "a1"]
    assert redis_client.xpending("out", "readers")["pending"] == 2  # the two articles, unacked
    assert redis_client.xlen("out") == 3  # the bad entry stays in the stream
    restarted = OutputConsumer(redis_client, "out", "readers", "c1")
    assert [d.article.id for d in restarted.read(count=10, block_ms=10)] == ["a0", "a1"]


def test_an_entry_in_another_encoding_is_skipped_alone(redis_client: redis.Redis) -> None:
    publish_articles(redis_client, 1)
    redis_client.xadd("out", {"id": "latin-1", "data": '{"body": "caf\xe9"}'.encode("latin-1")})
    publish_articles(redis_client, 2)  # a1 is new; a0's content is already published
    consumer = OutputConsumer(redis_client, "out", "readers", "c1")
    consumer.ensure_group()
    assert [d.article.id for d in consumer.read(count=10, block_ms=10)] == ["a0", "a1"]
    assert redis_client.xpending("out", "readers")["pending"] == 2  # the other one acknowledged


def test_a_client_that_does_not_decode_replies_reads_the_same_articles(data_url: str) -> None:
    raw = redis.Redis.from_url(data_url)  # replies as bytes
    raw.flushdb()
    publish_articles(redis.Redis.from_url(data_url, decode_responses=True), 2)
    consumer = OutputConsumer(raw, "out", "readers", "c1")
    consumer.ensure_group()
    deliveries = consumer.read(count=10, block_ms=10)
    assert [d.article.id for d in deliveries] == ["a0", "a1"]
    consumer.ack(deliveries)
    assert raw.xpending("out", "readers")["pending"] == 0
    raw.close()
