"""Fixtures: a real Redis server of the tests' own (free port), and a real Celery worker process.

Data (streams, dedup index) lives in database 1, flushed before every test; the Celery broker
uses database 0, so flushing data never disturbs the worker's queue bindings.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from worker.child_process import stop_child
from worker.embedded_redis import RedisServer
from worker.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SHARED_SEED = ROOT.parent / "shared" / "seed"


def _without_ingest_environment() -> dict[str, str]:
    return {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("INGEST_") and name != "REDIS_URL"
    }


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    with RedisServer() as server:
        yield server


@pytest.fixture(scope="session")
def broker_url(redis_server: RedisServer) -> str:
    return f"redis://127.0.0.1:{redis_server.port}/0"


@pytest.fixture(scope="session")
def data_url(redis_server: RedisServer) -> str:
    return f"redis://127.0.0.1:{redis_server.port}/1"


@pytest.fixture
def redis_client(data_url: str) -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(data_url, decode_responses=True)
    client.flushdb()
    yield client
    client.close()


@pytest.fixture
def settings(
    redis_client: redis.Redis, data_url: str, broker_url: str, monkeypatch: pytest.MonkeyPatch
) -> Settings:
    """Settings pointing at the test Redis (the machine's INGEST_* variables do not leak in)."""
    for name in [n for n in os.environ if n.startswith("INGEST_") or n == "REDIS_URL"]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("INGEST_REDIS_URL", data_url)
    monkeypatch.setenv("INGEST_BROKER_URL", broker_url)
    return Settings()


class WorkerProcess:
    def __init__(self, process: subprocess.Popen[bytes], log: Path) -> None:
        self.process = process
        self.log = log

    def is_alive(self) -> bool:
        return self.process.poll() is None

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_ready(self, timeout: float = 60) -> None:
        """Until Celery logs " ready."; a worker that does not get there is killed, not left."""
        deadline = time.monotonic() + timeout
        while " ready." not in self.log_text():
            if not self.is_alive() or time.monotonic() > deadline:
                self.process.kill()
                self.process.wait()
                pytest.fail(f"the worker did not start:\n{self.log_text()}")
            time.sleep(0.1)

    def stop(self) -> None:
        """A warm shutdown, then a kill if it takes over 30 s."""
        stop_child(self.process, grace_seconds=30)


@pytest.fixture(scope="session")
def celery_worker(
    data_url: str, broker_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[WorkerProcess]:
    """`article-ingest worker` as a separate process, as an operator starts it."""
    log = tmp_path_factory.mktemp("worker") / "worker.log"
    environment = {
        **_without_ingest_environment(),
        "INGEST_REDIS_URL": data_url,
        "INGEST_BROKER_URL": broker_url,
        "INGEST_TASKS__RETRY_BACKOFF_MAX": "2",  # retries in seconds, not minutes
    }
    command = [sys.executable, "-m", "worker", "worker", "--concurrency", "2", "--loglevel", "INFO"]
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, env=environment, stdout=output, stderr=subprocess.STDOUT, cwd=ROOT
        )
    worker = WorkerProcess(process, log)
    worker.wait_ready()
    yield worker
    worker.stop()
