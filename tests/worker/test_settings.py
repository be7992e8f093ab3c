"""Settings that cannot work are refused when they are read, with the reason."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from worker.settings import Settings


def test_a_redis_url_must_name_its_scheme() -> None:
    with pytest.raises(ValidationError, match="is not a Redis URL"):
        Settings(redis_url="localhost:6379")


def test_the_broker_may_be_any_redis_url_kombu_takes() -> None:
    for url in ("sentinel://h:26379", "redis+socket:///run/redis.sock", "rediss://h:6380/0"):
        assert Settings(broker_url=url).celery_broker_url == url
    with pytest.raises(ValidationError, match="is not a Redis broker URL"):
        Settings(broker_url="amqp://guest@localhost//")


def test_a_unix_socket_redis_needs_a_broker_url_celery_can_use() -> None:
    with pytest.raises(ValidationError, match="set INGEST_BROKER_URL to redis\\+socket://"):
        Settings(redis_url="unix:///run/redis.sock")
    both = Settings(redis_url="unix:///run/redis.sock", broker_url="redis+socket:///run/redis.sock")
    assert both.celery_broker_url.startswith("redis+socket://")
