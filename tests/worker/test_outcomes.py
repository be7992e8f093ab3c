"""Finding what became of submitted articles, by id, against a real Redis."""

from __future__ import annotations

import time

import redis

from schemas import ProcessedArticle, RejectionReason, Stage
from tests.worker.steps.test_publish import processed
from worker.dead_letters import DeadLetterWriter, dead_letter
from worker.outcomes import find_outcomes, redis_time_ms
from worker.redis_scripts import RedisScripts
from worker.settings import Settings
from worker.steps.base import Rejection
from worker.steps.publish import publish


def test_an_earlier_runs_outcome_counts_only_once_the_article_is_seen_again(
    redis_client: redis.Redis, settings: Settings
) -> None:
    scripts = RedisScripts(redis_client)
    rejection = Rejection(
        stage=Stage.CLEAN, reason=RejectionReason.EMPTY_BODY, error="x", article_id="fixed"
    )
    letter = dead_letter({"id": "fixed"}, rejection, 1, settings.dead_letters)
    DeadLetterWriter(scripts, settings.dead_letters).write(letter)
    publish(processed("again"), scripts, settings.output)
    time.sleep(0.01)
    since = redis_time_ms(redis_client)
    assert set(find_outcomes(redis_client, settings, ["fixed", "again"])) == {"fixed", "again"}
    assert find_outcomes(redis_client, settings, ["fixed", "again"], since) == {}
    publish(processed("again"), scripts, settings.output)  # the same content: not added again
    publish(processed("fixed"), scripts, settings.output)  # the payload, corrected
    found = find_outcomes(redis_client, settings, ["fixed", "again"], since)
    assert set(found) == {"fixed", "again"}
    assert all(isinstance(outcome, ProcessedArticle) for outcome in found.values())
    assert redis_client.xlen(settings.output.stream) == 2
