"""`article-ingest run`, the newcomer's command behind `make run`."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path

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


def children_of(pid: int) -> list[int]:
    """The processes whose parent is `pid` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def is_running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_run_stopped_with_sigterm_stops_its_worker_first(redis_server: RedisServer) -> None:
    environment = {
        name: value for name, value in os.environ.items() if not name.startswith("INGEST_")
    }
    environment["REDIS_URL"] = f"redis://127.0.0.1:{redis_server.port}/3"
    run = subprocess.Popen(
        [sys.executable, "-m", "worker", "run", "--timeout", "120"],
        env=environment,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 60
        while not (workers := children_of(run.pid)):
            assert run.poll() is None and time.monotonic() < deadline
            time.sleep(0.05)
        run.send_signal(signal.SIGTERM)
        assert run.wait(timeout=60) == 128 + signal.SIGTERM
        deadline = time.monotonic() + 40  # the worker is given 30 s to stop, then killed
        while any(is_running(pid) for pid in workers):  # before, the worker went on, orphaned
            assert time.monotonic() < deadline, workers
            time.sleep(0.1)
    finally:
        for pid in [run.pid, *workers]:
            if is_running(pid):
                os.kill(pid, signal.SIGKILL)
        run.wait()
