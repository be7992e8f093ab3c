"""A Redis outage in the middle of processing: the worker retries with backoff, loses nothing."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from schemas import ProcessedArticle
from tests.conftest import ROOT, WorkerProcess
from tests.raw_messages import EMBED, raw_task_message
from tests.samples import wire_article
from worker.client import IngestClient
from worker.embedded_redis import RedisServer
from worker.outcomes import Outcome, find_outcomes
from worker.settings import Settings

QUEUE = "outage-test"


@pytest.fixture
def data_redis() -> Iterator[RedisServer]:
    with RedisServer() as server:
        yield server


def start_outage_worker(
    data_redis: RedisServer, broker_url: str, queue: str, log: Path, **settings: str
) -> WorkerProcess:
    """A worker whose data Redis is `data_redis`, on a queue of its own, logging to `log`."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("INGEST_")}
    environment.update(
        {"INGEST_REDIS_URL": data_redis.url, "INGEST_BROKER_URL": broker_url, "INGEST_QUEUE": queue}
    )
    environment.update(settings)
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "worker", "worker", "--concurrency", "1", "--loglevel", "INFO"],
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
        )
    worker = WorkerProcess(process, log)
    worker.wait_ready()
    return worker


@pytest.fixture
def outage_worker(
    data_redis: RedisServer, broker_url: str, tmp_path: Path
) -> Iterator[WorkerProcess]:
    worker = start_outage_worker(data_redis, broker_url, QUEUE, tmp_path / "worker.log")
    yield worker
    worker.stop()


def outcomes_once_redis_is_back(
    data_redis: RedisServer, worker: WorkerProcess, settings: Settings, ids: list[str]
) -> tuple[redis.Redis, dict[str, Outcome]]:
    """Start the data Redis again and wait for every article's outcome."""
    data_redis.start()
    reader = redis.Redis.from_url(data_redis.url, decode_responses=True)
    deadline = time.monotonic() + 90
    found: dict[str, Outcome] = {}
    while len(found) < len(ids) and time.monotonic() < deadline:
        found = find_outcomes(reader, settings, ids)
        time.sleep(0.2)
    assert len(found) == len(ids), worker.log_text()[-3000:]
    return reader, found


def test_articles_sent_while_redis_is_down_are_published_once_it_is_back(
    data_redis: RedisServer,
    outage_worker: WorkerProcess,
    broker_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("INGEST_REDIS_URL", data_redis.url)
    monkeypatch.setenv("INGEST_BROKER_URL", broker_url)
    monkeypatch.setenv("INGEST_QUEUE", QUEUE)
    settings = Settings()
    data_redis.stop()
    client = IngestClient(settings)
    client.submit_many([wire_article("during-outage-1"), wire_article("during-outage-2")])
    client.close()
    deadline = time.monotonic() + 30
    while "retrying the batch" not in outage_worker.log_text():
        assert time.monotonic() < deadline, outage_worker.log_text()
        time.sleep(0.1)
    ids = ["during-outage-1", "during-outage-2"]
    reader, found = outcomes_once_redis_is_back(data_redis, outage_worker, settings, ids)
    assert all(isinstance(outcome, ProcessedArticle) for outcome in found.values())
    assert found["during-outage-2"].dedup.duplicate_of == "during-outage-1"
    assert reader.xlen(settings.output.stream) == 2
    assert outage_worker.is_alive()


def test_a_batch_over_the_item_limit_sends_its_rest_on_once_however_often_it_is_retried(
    data_redis: RedisServer, broker_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    queue = "outage-split-test"
    worker = start_outage_worker(
        data_redis,
        broker_url,
        queue,
        tmp_path / "worker.log",
        INGEST_TASKS__MAX_BATCH_ITEMS="2",
        INGEST_TASKS__RETRY_BACKOFF_MAX="2",
    )
    try:
        monkeypatch.setenv("INGEST_REDIS_URL", data_redis.url)
        monkeypatch.setenv("INGEST_BROKER_URL", broker_url)
        monkeypatch.setenv("INGEST_QUEUE", queue)
        settings = Settings()
        data_redis.stop()
        ids = ["split-1", "split-2", "split-3"]
        client = IngestClient(settings)
        client.submit_many([wire_article(article_id) for article_id in ids])  # one message
        client.close()
        by_keyword = json.dumps([[], {"batch": [wire_article("by-keyword")]}, EMBED]).encode()
        message = raw_task_message(queue, "article_ingest.clean", by_keyword)
        redis.Redis.from_url(broker_url).lpush(queue, json.dumps(message))
        ids.append("by-keyword")
        deadline = time.monotonic() + 60
        while worker.log_text().count("the clean link failed, retrying") < 6:
            assert time.monotonic() < deadline, worker.log_text()
            time.sleep(0.1)
        _, found = outcomes_once_redis_is_back(data_redis, worker, settings, ids)
        time.sleep(1)  # let any message still on its way arrive
    finally:
        worker.stop()
    log = worker.log_text()
    # The two messages, the rest of the first sent on once, and one message per retry. Were a
    # retry to send the whole batch again, each would send the rest on once more.
    received = len(re.findall(r"Task article_ingest\.clean\[[^\]]+\] received", log))
    retries = log.count("the clean link failed, retrying")
    assert received == 3 + retries, log[-3000:]
    # A batch sent by keyword is retried as one too (not as a batch and a keyword both).
    assert all(isinstance(outcome, ProcessedArticle) for outcome in found.values())
