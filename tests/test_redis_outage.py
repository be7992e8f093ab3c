"""A Redis outage in the middle of processing: the worker retries with backoff, loses nothing."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest
import redis

from schemas import ProcessedArticle
from tests.conftest import ROOT, WorkerProcess
from tests.samples import wire_article
from worker.client import IngestClient
from worker.embedded_redis import RedisServer
from worker.outcomes import find_outcomes
from worker.settings import Settings

QUEUE = "outage-test"


@pytest.fixture
def data_redis() -> Iterator[RedisServer]:
    with RedisServer() as server:
        yield server


@pytest.fixture
def outage_worker(
    data_redis: RedisServer, broker_url: str, tmp_path: object
) -> Iterator[WorkerProcess]:
    """A worker whose data Redis is `data_redis`, on a queue of its own."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("INGEST_")}
    environment.update(
        {"INGEST_REDIS_URL": data_redis.url, "INGEST_BROKER_URL": broker_url, "INGEST_QUEUE": QUEUE}
    )
    log = ROOT / ".pytest_cache" / "outage-worker.log"
    log.parent.mkdir(exist_ok=True)
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "worker", "worker", "--concurrency", "1", "--loglevel", "INFO"],
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
        )
    worker = WorkerProcess(process, log)
    deadline = time.monotonic() + 60
    while " ready." not in worker.log_text():
        assert worker.is_alive() and time.monotonic() < deadline, worker.log_text()
        time.sleep(0.1)
    yield worker
    process.terminate()
    process.wait(timeout=30)


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
    data_redis.start()
    reader = redis.Redis.from_url(data_redis.url, decode_responses=True)
    deadline = time.monotonic() + 90
    found = {}
    while len(found) < 2 and time.monotonic() < deadline:
        found = find_outcomes(reader, settings, ["during-outage-1", "during-outage-2"])
        time.sleep(0.2)
    assert len(found) == 2, outage_worker.log_text()[-3000:]
    assert all(isinstance(outcome, ProcessedArticle) for outcome in found.values())
    assert found["during-outage-2"].dedup.duplicate_of == "during-outage-1"
    assert reader.xlen(settings.output.stream) == 2
    assert outage_worker.is_alive()
