"""`article-ingest run`, the newcomer's command behind `make run`."""

from __future__ import annotations

import os
import subprocess
import sys
from contextlib import ExitStack

import pytest
from rich.console import Console

from tests.conftest import ROOT
from worker.demo import choose_redis
from worker.embedded_redis import RedisServer, free_port, is_reachable
from worker.settings import Settings


def test_run_processes_the_examples_and_prints_the_table(redis_server: RedisServer) -> None:
    environment = {
        name: value for name, value in os.environ.items() if not name.startswith("INGEST_")
    }
    environment["REDIS_URL"] = f"redis://127.0.0.1:{redis_server.port}/2"
    environment["COLUMNS"] = "300"
    done = subprocess.run(
        [sys.executable, "-m", "worker", "run", "--timeout", "90"],
        env=environment,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Harbour cranes stand idle as dock workers strike for a second day" in done.stdout
    assert "exact of northern-wire-0412" in done.stdout
    assert "No article text was left after cleaning the html payload" in done.stdout
    assert "Submitted 6 articles" in done.stderr


def test_without_any_reachable_redis_an_embedded_one_is_started_and_stopped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in [n for n in os.environ if n.startswith("INGEST_") or n == "REDIS_URL"]:
        monkeypatch.delenv(name)
    nobody_listens = f"redis://127.0.0.1:{free_port()}/0"
    console = Console(record=True)
    with ExitStack() as stack:
        url = choose_redis(Settings(), stack, console, default_url=nobody_listens)
        assert url is not None and url != nobody_listens
        assert is_reachable(url)
    assert not is_reachable(url)
    assert "started an embedded one" in console.export_text()


def test_an_unreachable_redis_url_that_was_set_is_an_error_not_a_fallback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("REDIS_URL", f"redis://127.0.0.1:{free_port()}/0")
    with ExitStack() as stack:
        assert choose_redis(Settings(), stack, Console(record=True)) is None
