"""`article-ingest run`: the whole path on one machine, for a newcomer.

Finds a Redis (REDIS_URL; else localhost:6379; else an embedded one), starts a worker process,
submits a JSONL file, waits for every article's outcome and prints them as a table.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from pathlib import Path

from rich.console import Console
from rich.progress import Progress

from worker.child_process import stop_child
from worker.client import IngestClient
from worker.embedded_redis import RedisServer, is_reachable
from worker.jsonl import valid_articles
from worker.outcomes import Outcome, find_outcomes, redis_time_ms
from worker.redis_scripts import connect
from worker.report import outcomes_table
from worker.settings import DEFAULT_REDIS_URL, Settings


def choose_redis(
    settings: Settings, stack: ExitStack, console: Console, default_url: str = DEFAULT_REDIS_URL
) -> str | None:
    """The URL of a reachable Redis, starting an embedded one when needed (None: no Redis)."""
    if "redis_url" in settings.model_fields_set:
        if is_reachable(settings.redis_url):
            console.print(f"Using the Redis at {settings.redis_url} (REDIS_URL).")
            return settings.redis_url
        console.print(f"[red]REDIS_URL is set to {settings.redis_url}, which does not answer.")
        return None
    if is_reachable(default_url):
        console.print(f"Using the Redis at {default_url}.")
        return default_url
    server = stack.enter_context(RedisServer())
    console.print(
        f"No Redis at {default_url}: started an embedded one ({server.executable}) "
        f"at {server.url}; it stops when this command ends."
    )
    return server.url


def start_worker(redis_url: str, log: Path) -> subprocess.Popen[bytes]:
    environment = {**os.environ, "INGEST_REDIS_URL": redis_url}
    command = [
        sys.executable,
        "-m",
        "worker",
        "worker",
        "--concurrency",
        "2",
        "--loglevel",
        "WARNING",
    ]
    with log.open("wb") as output:
        return subprocess.Popen(command, env=environment, stdout=output, stderr=subprocess.STDOUT)


def stop_worker(process: subprocess.Popen[bytes]) -> None:
    stop_child(process, grace_seconds=30)  # warm shutdown: running tasks finish


def _submit(settings: Settings, file: Path, console: Console) -> list[str]:
    articles, _ = valid_articles(file, console)
    client = IngestClient(settings)
    try:
        ids = client.submit_many(articles)
    finally:
        client.close()
    console.print(f"Submitted {len(ids)} articles from {file}.")
    return ids


STOPPED = 128 + signal.SIGTERM  # the exit code of a run stopped with SIGTERM


def run_demo(settings: Settings, file: Path, timeout: float, console: Console) -> int:
    """Returns the exit code: 0 when every submitted article has an outcome in time. Stopped
    with SIGTERM (or Ctrl-C), it stops its worker and its embedded Redis first. SIGTERM only
    sets a flag, read between steps: an exception raised from a signal handler can land
    anywhere (inside an import, a lock, Popen) and be lost or leave the worker running."""
    terminated = threading.Event()
    with ExitStack() as stack:
        previous = signal.signal(signal.SIGTERM, lambda signum, frame: terminated.set())
        stack.callback(signal.signal, signal.SIGTERM, previous)
        url = choose_redis(settings, stack, console)
        if url is None:
            return 1
        settings = settings.model_copy(update={"redis_url": url})
        log = Path(stack.enter_context(tempfile.TemporaryDirectory())) / "worker.log"
        worker = start_worker(url, log)
        stack.callback(stop_worker, worker)
        if terminated.is_set():
            return STOPPED
        client = connect(url)
        since = redis_time_ms(client)  # a result an earlier run left is not this run's
        ids = list(dict.fromkeys(_submit(settings, file, console)))
        outcomes: dict[str, Outcome] = {}
        deadline = time.monotonic() + timeout
        with Progress(console=console, transient=True) as progress:
            bar = progress.add_task("processing", total=len(ids))
            while len(outcomes) < len(ids) and time.monotonic() < deadline:
                if terminated.is_set():
                    console.print("Stopped (SIGTERM): stopping the worker.")
                    return STOPPED
                if worker.poll() is not None:
                    console.print(f"[red]The worker stopped:[/red]\n{log.read_text()[-3000:]}")
                    return 1
                outcomes = find_outcomes(client, settings, ids, since)
                progress.update(bar, completed=len(outcomes))
                time.sleep(0.2)
        Console(width=max(Console().width, 120)).print(
            outcomes_table({i: outcomes[i] for i in ids if i in outcomes})
        )
        missing = [i for i in ids if i not in outcomes]
        if missing:
            console.print(f"[red]No result after {timeout:.0f}s for:[/red] {', '.join(missing)}")
            return 1
        console.print(
            f"Published to the stream '{settings.output.stream}', dead letters to "
            f"'{settings.dead_letters.stream}'. Read them with: article-ingest tail"
        )
        return 0
    return 1
