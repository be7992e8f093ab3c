from __future__ import annotations

import json

import redis

from schemas import DeadLetter, RejectionReason, Stage
from worker.dead_letters import DeadLetterConfig, DeadLetterWriter, dead_letter
from worker.redis_scripts import RedisScripts
from worker.steps.base import Rejection

REJECTION = Rejection(
    stage=Stage.CLEAN, reason=RejectionReason.EMPTY_BODY, error="Nothing left.", article_id="a"
)


def test_a_dead_letter_keeps_the_payload_untouched() -> None:
    payload = {"id": "a", "text": " odd  spacing\u00a0kept "}
    letter = dead_letter(payload, REJECTION, 3, DeadLetterConfig())
    assert letter.payload == payload
    assert not letter.payload_truncated
    assert (letter.stage, letter.reason, letter.attempts) == (Stage.CLEAN, REJECTION.reason, 3)


def test_a_payload_over_the_bound_is_cut_and_says_so() -> None:
    letter = dead_letter("x" * 5_000, REJECTION, 1, DeadLetterConfig(max_payload_bytes=1_000))
    assert letter.payload_truncated
    assert isinstance(letter.payload, str) and len(letter.payload) == 1_000


def test_a_payload_with_lone_surrogates_makes_a_letter_that_can_be_written() -> None:
    payload = {"id": "a", "text": "cut \ud83d here", "metadata": {"k": ["\udc00"]}}
    letter = dead_letter(payload, REJECTION, 1, DeadLetterConfig())
    assert letter.payload == {"id": "a", "text": "cut \ufffd here", "metadata": {"k": ["\ufffd"]}}
    assert DeadLetter.model_validate_json(letter.model_dump_json()) == letter


def test_a_payload_nested_too_deeply_to_hold_is_kept_as_its_json_text() -> None:
    payload: object = "leaf"
    for _ in range(600):  # deeper than a DeadLetter's validation goes
        payload = [payload]
    letter = dead_letter(payload, REJECTION, 1, DeadLetterConfig())  # type: ignore[arg-type]
    assert isinstance(letter.payload, str)
    assert json.loads(letter.payload) == payload
    letter.model_dump_json()


def test_the_same_failure_written_twice_is_one_entry(redis_client: redis.Redis) -> None:
    writer = DeadLetterWriter(RedisScripts(redis_client), DeadLetterConfig(stream="dead"))
    letter = dead_letter({"id": "a"}, REJECTION, 1, DeadLetterConfig())
    first = writer.write(letter)
    assert writer.write(letter.model_copy(update={"attempts": 2})) == first
    [(_, fields)] = redis_client.xrange("dead")
    assert fields["reason"] == "empty_body"
    assert DeadLetter.model_validate_json(fields["data"]).payload == {"id": "a"}


def test_different_payloads_without_id_are_separate_entries(redis_client: redis.Redis) -> None:
    writer = DeadLetterWriter(RedisScripts(redis_client), DeadLetterConfig(stream="dead"))
    anonymous = REJECTION.model_copy(update={"article_id": None})
    writer.write(dead_letter("not json 1", anonymous, 1, DeadLetterConfig()))
    writer.write(dead_letter("not json 2", anonymous, 1, DeadLetterConfig()))
    assert redis_client.xlen("dead") == 2
