"""Stopping a child process: politely, then for sure."""

from __future__ import annotations

import subprocess


def stop_child(process: subprocess.Popen[bytes], grace_seconds: float) -> None:
    """SIGTERM (a Celery worker's warm shutdown: running tasks finish; a Redis server saves and
    exits), then SIGKILL after `grace_seconds`; returns once the process is gone."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=grace_seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
