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


def nested(depth: int) -> object:
    value: object = "leaf"
    for _ in range(depth):
        value = [value]
    return value


def test_metadata_nested_deeper_than_the_limit_is_rejected_in_one_sentence() -> None:
    limits = PayloadLimits(max_payload_bytes=100_000, max_nesting=8)
    # The payload object is level 1 and metadata level 2: six lists fit, seven do not.
    assert isinstance(receive({"text": "Body", "metadata": {"k": nested(6)}}, limits), RawArticle)
    rejection = receive({"text": "Body", "metadata": {"k": nested(7)}}, limits)
    assert isinstance(rejection, Rejection)
    assert rejection.reason is RejectionReason.INVALID_PAYLOAD
    assert rejection.error == (
        "The payload nests arrays and objects more than 8 levels deep; an article's fields and "
        "metadata need far fewer."
    )


def test_a_string_nesting_beyond_what_json_can_parse_is_rejected_as_too_deep() -> None:
    rejection = receive("[" * 100_000, PayloadLimits(max_payload_bytes=1_000_000))
    assert isinstance(rejection, Rejection)
    assert rejection.stage is Stage.RECEIVE
    assert "more than 32 levels deep" in rejection.error


def test_lone_surrogates_become_replacement_characters_and_pairs_stay() -> None:
    text = json.dumps(
        {"text": "cut \ud83d here, whole \U0001f600", "metadata": {"k\udc00": "\ud800"}}
    )
    assert "\\ud83d here" in text  # the sender's JSON escapes half an emoji
    article = receive(text, LIMITS)
    assert isinstance(article, RawArticle)
    assert article.text == "cut \ufffd here, whole \U0001f600"
    assert article.metadata == {"k\ufffd": "\ufffd"}
    article.model_dump_json()  # and it can be written: UTF-8 has no lone surrogates
