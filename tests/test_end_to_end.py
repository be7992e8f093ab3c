"""The whole chain through a real Celery worker process and a real Redis."""

from __future__ import annotations

import json
import time
from typing import Any

import redis
from celery import Celery

from schemas import DeadLetter, DedupStatus, ProcessedArticle, RejectionReason, Stage
from tests.conftest import WorkerProcess
from tests.raw_messages import EMBED, raw_task_message
from tests.samples import NEWS_PAGE_HTML, WIRE_TEXT, WIRE_TITLE, wire_article
from worker.app import celery_config
from worker.chain import pipeline_chain
from worker.client import IngestClient
from worker.outcomes import Outcome, find_outcomes
from worker.settings import Settings
from worker.steps.classify import LinearTopics, TopicConfig


def wait_for(
    client: redis.Redis, settings: Settings, ids: list[str], timeout: float = 60
) -> dict[str, Outcome]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = find_outcomes(client, settings, ids)
        if len(found) == len(ids):
            return found
        time.sleep(0.1)
    raise AssertionError(f"no outcome in {timeout}s for {set(ids) - set(found)}")


def wait_for_dead_letters(client: redis.Redis, settings: Settings, count: int) -> list[DeadLetter]:
    deadline = time.monotonic() + 60
    while client.xlen(settings.dead_letters.stream) < count and time.monotonic() < deadline:
        time.sleep(0.1)
    entries = client.xrange(settings.dead_letters.stream)
    return [DeadLetter.model_validate_json(fields["data"]) for _, fields in entries]


def send_payloads(settings: Settings, payloads: list[Any]) -> None:
    """Start the chain with payloads as they are, valid or not, as any producer could."""
    app = Celery("test-producer", set_as_current=False)
    app.conf.update(celery_config(settings))
    pipeline_chain(app, payloads, settings.queue).apply_async()
    app.close()


def test_a_submitted_article_comes_out_validated_with_its_title(
    celery_worker: WorkerProcess, settings: Settings, redis_client: redis.Redis
) -> None:
    client = IngestClient(settings)
    article_id = client.submit(wire_article("e2e-1"))
    client.close()
    outcome = wait_for(redis_client, settings, [article_id])[article_id]
    assert isinstance(outcome, ProcessedArticle)
    [(_, fields)] = redis_client.xrange(settings.output.stream)
    published = ProcessedArticle.model_validate_json(fields["data"])
    assert published.title == WIRE_TITLE
    assert published.language == "en"
    topics = LinearTopics(TopicConfig()).topics(f"{published.title}\n{published.body}")
    assert topics
    assert published.topics == topics  # classified in the worker by the shipped model
    assert published.dedup.status is DedupStatus.UNIQUE
    assert "Dock workers at the country's largest container port" in published.body
    assert published.cleaning.credits == ["Reuters"]
    assert "License this article" not in published.body
    assert "(STAFF PHOTO)" not in published.body


def test_an_html_page_comes_out_as_its_article(
    celery_worker: WorkerProcess, settings: Settings, redis_client: redis.Redis
) -> None:
    client = IngestClient(settings)
    article_id = client.submit({"url": "https://courier.example.com/n/1", "html": NEWS_PAGE_HTML})
    client.close()
    outcome = wait_for(redis_client, settings, [article_id])[article_id]
    assert isinstance(outcome, ProcessedArticle)
    assert outcome.title == "City council approves new cycle lanes"
    assert outcome.source == "courier.example.com"


def test_bad_inputs_become_dead_letters_and_the_worker_serves_the_next_message(
    celery_worker: WorkerProcess, settings: Settings, redis_client: redis.Redis
) -> None:
    too_large = {"id": "big", "text": "x" * (settings.limits.max_payload_bytes + 1)}
    empty = {"id": "empty", "html": "<html><body><img src='a.jpg'></body></html>"}
    send_payloads(settings, ["{not json", {"id": "v", "url": "ftp://x"}, empty, too_large])
    letters = wait_for_dead_letters(redis_client, settings, 4)
    by_reason = {letter.reason: letter for letter in letters}
    assert set(by_reason) == {
        RejectionReason.INVALID_JSON,
        RejectionReason.INVALID_PAYLOAD,
        RejectionReason.EMPTY_BODY,
        RejectionReason.TOO_LARGE,
    }
    assert by_reason[RejectionReason.INVALID_JSON].payload == "{not json"
    assert by_reason[RejectionReason.EMPTY_BODY].payload == empty
    assert by_reason[RejectionReason.EMPTY_BODY].stage is Stage.CLEAN
    assert "url must be an absolute http(s) URL" in by_reason[RejectionReason.INVALID_PAYLOAD].error

    client = IngestClient(settings)
    good = client.submit(wire_article("after-bad"))
    client.close()
    assert isinstance(wait_for(redis_client, settings, [good])[good], ProcessedArticle)
    assert celery_worker.is_alive()


def test_a_lone_surrogate_is_published_as_a_replacement_character_and_deep_nesting_rejected(
    celery_worker: WorkerProcess, settings: Settings, redis_client: redis.Redis
) -> None:
    # Before, neither could be written anywhere: the batch was retried for ever.
    cut = wire_article("cut-emoji") | {"metadata": {"caption": "flag \ud83c"}}
    deep: object = "leaf"
    for _ in range(100):
        deep = [deep]
    send_payloads(settings, [cut, {"id": "deep", "text": "Body.", "metadata": {"k": deep}}])
    published = wait_for(redis_client, settings, ["cut-emoji"])["cut-emoji"]
    assert isinstance(published, ProcessedArticle)
    assert published.metadata == {"caption": "flag \ufffd"}
    [rejected] = wait_for_dead_letters(redis_client, settings, 1)
    assert rejected.reason is RejectionReason.INVALID_PAYLOAD
    assert "more than 32 levels deep" in rejected.error
    assert rejected.payload == {"id": "deep", "text": "Body.", "metadata": {"k": deep}}


def test_one_bad_article_in_a_batch_goes_alone_and_the_rest_are_published(
    celery_worker: WorkerProcess, settings: Settings, redis_client: redis.Redis
) -> None:
    batch = [
        wire_article("b1", text="One\nFirst story body."),
        {"id": "b2", "html": "<p></p>"},
        wire_article("b3", text="Three\nThird story body."),
    ]
    send_payloads(settings, batch)
    outcomes = wait_for(redis_client, settings, ["b1", "b2", "b3"])
    assert isinstance(outcomes["b1"], ProcessedArticle)
    assert isinstance(outcomes["b3"], ProcessedArticle)
    assert isinstance(outcomes["b2"], DeadLetter)
    assert outcomes["b2"].reason is RejectionReason.EMPTY_BODY


def test_an_exact_copy_under_another_id_points_to_the_first(
    celery_worker: WorkerProcess, settings: Settings, redis_client: redis.Redis
) -> None:
    client = IngestClient(settings)
    client.submit(wire_article("original"))
    wait_for(redis_client, settings, ["original"])
    client.submit(wire_article("republished"))
    copy = wait_for(redis_client, settings, ["republished"])["republished"]
    assert isinstance(copy, ProcessedArticle)
    assert copy.dedup.status is DedupStatus.EXACT
    assert copy.dedup.duplicate_of == "original"

    # The same id again (a scraper's second pass) is no duplicate of itself and adds nothing.
    client.submit_many([wire_article("original"), wire_article("marker", text="M\nOther body.")])
    client.close()
    wait_for(redis_client, settings, ["marker"])
    entries = redis_client.xrange(settings.output.stream)
    originals = [
        ProcessedArticle.model_validate_json(f["data"]) for _, f in entries if f["id"] == "original"
    ]
    assert len(originals) == 1
    assert originals[0].dedup.status is DedupStatus.UNIQUE


def test_an_edited_republication_and_a_teaser_join_the_first_copys_story(
    celery_worker: WorkerProcess, settings: Settings, redis_client: redis.Redis
) -> None:
    client = IngestClient(settings)
    client.submit(wire_article("wire-1"))
    wait_for(redis_client, settings, ["wire-1"])
    edited = WIRE_TEXT.replace("said", "says").replace("second day", "2nd day")
    lines = WIRE_TEXT.splitlines()
    teaser = "\n".join([lines[0], "", lines[4], "", "Read the full story on our website."])
    client.submit_many([wire_article("wire-2", text=edited), wire_article("wire-3", text=teaser)])
    client.close()
    copies = wait_for(redis_client, settings, ["wire-2", "wire-3"])
    for copy in copies.values():
        assert isinstance(copy, ProcessedArticle)
        assert copy.dedup.status is DedupStatus.NEAR
        assert (copy.dedup.duplicate_of, copy.dedup.story_id) == ("wire-1", "wire-1")


def test_a_step_that_keeps_failing_dead_letters_the_article(
    celery_worker: WorkerProcess, settings: Settings, redis_client: redis.Redis
) -> None:
    redis_client.set(settings.output.stream, "not a stream")  # every XADD now fails
    client = IngestClient(settings)
    client.submit(wire_article("unpublishable"))
    client.close()
    letter = wait_for(redis_client, settings, ["unpublishable"])["unpublishable"]
    assert isinstance(letter, DeadLetter)
    assert (letter.stage, letter.reason) == (Stage.PUBLISH, RejectionReason.STEP_FAILED)
    assert "WRONGTYPE" in letter.error
    assert letter.payload == wire_article("unpublishable") | {
        "source": "news.example.com",
        "metadata": {},
    }
    assert celery_worker.is_alive()


def test_a_producer_in_another_language_can_send_the_first_task_alone(
    celery_worker: WorkerProcess, settings: Settings, redis_client: redis.Redis, broker_url: str
) -> None:
    """The message a non-Python producer writes (README, 'Producers'): JSON, no chain."""
    body = [
        [[{"id": "from-go", "text": "Title from Go\nA body written by a Go scraper."}]],
        {},
        EMBED,
    ]
    message = raw_task_message(settings.queue, "article_ingest.clean", json.dumps(body).encode())
    redis.Redis.from_url(broker_url).lpush(settings.queue, json.dumps(message))
    outcome = wait_for(redis_client, settings, ["from-go"])["from-go"]
    assert isinstance(outcome, ProcessedArticle)
    assert outcome.title == "Title from Go"


def test_an_article_whose_dead_letter_cannot_be_written_waits_and_the_rest_go_on(
    celery_worker: WorkerProcess, settings: Settings, redis_client: redis.Redis
) -> None:
    redis_client.set(settings.dead_letters.stream, "not a stream")  # every dead letter fails
    send_payloads(settings, [{"id": "no-text", "html": "<p></p>"}, wire_article("goes-on")])
    assert isinstance(wait_for(redis_client, settings, ["goes-on"])["goes-on"], ProcessedArticle)
    time.sleep(1)
    assert find_outcomes(redis_client, settings, ["no-text"]) == {}
    redis_client.delete(settings.dead_letters.stream)  # the stream can be written again
    letter = wait_for(redis_client, settings, ["no-text"])["no-text"]
    assert isinstance(letter, DeadLetter)
    assert letter.reason is RejectionReason.EMPTY_BODY
    assert celery_worker.is_alive()


def test_messages_the_worker_cannot_run_become_dead_letters_with_their_body(
    celery_worker: WorkerProcess, settings: Settings, redis_client: redis.Redis, broker_url: str
) -> None:
    """Before, Celery logged these and dropped them: nothing was left to look at."""
    batch = [{"id": "by-hand", "text": "Title by hand\nA body sent by hand."}]
    messages = [
        ("article_ingest.clean", b"[[[{not json"),
        ("article_ingest.clen", json.dumps([[batch], {}, EMBED]).encode()),
        ("article_ingest.clean", json.dumps([[batch, "extra"], {}, EMBED]).encode()),
        ("article_ingest.clean", json.dumps([[], {"batch": batch}, EMBED]).encode()),
        ("article_ingest.clean", json.dumps({"id": "not-celery"}).encode()),
    ]
    broker = redis.Redis.from_url(broker_url)
    for task, body in messages:
        broker.lpush(settings.queue, json.dumps(raw_task_message(settings.queue, task, body)))
    letters = wait_for_dead_letters(redis_client, settings, 4)
    assert len(letters) == 4
    assert {(letter.stage, letter.reason) for letter in letters} == {
        (Stage.RECEIVE, RejectionReason.INVALID_JSON),
        (Stage.RECEIVE, RejectionReason.INVALID_PAYLOAD),
        (Stage.CLEAN, RejectionReason.INVALID_PAYLOAD),
    }
    [wrong_shape] = [letter for letter in letters if "not a valid task message" in letter.error]
    assert wrong_shape.payload == '{"id": "not-celery"}'
    letters.remove(wrong_shape)
    by_stage_reason = {(letter.stage, letter.reason): letter for letter in letters}
    assert by_stage_reason[Stage.RECEIVE, RejectionReason.INVALID_JSON].payload == "[[[{not json"
    unknown = by_stage_reason[Stage.RECEIVE, RejectionReason.INVALID_PAYLOAD]
    assert "'article_ingest.clen'" in unknown.error
    assert json.loads(str(unknown.payload)) == [[batch], {}, EMBED]
    extra = by_stage_reason[Stage.CLEAN, RejectionReason.INVALID_PAYLOAD]
    assert "2 positional and 0 keyword arguments" in extra.error
    assert extra.payload == {"args": [batch, "extra"], "kwargs": {}}
    # The batch sent by keyword is processed like any other, and the worker goes on.
    client = IngestClient(settings)
    after = client.submit(wire_article("after-unreadable"))
    client.close()
    outcomes = wait_for(redis_client, settings, ["by-hand", after])
    assert all(isinstance(outcome, ProcessedArticle) for outcome in outcomes.values())
    assert celery_worker.is_alive()
