"""The shared dedup index in Redis: one Lua script call an article checks it and adds to it."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Protocol

import rensa

from schemas import DedupStatus
from worker import keys
from worker.redis_scripts import RedisScripts
from worker.steps.dedup.config import DedupConfig
from worker.steps.dedup.fingerprint import FORMAT, Fingerprint

_STATUS = {"u": DedupStatus.UNIQUE, "e": DedupStatus.EXACT, "n": DedupStatus.NEAR}


@dataclass(frozen=True)
class IndexVerdict:
    status: DedupStatus
    similarity: float
    story: str  # the id of the story's first-seen member (the article's own id when unique)


class DedupIndex(Protocol):
    def check_and_add(self, article_id: str, fingerprint: Fingerprint) -> IndexVerdict:
        """The verdict of the article against every article seen in the window; the article is
        then part of the index (unless it is an exact copy). The same id gets the same verdict."""


class RedisDedupIndex:
    """Generations of `window / generations` seconds, newest first; inserts go to the newest."""

    def __init__(
        self, scripts: RedisScripts, config: DedupConfig, clock: Callable[[], float] = time.time
    ) -> None:
        self.scripts = scripts
        self.config = config
        self.clock = clock

    @cached_property
    def fingerprint_version(self) -> str:
        """Changes with the fingerprint settings and the MinHash implementation's algorithm."""
        algorithm = str(getattr(rensa.RMinHash, "ALGORITHM_VERSION", "?"))
        material = f"{self.config.fingerprint.model_dump_json()} {algorithm} {FORMAT}".encode()
        return "f" + hashlib.blake2b(material, digest_size=4).hexdigest()

    def check_and_add(self, article_id: str, fingerprint: Fingerprint) -> IndexVerdict:
        config = self.config
        step = config.generation_seconds
        now = int(self.clock())
        current = now // step
        # The current bucket takes the inserts; with the `generations` before it, every article
        # of the last `window_seconds` is looked at (and some up to a step older). The next
        # bucket too: a worker whose clock is ahead (or past a boundary first) writes there.
        index_keys = [
            keys.dedup_generation(config.key_prefix, self.fingerprint_version, generation * step)
            for generation in range(current + 1, current - config.generations - 1, -1)
        ]
        expire_at = (current + 1) * step + config.window_seconds
        raw = self.scripts.near_duplicate(
            index_keys,
            [
                article_id,
                fingerprint.exact,
                fingerprint.signature,
                fingerprint.shingles,
                fingerprint.leads[0],
                fingerprint.leads[1] if len(fingerprint.leads) > 1 else b"",
                expire_at,
                config.near.min_jaccard,
                config.near.min_containment,
                config.near.containment_floor,
                config.near.min_lead,
                config.near.lead_max_shingles,
                b"".join([*fingerprint.bands, *fingerprint.lead_bands]),
            ],
        )
        status, similarity, story = raw.split("|", 2)
        return IndexVerdict(_STATUS[status], float(similarity), story)
