"""Learned boilerplate: lines that recur in many different articles of one source (menus, promo
lines, "Follow us on X", copyright lines), found by counting, even when no rule knows them.

Every worker shares the counts in Redis: per source, one hash per time bucket from a line's key
(its normalised text, hashed) to the number of distinct articles holding it. An article counts
once per id (a retried task adds nothing), long lines are never counted (the paragraphs of an
updated wire story recur too, and are not boilerplate), and a full bucket takes no new lines, so
memory stays bounded. Every key expires with the window.
"""

from __future__ import annotations

import hashlib
import math
import re
import time
import unicodedata
from collections.abc import Callable, Sequence
from typing import Protocol, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from worker import keys
from worker.redis_scripts import RedisScripts

__all__ = [
    "LearnedBoilerplateConfig",
    "RedisSourceLineMemory",
    "SourceLineMemory",
    "learned_boilerplate",
    "line_key",
]

_DIGIT = re.compile(r"\d", re.UNICODE)
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)
_WORD = re.compile(r"\w+", re.UNICODE)
# A language-neutral length unit (as in `lines.py`): scripts written without spaces (Chinese,
# Japanese, Thai) count one word per six characters, so their paragraphs are long lines too.
_CHARS_PER_WORD = 6


MAX_BUCKETS = 64  # keys of the window, all passed to one script call


class LearnedBoilerplateConfig(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    min_articles: int = Field(
        default=5, ge=2, description="A line in this many distinct articles is boilerplate."
    )
    max_words: int = Field(
        default=30, ge=1, description="Longer lines are never counted nor learned."
    )
    window_seconds: int = Field(
        default=14 * 86400, ge=1, description="How long an article counts (in whole buckets)."
    )
    bucket_seconds: int = Field(default=86400, ge=1, description="The time step of the window.")
    max_lines_per_article: int = Field(
        default=400,
        ge=1,
        description="Distinct lines of one article counted, at most: one "
        "call of the script stays short however long the page.",
    )
    max_lines_per_bucket: int = Field(
        default=20_000, ge=1, description="New lines a bucket takes at most, per source."
    )
    key_prefix: str = Field(default="ingest", min_length=1, description="Of the counts' keys.")

    @property
    def buckets_in_window(self) -> int:
        return math.ceil(self.window_seconds / self.bucket_seconds)

    @model_validator(mode="after")
    def _few_buckets(self) -> Self:
        # Every bucket is a key of one atomic script call: 20,160 one-minute buckets in two
        # weeks took 103 ms an article, Redis blocked for every worker meanwhile.
        if self.buckets_in_window > MAX_BUCKETS:
            raise ValueError(
                f"the window holds {self.buckets_in_window} buckets "
                f"({self.window_seconds}s / {self.bucket_seconds}s); at most {MAX_BUCKETS}: "
                "make bucket_seconds longer"
            )
        return self


class SourceLineMemory(Protocol):
    def observe(self, source: str, article_id: str, lines: Sequence[str]) -> list[int]:
        """Count this article (once per id) for `source` as containing `lines`; return, for each
        line in order, how many distinct articles of the source in the window contain it (0 for
        lines too long to be counted)."""


def _normalised(line: str) -> str:
    folded = unicodedata.normalize("NFC", line.casefold())
    return _NON_WORD.sub(" ", _DIGIT.sub("0", folded)).strip()


def line_key(line: str) -> str:
    """16 hex characters of the sha256 of the line case-folded, with every digit made "0" and
    runs of other characters than letters and digits made one space: "Updated 12:30 PM" and
    "updated 09:15 pm" share a key."""
    return hashlib.sha256(_normalised(line).encode("utf-8")).hexdigest()[:16]


def _words(line: str) -> float:
    return max(float(len(_WORD.findall(line))), len(line.strip()) / _CHARS_PER_WORD)


def _countable(line: str, config: LearnedBoilerplateConfig) -> bool:
    return _words(line) <= config.max_words and bool(_normalised(line))


class RedisSourceLineMemory:
    """Per-source line counts in Redis, one Lua call per article (`count_source_lines.lua`)."""

    def __init__(
        self,
        scripts: RedisScripts,
        config: LearnedBoilerplateConfig,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.scripts = scripts
        self.config = config
        self.clock = clock

    def observe(self, source: str, article_id: str, lines: Sequence[str]) -> list[int]:
        line_keys = [line_key(line) if _countable(line, self.config) else None for line in lines]
        unique = list(dict.fromkeys(key for key in line_keys if key is not None))
        unique = unique[: self.config.max_lines_per_article]
        if not unique:
            return [0] * len(lines)
        counts = dict(zip(unique, self._count(source, article_id, unique), strict=True))
        return [counts.get(key, 0) if key is not None else 0 for key in line_keys]

    def _count(self, source: str, article_id: str, unique_keys: list[str]) -> list[int]:
        config = self.config
        current = int(self.clock() // config.bucket_seconds)
        buckets = [
            keys.learned_lines(config.key_prefix, source, (current - age) * config.bucket_seconds)
            for age in range(config.buckets_in_window)
        ]
        return self.scripts.count_source_lines(
            keys.learned_article(config.key_prefix, source, article_id),
            buckets,
            unique_keys,
            ttl=config.buckets_in_window * config.bucket_seconds,
            max_fields=config.max_lines_per_bucket,
        )


def learned_boilerplate(
    lines: Sequence[str], counts: Sequence[int], config: LearnedBoilerplateConfig
) -> list[bool]:
    """For each line, whether it is learned boilerplate: countable, and counted in at least
    `min_articles` distinct articles of its source (`counts` as `observe` returns them)."""
    return [
        count >= config.min_articles and _countable(line, config)
        for line, count in zip(lines, counts, strict=True)
    ]
