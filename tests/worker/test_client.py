from __future__ import annotations

import base64
import json

import pytest
import redis
from pydantic import ValidationError

from worker.client import IngestClient
from worker.settings import Settings


@pytest.fixture
def client_settings(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """A queue no worker listens on, so the messages can be counted."""
    monkeypatch.setenv("INGEST_QUEUE", "client-test")
    monkeypatch.setenv("INGEST_TASKS__BATCH_SIZE", "3")
    return Settings()


def queued_batches(broker_url: str) -> list[list[dict[str, object]]]:
    broker = redis.Redis.from_url(broker_url)
    messages = [json.loads(raw) for raw in broker.lrange("client-test", 0, -1)]
    broker.delete("client-test")
    bodies = [json.loads(base64.b64decode(message["body"])) for message in messages]
    return [body[0][0] for body in bodies]


def test_submit_many_sends_one_chain_per_batch_of_the_configured_size(
    client_settings: Settings, broker_url: str
) -> None:
    client = IngestClient(client_settings)
    ids = client.submit_many({"id": f"a{n}", "text": "Title\nBody."} for n in range(7))
    client.close()
    assert ids == [f"a{n}" for n in range(7)]
    batches = queued_batches(broker_url)
    assert sorted(len(batch) for batch in batches) == [1, 3, 3]
    assert sorted(article["id"] for batch in batches for article in batch) == sorted(ids)


def test_the_message_names_the_chain_and_carries_json_only(
    client_settings: Settings, broker_url: str
) -> None:
    client = IngestClient(client_settings)
    client.submit({"url": "https://example.com/n/1", "text": "Title\nBody."})
    client.close()
    broker = redis.Redis.from_url(broker_url)
    [raw] = broker.lrange("client-test", 0, -1)
    broker.delete("client-test")
    message = json.loads(raw)
    assert message["content-type"] == "application/json"
    assert message["headers"]["task"] == "article_ingest.clean"
    embed = json.loads(base64.b64decode(message["body"]))[2]
    assert [link["task"] for link in reversed(embed["chain"])] == [
        "article_ingest.classify",
        "article_ingest.dedup",
        "article_ingest.publish",
    ]


def test_an_invalid_article_is_refused_before_anything_of_its_batch_is_sent(
    client_settings: Settings, broker_url: str
) -> None:
    client = IngestClient(client_settings)
    with pytest.raises(ValidationError):
        client.submit_many([{"id": "ok", "text": "Body"}, {"id": "bad"}])
    client.close()
    assert queued_batches(broker_url) == []


def test_an_article_the_worker_would_refuse_as_too_large_is_refused_before_sending(
    client_settings: Settings, broker_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INGEST_LIMITS__MAX_PAYLOAD_BYTES", "2000")
    client = IngestClient(Settings())
    with pytest.raises(ValueError, match=r"article big: The payload is .* over the limit of 2,000"):
        client.submit_many([{"id": "small", "text": "Body."}, {"id": "big", "text": "x" * 3000}])
    client.close()
    assert queued_batches(broker_url) == []  # nothing of the batch was sent


def test_metadata_numbers_json_has_no_form_for_are_refused(client_settings: Settings) -> None:
    client = IngestClient(client_settings)
    for metadata in ({"score": float("nan")}, {"views": 10**5000}):
        with pytest.raises(ValidationError, match="metadata holds"):
            client.submit({"id": "odd", "text": "Body.", "metadata": metadata})
    client.close()
