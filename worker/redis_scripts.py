"""The Lua scripts in `worker/lua/`, loaded once and called by name.

Each script is registered with redis-py, which calls it with EVALSHA and loads it again when
Redis has forgotten it (after a restart). Connection errors become `RedisUnavailable`.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib.resources import files
from typing import Any, cast

import redis
from redis.backoff import ExponentialBackoff
from redis.commands.core import Script
from redis.retry import Retry

from worker.errors import RedisUnavailable

TRANSIENT_REDIS_ERRORS: tuple[type[Exception], ...] = (
    redis.ConnectionError,
    redis.TimeoutError,
    redis.BusyLoadingError,
)


def connect(url: str) -> redis.Redis:
    """A client that reconnects by itself for a few tries before giving up."""
    return redis.Redis.from_url(
        url,
        decode_responses=True,
        socket_timeout=10,
        socket_connect_timeout=5,
        health_check_interval=30,
        retry=Retry(ExponentialBackoff(cap=2.0, base=0.05), retries=4),
        retry_on_error=list(TRANSIENT_REDIS_ERRORS),
    )


def _load(name: str) -> str:
    return files("worker").joinpath("lua", f"{name}.lua").read_text(encoding="utf-8")


class RedisScripts:
    """One method per Lua script."""

    def __init__(self, client: redis.Redis) -> None:
        self.client = client
        self._near_duplicate: Script = client.register_script(_load("near_duplicate"))
        self._add_once: Script = client.register_script(_load("add_once"))
        self._count_source_lines: Script = client.register_script(_load("count_source_lines"))

    def near_duplicate(
        self, index_keys: Sequence[str], args: Sequence[str | bytes | int | float]
    ) -> str:
        """The dedup verdict "status|similarity|story" of an article, which joins the index
        (see `lua/near_duplicate.lua` for the keys and arguments)."""
        return cast(str, self._call(self._near_duplicate, list(index_keys), list(args)))

    def add_once(
        self,
        stream: str,
        marker: str,
        fingerprint: str,
        *,
        marker_ttl: int,
        maxlen: int,
        fields: dict[str, str],
    ) -> tuple[bool, str]:
        """XADD `fields` unless the marker holds the same fingerprint: (added, entry id)."""
        flat: list[Any] = [fingerprint, marker_ttl, maxlen]
        for name, value in fields.items():
            flat.extend((name, value))
        added, entry = self._call(self._add_once, [stream, marker], flat)
        return bool(added), str(entry)

    def count_source_lines(
        self,
        marker: str,
        buckets: Sequence[str],
        line_keys: Sequence[str],
        *,
        ttl: int,
        max_fields: int,
    ) -> list[int]:
        """Count an article's lines once (`marker`) in the current bucket (`buckets[0]`) and
        return, per line key in order, its count summed over `buckets` (the window)."""
        if not buckets:
            raise ValueError("count_source_lines needs at least the current bucket")
        counts = self._call(
            self._count_source_lines, [marker, *buckets], [ttl, max_fields, *line_keys]
        )
        return [int(count) for count in counts]

    @staticmethod
    def _call(script: Script, keys: list[str], args: list[Any]) -> Any:
        try:
            return script(keys=keys, args=args)
        except TRANSIENT_REDIS_ERRORS as error:
            raise RedisUnavailable(f"Redis did not answer: {error}") from error
