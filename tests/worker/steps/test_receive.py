from __future__ import annotations

import json

from schemas import RawArticle, RejectionReason, Stage
from worker.steps.base import Rejection
from worker.steps.receive import PayloadLimits, receive

LIMITS = PayloadLimits(max_payload_bytes=10_000)


def test_a_json_object_becomes_a_raw_article() -> None:
    article = receive({"id": "a", "text": "Body"}, LIMITS)
    assert isinstance(article, RawArticle)
    assert article.id == "a"


def test_a_string_holding_json_is_parsed() -> None:
    article = receive(json.dumps({"id": "a", "text": "Body"}), LIMITS)
    assert isinstance(article, RawArticle)


def test_invalid_json_is_rejected_with_a_reason() -> None:
    rejection = receive("{not json", LIMITS)
    assert isinstance(rejection, Rejection)
    assert rejection.reason is RejectionReason.INVALID_JSON
    assert rejection.stage is Stage.RECEIVE
    assert rejection.error.startswith("The payload is not valid JSON")


def test_a_json_value_that_is_not_an_object_is_rejected() -> None:
    rejection = receive([1, 2], LIMITS)
    assert isinstance(rejection, Rejection)
    assert rejection.reason is RejectionReason.INVALID_PAYLOAD
    assert "JSON array" in rejection.error


def test_a_payload_failing_validation_says_which_field() -> None:
    rejection = receive({"text": "b", "url": "not a url", "bdy": 1}, LIMITS)
    assert isinstance(rejection, Rejection)
    assert "url: url must be an absolute http(s) URL" in rejection.error
    assert "bdy: is not a field of RawArticle" in rejection.error


def test_a_payload_over_the_limit_is_rejected_before_parsing() -> None:
    rejection = receive({"text": "x" * 20_000}, LIMITS)
    assert isinstance(rejection, Rejection)
    assert rejection.reason is RejectionReason.TOO_LARGE
    assert "over the limit of 10,000 bytes" in rejection.error
