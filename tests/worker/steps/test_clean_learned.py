"""Cleaning with the source's memory of its recurring lines, on a real Redis."""

from __future__ import annotations

from datetime import UTC, datetime

import redis

from schemas import CleanArticle, RawArticle, RemovalReason
from worker.redis_scripts import RedisScripts
from worker.steps.clean import CleanConfig, clean
from worker.steps.clean.learned import RedisSourceLineMemory

NOW = datetime(2026, 11, 1, tzinfo=UTC)
JINGLE = "Tune in to Valley FM weekdays from seven for the breakfast bulletin."
STORIES = [
    "The river authority opened the north sluice gates on Monday after three days of rain.",
    "A new bakery in the old post office building sold out of bread before nine o'clock.",
    "The county cricket club named a 19-year-old wicketkeeper as captain for next season.",
    "Bus drivers will vote next week on a pay offer that the union calls too little, too late.",
    "The library will open on Sundays from April, paid for by a grant from a local trust.",
    "Police closed the ring road for six hours after a lorry shed its load of gravel.",
]


def article(number: int, source: str = "valleyfm.example") -> RawArticle:
    follow_up = STORIES[(number + 1) % len(STORIES)].replace(".", ", officials said.")
    text = f"Headline {number}\n{STORIES[number]}\n{JINGLE}\n{follow_up}"
    return RawArticle(id=f"{source}-{number}", source=source, text=text)


def cleaned(raw: RawArticle, memory: RedisSourceLineMemory) -> CleanArticle:
    result = clean(raw, CleanConfig(), NOW, memory=memory)
    assert isinstance(result, CleanArticle)
    return result


def test_a_line_a_source_repeats_in_every_article_is_learned_and_dropped(
    redis_client: redis.Redis,
) -> None:
    memory = RedisSourceLineMemory(RedisScripts(redis_client), CleanConfig().learned)
    first = cleaned(article(0), memory)
    assert JINGLE in first.body  # no rule knows it, and nothing has been learned yet
    for number in range(1, 5):
        cleaned(article(number), memory)
    fifth_on = cleaned(article(5), memory)
    assert JINGLE not in fifth_on.body
    assert fifth_on.cleaning.removed[RemovalReason.LEARNED] == 1
    assert STORIES[5] in fifth_on.body


def test_a_brand_new_source_falls_back_to_the_rules(redis_client: redis.Redis) -> None:
    memory = RedisSourceLineMemory(RedisScripts(redis_client), CleanConfig().learned)
    for number in range(5):
        cleaned(article(number), memory)
    other = cleaned(article(5, source="othersource.example"), memory)
    assert JINGLE in other.body


def test_a_source_sending_the_same_story_again_does_not_learn_its_paragraphs(
    redis_client: redis.Redis,
) -> None:
    memory = RedisSourceLineMemory(RedisScripts(redis_client), CleanConfig().learned)
    text = "Flood update\nThe river fell below the warning level on Sunday night.\nRoads reopened."
    for number in range(8):
        result = cleaned(RawArticle(id=f"u{number}", source="s.example", text=text), memory)
    assert (
        result.body == "The river fell below the warning level on Sunday night.\n\nRoads reopened."
    )
