from __future__ import annotations

import multiprocessing
import random
from collections.abc import Sequence
from multiprocessing.synchronize import Barrier

import pytest
import redis
from redis.backoff import NoBackoff
from redis.crc import key_slot
from redis.retry import Retry

from tests.processes import run_together
from worker import keys
from worker.embedded_redis import free_port
from worker.errors import RedisUnavailable
from worker.redis_scripts import RedisScripts
from worker.steps.clean.learned import (
    LearnedBoilerplateConfig,
    RedisSourceLineMemory,
    learned_boilerplate,
    line_key,
)

DAY = 86400
START = 1_793_491_200.0  # 2026-11-01T00:00:00Z
SOURCE = "aapnews.aap.com.au"
PROMO = "Follow AAP News on X"
CONFIG = LearnedBoilerplateConfig()
LONG_LINE = " ".join(["word"] * (CONFIG.max_words + 1))


class Clock:
    def __init__(self, now: float = START) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def fixed_clock() -> float:
    return START + 3600


def memory(
    client: redis.Redis,
    config: LearnedBoilerplateConfig = CONFIG,
    clock: Clock | None = None,
) -> RedisSourceLineMemory:
    return RedisSourceLineMemory(RedisScripts(client), config, clock or Clock())


def article_lines(number: int, *shared: str) -> list[str]:
    return [f"A story of its own, number {chr(65 + number % 26)}{number // 26}.", *shared]


def observe_many(
    shared: RedisSourceLineMemory, ids: Sequence[str], line: str, source: str = SOURCE
) -> list[int]:
    return [shared.observe(source, i, [line])[0] for i in ids]


def ids(count: int, prefix: str = "a") -> list[str]:
    return [f"{prefix}{n}" for n in range(count)]


def test_a_line_in_min_articles_distinct_articles_of_a_source_is_boilerplate(
    redis_client: redis.Redis,
) -> None:
    shared = memory(redis_client)
    counts: list[int] = []
    for number, article_id in enumerate(ids(CONFIG.min_articles)):
        lines = article_lines(number, PROMO)
        counts = shared.observe(SOURCE, article_id, lines)
    assert counts == [1, CONFIG.min_articles]
    assert learned_boilerplate(lines, counts, CONFIG) == [False, True]


def test_a_line_in_one_article_fewer_is_not_boilerplate(redis_client: redis.Redis) -> None:
    shared = memory(redis_client)
    counts = observe_many(shared, ids(CONFIG.min_articles - 1), PROMO)
    assert counts == list(range(1, CONFIG.min_articles))
    assert learned_boilerplate([PROMO], counts[-1:], CONFIG) == [False]


def test_the_same_article_observed_again_counts_once(redis_client: redis.Redis) -> None:
    shared = memory(redis_client)
    assert observe_many(shared, ["a", "a", "b", "a", "b"], PROMO) == [1, 1, 2, 2, 2]


def test_an_article_observed_again_with_new_lines_adds_nothing(redis_client: redis.Redis) -> None:
    shared = memory(redis_client)
    shared.observe(SOURCE, "a", [PROMO])
    assert shared.observe(SOURCE, "a", [PROMO, "A line the retry added"]) == [1, 0]


def test_a_line_repeated_in_one_article_counts_once(redis_client: redis.Redis) -> None:
    shared = memory(redis_client)
    assert shared.observe(SOURCE, "a", [PROMO, "Body.", PROMO, PROMO.upper()]) == [1, 1, 1, 1]
    assert shared.observe(SOURCE, "b", [PROMO]) == [2]


def test_another_source_keeps_counts_of_its_own(redis_client: redis.Redis) -> None:
    shared = memory(redis_client)
    observe_many(shared, ids(CONFIG.min_articles), PROMO)
    assert shared.observe("www.brand-new-source.example", "a0", [PROMO]) == [1]
    assert shared.observe(SOURCE, "z", [PROMO]) == [CONFIG.min_articles + 1]


def test_sources_with_braces_and_any_characters_stay_apart(redis_client: redis.Redis) -> None:
    shared = memory(redis_client)
    assert shared.observe("{a}", "x", [PROMO]) == [1]
    assert shared.observe("{a}:b", "x", [PROMO]) == [1]
    assert shared.observe("ünï cødé 新闻", "x", [PROMO]) == [1]


def test_long_lines_are_never_counted_nor_learned(redis_client: redis.Redis) -> None:
    shared = memory(redis_client)
    chinese_paragraph = "新华社北京十一月一日电" * 20
    for article_id in ids(CONFIG.min_articles + 2):
        counts = shared.observe(SOURCE, article_id, [LONG_LINE, chinese_paragraph, PROMO])
    assert counts == [0, 0, CONFIG.min_articles + 2]
    assert learned_boilerplate([LONG_LINE], [99], CONFIG) == [False]
    assert redis_client.hlen(next(iter(redis_client.scan_iter("*:lines:*")))) == 1


def test_an_article_without_countable_lines_does_not_need_redis() -> None:
    unreachable = redis.Redis(port=free_port(), retry=Retry(NoBackoff(), 0))
    shared = memory(unreachable)
    assert shared.observe(SOURCE, "a", [LONG_LINE, "", "   ", "— * —"]) == [0, 0, 0, 0]
    assert shared.observe(SOURCE, "a", []) == []
    with pytest.raises(RedisUnavailable):
        shared.observe(SOURCE, "a", [PROMO])


def test_digits_case_and_punctuation_are_normalised(redis_client: redis.Redis) -> None:
    assert line_key("Updated 12:30 PM") == line_key("updated 09:15 pm")
    assert line_key("Copyright © 2026 AAP") == line_key("COPYRIGHT 2025 AAP.")
    assert line_key("Updated 12:30 PM") != line_key("Updated 12:30 AM")
    shared = memory(redis_client)
    counts = [
        shared.observe(SOURCE, f"a{hour}", [f"Updated {hour:02}:{hour * 7 % 60:02} PM"])[0]
        for hour in range(1, CONFIG.min_articles + 1)
    ]
    assert counts[-1] == CONFIG.min_articles


def test_every_key_expires_within_the_window(redis_client: redis.Redis) -> None:
    shared = memory(redis_client)
    shared.observe(SOURCE, "a", [PROMO, "Another line"])
    shared.observe("another.example", "a", [PROMO])
    found = list(redis_client.scan_iter(keys.learned_pattern(CONFIG.key_prefix)))
    assert len(found) == 4  # a marker and a bucket per source
    assert sorted(found) == sorted(redis_client.keys("*"))
    for key in found:
        assert 0 < redis_client.ttl(key) <= CONFIG.window_seconds


def test_all_keys_of_one_source_share_a_cluster_slot() -> None:
    prefix = CONFIG.key_prefix
    slots = {
        key_slot(key.encode())
        for key in (
            keys.learned_article(prefix, SOURCE, "a"),
            keys.learned_article(prefix, SOURCE, "{other}"),
            keys.learned_lines(prefix, SOURCE, 0),
            keys.learned_lines(prefix, SOURCE, 1_793_491_200),
        )
    }
    assert len(slots) == 1


def test_a_full_bucket_takes_no_new_lines_but_still_counts_the_ones_it_has(
    redis_client: redis.Redis,
) -> None:
    config = LearnedBoilerplateConfig(max_lines_per_bucket=10)
    shared = memory(redis_client, config)
    lines = [f"Menu item {chr(65 + n)}" for n in range(15)]
    assert shared.observe(SOURCE, "a", lines) == [1] * 10 + [0] * 5
    assert shared.observe(SOURCE, "b", lines[::-1]) == [0] * 5 + [2] * 10
    bucket = next(iter(redis_client.scan_iter("*:lines:*")))
    assert redis_client.hlen(bucket) == 10


def test_a_new_bucket_takes_new_lines_when_the_last_one_is_full(
    redis_client: redis.Redis,
) -> None:
    config = LearnedBoilerplateConfig(max_lines_per_bucket=1)
    clock = Clock()
    shared = memory(redis_client, config, clock)
    assert shared.observe(SOURCE, "a", [PROMO, "Second"]) == [1, 0]
    clock.now += DAY
    assert shared.observe(SOURCE, "b", [PROMO, "Second"]) == [2, 0]
    assert shared.observe(SOURCE, "c", ["Second", PROMO]) == [0, 3]
    clock.now += DAY
    assert shared.observe(SOURCE, "d", ["Second", PROMO]) == [1, 3]


def test_articles_count_while_their_bucket_is_in_the_window_and_not_after(
    redis_client: redis.Redis,
) -> None:
    clock = Clock()
    shared = memory(redis_client, clock=clock)
    observe_many(shared, ids(CONFIG.min_articles, "old"), PROMO)
    clock.now += CONFIG.window_seconds - DAY  # the last day still inside the window
    assert shared.observe(SOURCE, "recent", [PROMO]) == [CONFIG.min_articles + 1]
    clock.now += DAY  # the first day's bucket has left the window
    assert shared.observe(SOURCE, "new", [PROMO]) == [2]
    assert shared.observe(SOURCE, "recent", [PROMO]) == [2]


def test_a_retry_counts_the_article_where_it_was_first_counted(redis_client: redis.Redis) -> None:
    clock = Clock()
    shared = memory(redis_client, clock=clock)
    shared.observe(SOURCE, "a", [PROMO])
    clock.now += 3 * DAY
    assert shared.observe(SOURCE, "a", [PROMO]) == [1]
    assert shared.observe(SOURCE, "b", [PROMO]) == [2]


def test_workers_share_the_counts_through_redis(redis_client: redis.Redis, data_url: str) -> None:
    memory(redis_client).observe(SOURCE, "a", [PROMO])
    other_worker = redis.Redis.from_url(data_url, decode_responses=True)
    assert memory(other_worker).observe(SOURCE, "b", [PROMO]) == [2]
    other_worker.close()


# The race: several OS processes observe at once, behind one barrier.

PROCESSES = 6
IDS_PER_PROCESS = 5


def _observe_in_a_process(
    url: str, article_ids: list[str], barrier: Barrier, results: multiprocessing.Queue[list[int]]
) -> None:
    client = redis.Redis.from_url(url, decode_responses=True)
    shared = RedisSourceLineMemory(RedisScripts(client), CONFIG, fixed_clock)
    barrier.wait(timeout=60)
    counts = [
        shared.observe(SOURCE, article_id, [f"Only in {article_id}", PROMO])[1]
        for article_id in article_ids
    ]
    results.put(counts)
    client.close()


def _race(url: str, batches: list[list[str]]) -> list[int]:
    """Each batch observed by a process of its own, all starting together."""
    return run_together(_observe_in_a_process, [(url, batch) for batch in batches])


def test_processes_racing_count_each_article_exactly_once(
    redis_client: redis.Redis, data_url: str
) -> None:
    every_id = [f"p{p}-a{n}" for p in range(PROCESSES) for n in range(IDS_PER_PROCESS)]
    batches = [every_id[p * IDS_PER_PROCESS : (p + 1) * IDS_PER_PROCESS] for p in range(PROCESSES)]
    first = _race(data_url, batches)
    # Each increment is atomic: the 30 articles saw 1, 2, ... 30, each exactly once.
    assert sorted(first) == list(range(1, len(every_id) + 1))

    again = _race(data_url, [random.Random(p).sample(every_id, len(every_id)) for p in range(4)])
    assert again == [len(every_id)] * (4 * len(every_id))
    shared = memory(redis_client, clock=Clock(fixed_clock()))
    assert shared.observe(SOURCE, every_id[0], [PROMO]) == [len(every_id)]


def test_processes_racing_on_the_same_new_articles_count_each_once(
    redis_client: redis.Redis, data_url: str
) -> None:
    fresh = [f"q{n}" for n in range(10)]
    counts = _race(data_url, [random.Random(p).sample(fresh, len(fresh)) for p in range(PROCESSES)])
    assert max(counts) == len(fresh)
    assert set(counts) <= set(range(1, len(fresh) + 1))
    shared = memory(redis_client, clock=Clock(fixed_clock()))
    assert shared.observe(SOURCE, fresh[0], [PROMO]) == [len(fresh)]


def test_one_article_sends_at_most_max_lines_per_article_lines_to_redis(
    redis_client: redis.Redis,
) -> None:
    config = LearnedBoilerplateConfig(max_lines_per_article=10)
    memory = RedisSourceLineMemory(RedisScripts(redis_client), config)
    lines = [f"distinct short line {word}" for word in "abcdefghijklmnopqrstuvwxyz"]
    counts = memory.observe("src.example", "a1", lines)
    assert counts == [1] * 10 + [0] * 16
    buckets = [key for key in redis_client.scan_iter("*lines*")]
    assert sum(redis_client.hlen(key) for key in buckets) == 10


def test_a_window_of_more_buckets_than_one_script_call_should_take_is_refused() -> None:
    assert LearnedBoilerplateConfig(window_seconds=64 * 3600, bucket_seconds=3600)
    with pytest.raises(ValueError, match=r"the window holds 20160 buckets .* at most 64"):
        LearnedBoilerplateConfig(window_seconds=14 * 86400, bucket_seconds=60)
