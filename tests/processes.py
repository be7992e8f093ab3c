"""Running one function in several spawned processes that start together (race tests)."""

from __future__ import annotations

import multiprocessing
import queue
import time
from collections.abc import Callable, Sequence
from typing import Any

import pytest


def run_together(
    target: Callable[..., None], arguments: Sequence[tuple[Any, ...]], timeout: float = 120
) -> list[Any]:
    """`target(*args, barrier, results)` in a process for each `args`; each waits at the barrier,
    then puts one list on `results`. Returns the lists joined; fails at once, with the exit
    codes, when a process dies."""
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(len(arguments))
    results: multiprocessing.Queue[list[Any]] = context.Queue()
    processes = [
        context.Process(target=target, args=(*args, barrier, results)) for args in arguments
    ]
    for process in processes:
        process.start()
    collected: list[Any] = []
    deadline = time.monotonic() + timeout
    try:
        for _ in processes:
            while True:
                try:
                    collected.extend(results.get(timeout=0.2))
                    break
                except queue.Empty:
                    dead = [p.exitcode for p in processes if p.exitcode not in (None, 0)]
                    if dead or time.monotonic() > deadline:
                        pytest.fail(f"a racing process failed (exit codes {dead}, see stderr)")
        for process in processes:
            process.join(timeout=60)
            assert process.exitcode == 0
    finally:
        for process in processes:
            if process.is_alive():
                process.kill()
                process.join()
    return collected
