from __future__ import annotations

import pytest
from pydantic import BaseModel, JsonValue

from schemas import RejectionReason, Stage
from worker.errors import RedisUnavailable
from worker.links import run_link
from worker.steps.base import Rejection


class Doubled(BaseModel):
    value: int


class TimeUp(Exception):
    pass


def double(item: JsonValue) -> Doubled | Rejection:
    if item == "reject":
        return Rejection(stage=Stage.CLASSIFY, reason=RejectionReason.EMPTY_BODY, error="empty")
    if item == "crash":
        raise ValueError("bad value")
    if item == "redis":
        raise RedisUnavailable("down")
    if item == "slow":
        raise TimeUp
    assert isinstance(item, int)
    return Doubled(value=item * 2)


def test_every_good_item_passes_in_order() -> None:
    result = run_link(Stage.CLASSIFY, [1, 2, 3], double)
    assert [model.value for model in result.passed] == [2, 4, 6]  # type: ignore[attr-defined]
    assert result.rejected == []


def test_a_rejected_or_crashing_item_goes_alone_and_the_rest_go_on() -> None:
    result = run_link(Stage.CLASSIFY, [1, "reject", 2, "crash", 3], double)
    assert [model.value for model in result.passed] == [2, 4, 6]  # type: ignore[attr-defined]
    reasons = [rejected.rejection.reason for rejected in result.rejected]
    assert reasons == [RejectionReason.EMPTY_BODY, RejectionReason.STEP_FAILED]
    _, payload, crash = result.rejected[1]
    assert payload == "crash"
    assert crash.error == "The classify step failed on this article: ValueError: bad value"


def test_the_original_payload_is_what_a_later_link_rejects() -> None:
    item = {"payload": {"text": "original"}, "article": {"id": "x"}}

    def fail(_: JsonValue) -> Doubled:
        raise KeyError("missing")

    result = run_link(Stage.DEDUP, [item], fail)
    [(sent, payload, rejection)] = result.rejected
    assert sent == item
    assert payload == {"text": "original"}
    assert rejection.article_id == "x"


def test_a_redis_outage_fails_the_whole_batch_for_a_retry() -> None:
    with pytest.raises(RedisUnavailable):
        run_link(Stage.DEDUP, [1, "redis", 2], double)


def test_an_interruption_stops_the_batch_and_says_where() -> None:
    result = run_link(Stage.CLEAN, [1, "slow", 2], double, interrupt_on=(TimeUp,))
    assert result.interrupted_at == 1
    assert len(result.passed) == 1
