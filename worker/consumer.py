"""Read processed articles from the output stream through a consumer group, and acknowledge.

Consumers of one group share the stream: each entry goes to one of them. An entry read but
not acknowledged (the consumer died) is read again by the same consumer name on its next start,
or claimed by another consumer of the group once it has been idle for `claim_idle_ms`.

Entries are read as bytes and decoded here, one by one, so that an entry another writer added
in another encoding is skipped alone instead of failing every read of the group.
"""

from __future__ import annotations

import logging
import os
import socket
from dataclasses import dataclass
from typing import Any, cast

import redis
from pydantic import ValidationError

from schemas import ProcessedArticle

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Delivery:
    entry_id: str
    article: ProcessedArticle


class OutputConsumer:
    def __init__(
        self,
        client: redis.Redis,
        stream: str,
        group: str,
        consumer: str | None = None,
        claim_idle_ms: int = 60_000,
    ) -> None:
        self.client = _undecoded(client)
        self.stream = stream
        self.group = group
        # The process too: two readers on one host must not share a name (each would re-read
        # the other's unacknowledged entries as its own).
        self.consumer = consumer or f"{socket.gethostname()}-{os.getpid()}"
        self.claim_idle_ms = claim_idle_ms
        self._own_pending_done = False
        self._claim_cursor = "0-0"

    def ensure_group(self) -> None:
        """Create the group at the start of the stream when it does not exist yet."""
        try:
            self.client.xgroup_create(self.stream, self.group, id="0", mkstream=True)
        except redis.ResponseError as error:
            if "BUSYGROUP" not in str(error):
                raise

    def read(self, count: int = 100, block_ms: int = 1_000) -> list[Delivery]:
        """Up to `count` entries: this consumer's unacknowledged ones first, then entries idle
        at dead consumers, then new ones (waiting up to `block_ms` for them)."""
        if not self._own_pending_done:
            pending = self._xreadgroup("0", count, None)
            if pending:
                return pending
            self._own_pending_done = True
        claimed = self._claim_idle(count)
        if claimed:
            return claimed
        return self._xreadgroup(">", count, block_ms)

    def ack(self, deliveries: list[Delivery]) -> None:
        if deliveries:
            self.client.xack(self.stream, self.group, *[d.entry_id for d in deliveries])

    def _xreadgroup(self, start: str, count: int, block_ms: int | None) -> list[Delivery]:
        answer = cast(
            list[Any],
            self.client.xreadgroup(
                self.group, self.consumer, {self.stream: start}, count=count, block=block_ms
            ),
        )
        if not answer:
            return []
        _, entries = answer[0]
        return self._deliveries(entries)

    def _claim_idle(self, count: int) -> list[Delivery]:
        answer = self.client.xautoclaim(
            self.stream,
            self.group,
            self.consumer,
            self.claim_idle_ms,
            self._claim_cursor,
            count=count,
        )
        cursor = answer[0]  # "0-0" again once the whole list has been seen
        self._claim_cursor = cursor.decode("ascii") if isinstance(cursor, bytes) else str(cursor)
        return self._deliveries(answer[1])

    def _deliveries(self, entries: list[Any]) -> list[Delivery]:
        """The entries as articles. An entry trimmed away (MAXLEN) while pending comes back
        without fields, and one that is not a ProcessedArticle in UTF-8 JSON (another writer, a
        newer schema) cannot be delivered: both are acknowledged, so they never stall the
        group; the second stays in the stream, and is logged with its id. (Redis 6.2's
        XAUTOCLAIM gives a trimmed entry as nothing, without its id: it is skipped, and stays
        pending there.)"""
        deliveries, skipped = [], []
        for entry in entries:
            if not entry or entry[0] is None:
                continue  # Redis 6.2: a trimmed entry XAUTOCLAIM has dropped from the list
            entry_id, fields = entry[0].decode("ascii"), entry[1]
            try:
                data = fields[b"data"]
                article = ProcessedArticle.model_validate_json(data)
                deliveries.append(Delivery(entry_id, article))
            except (KeyError, TypeError, ValidationError) as error:
                if fields:
                    log.warning(
                        "entry %s of %s is not an article: %s", entry_id, self.stream, error
                    )
                skipped.append(entry_id)
        if skipped:
            self.client.xack(self.stream, self.group, *skipped)
        return deliveries


def _undecoded(client: redis.Redis) -> redis.Redis:
    """A client on the same server whose replies are bytes."""
    pool = client.connection_pool
    if not pool.connection_kwargs.get("decode_responses"):
        return client
    undecoded = redis.ConnectionPool(
        connection_class=pool.connection_class,
        **{**pool.connection_kwargs, "decode_responses": False},
    )
    return redis.Redis(connection_pool=undecoded)
