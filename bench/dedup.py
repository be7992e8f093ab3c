"""Near-duplicate detection on a realistic republication stream: quality, speed, memory.

    python bench/dedup.py --masakhanews ../shared/data/classify/masakhanews/{eng,fra}/dev.tsv

The stream (bench/dedup_stream.py) is built from real articles with the republication kinds a
wire story goes through, and hard negatives. Every payload is cleaned first, as in the worker,
then deduplicated against a fresh Redis (an embedded redis-server). Reported per seed: precision
and recall (a copy counts as found when its story_id is its story's first arrival), recall per
kind, the dedup step's median time an article (fingerprint + one script call on loopback), and
Redis memory per article. The anchor, datasketch's MinHashLSH (128 permutations, word 5-grams,
threshold 0.5), runs on the same cleaned bodies.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import redis

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from dedup_stream import KINDS, Base, StreamItem, build_stream, distinct, read_bases  # noqa: E402

from schemas import CleanArticle, DedupStatus, RawArticle  # noqa: E402
from worker.embedded_redis import RedisServer  # noqa: E402
from worker.redis_scripts import RedisScripts  # noqa: E402
from worker.steps.clean import CleanConfig, clean  # noqa: E402
from worker.steps.dedup import DedupConfig, RedisDedupIndex, deduplicate, fingerprint  # noqa: E402
from worker.steps.dedup.fingerprint import shingles, words  # noqa: E402

NOW = datetime.now(UTC)


@dataclass(frozen=True)
class Verdict:
    flagged: bool
    story: str  # the id the system says is the story's first member (own id when not flagged)


def cleaned_stream(items: list[StreamItem]) -> list[tuple[StreamItem, CleanArticle]]:
    out = []
    for item in items:
        raw = RawArticle.model_validate({**item.payload, "url": f"https://example.com/{item.id}"})
        article = clean(raw, CleanConfig(), NOW)
        if isinstance(article, CleanArticle):
            out.append((item, article))
    return out


def score(
    stream: list[tuple[StreamItem, CleanArticle]], verdicts: list[Verdict]
) -> dict[str, object]:
    """A copy is found when it is flagged with a story id of its own story (an earlier copy);
    precision: found / flagged; recall: found / copies. Also: the share of found copies whose
    story id is the story's first arrival (one story id for all copies)."""
    first_of: dict[str, str] = {}
    members: dict[str, set[str]] = {}
    right = wrong = first = 0
    copies: Counter[str] = Counter()
    found: Counter[str] = Counter()
    for (item, _), verdict in zip(stream, verdicts, strict=True):
        group = members.setdefault(item.story, set())
        first_of.setdefault(item.story, item.id)
        if group:
            copies[item.kind] += 1
        if verdict.flagged:
            if verdict.story in group:
                right += 1
                found[item.kind] += 1
                first += verdict.story == first_of[item.story]
            else:
                wrong += 1
        group.add(item.id)
    total = sum(copies.values())
    return {
        "precision": right / (right + wrong) if right + wrong else 1.0,
        "recall": right / total if total else 1.0,
        "false_positives": wrong,
        "first_member": first / right if right else 1.0,
        "copies": total,
        "by_kind": {k: (found[k], copies[k]) for k in sorted(copies)},
    }


def run_ours(
    stream: list[tuple[StreamItem, CleanArticle]],
    client: redis.Redis,
    config: DedupConfig,
    earlier: Sequence[list[tuple[StreamItem, CleanArticle]]] = (),
) -> tuple[list[Verdict], list[float], int]:
    """The stream through a fresh index; `earlier` streams fill the generations before it
    (one each, older first, under other ids), as in a steady state."""
    client.flushall()
    scripts = RedisScripts(client)
    step = config.generation_seconds
    for age, older in zip(range(len(earlier), 0, -1), earlier, strict=True):
        past = RedisDedupIndex(scripts, config, clock=lambda age=age: time.time() - age * step)
        for item, article in older:
            past.check_and_add(f"old{age}-{item.id}", fingerprint(article.body, config.fingerprint))
    client.config_resetstat()
    index = RedisDedupIndex(scripts, config)
    verdicts, seconds = [], []
    for _, article in stream:
        start = time.perf_counter()
        result = deduplicate(article, index, config, NOW)
        seconds.append(time.perf_counter() - start)
        flagged = result.dedup.status is not DedupStatus.UNIQUE
        verdicts.append(Verdict(flagged, result.dedup.story_id))
    used = sum(
        int(client.memory_usage(name, samples=0) or 0)
        for name in client.scan_iter(f"{config.key_prefix}:{{dedup}}:*")
    )
    return verdicts, seconds, used


def scrambled(
    stream: list[tuple[StreamItem, CleanArticle]], seed: int
) -> list[tuple[StreamItem, CleanArticle]]:
    """The same articles with the words of each paragraph shuffled: as many articles of the same
    sizes, sharing no story with the stream (filler for the earlier generations)."""
    rng = random.Random(seed)
    out = []
    for item, article in stream:
        paragraphs = []
        for paragraph in article.body.split("\n\n"):
            words_ = paragraph.split()
            rng.shuffle(words_)
            paragraphs.append(" ".join(words_))
        out.append((item, article.model_copy(update={"body": "\n\n".join(paragraphs)})))
    return out


def round_trip_and_script_time(client: redis.Redis) -> str:
    pings = []
    for _ in range(500):
        start = time.perf_counter()
        client.ping()
        pings.append(time.perf_counter() - start)
    script = client.info("commandstats").get("cmdstat_evalsha", {})
    in_redis = float(script.get("usec_per_call", 0)) / 1e3
    return (
        f"median PING round trip {statistics.median(pings) * 1e3:.3f} ms; "
        f"the script's own time in Redis {in_redis:.3f} ms a call"
    )


def run_datasketch(
    stream: list[tuple[StreamItem, CleanArticle]],
) -> tuple[list[Verdict], list[float]]:
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    story_of: dict[str, str] = {}
    arrival: dict[str, int] = {}
    verdicts, seconds = [], []
    for number, (item, article) in enumerate(stream):
        start = time.perf_counter()
        sketch = MinHash(num_perm=128)
        for shingle in shingles(words(article.body), 5):
            sketch.update(shingle.encode("utf-8"))
        hits = [key for key in lsh.query(sketch) if key in story_of]
        if hits:
            first = min(hits, key=arrival.__getitem__)
            story_of[item.id] = story_of[first]
        else:
            story_of[item.id] = item.id
        if item.id not in arrival:
            lsh.insert(item.id, sketch)
            arrival[item.id] = number
        seconds.append(time.perf_counter() - start)
        verdicts.append(Verdict(bool(hits), story_of[item.id]))
    return verdicts, seconds


def line(name: str, result: dict[str, object], seconds: list[float], memory: str) -> str:
    by_kind = result["by_kind"]
    assert isinstance(by_kind, dict)
    kinds = " | ".join(
        f"{by_kind[k][0] / by_kind[k][1]:.3f}" if k in by_kind else "-"
        for k in (*KINDS, "original")
    )
    return (
        f"| {name} | {result['precision']:.4f} | {result['recall']:.4f} | "
        f"{result['false_positives']} | {result['first_member']:.3f} | {kinds} | "
        f"{statistics.median(seconds) * 1e3:.3f} | {memory} |"
    )


SWEEP: list[dict[str, dict[str, object]]] = [
    {"fingerprint": {"shingle_words": 3}},
    {"fingerprint": {"shingle_words": 4}},
    {"fingerprint": {"permutations": 128, "bands": 32}},
    {"fingerprint": {"permutations": 64, "bands": 8}},
    {"fingerprint": {"permutations": 32, "bands": 8}},
    {"fingerprint": {"lead_words": 20}},
    {"fingerprint": {"lead_words": 50}},
    {"near": {"min_jaccard": 0.3}},
    {"near": {"min_jaccard": 0.6}},
    {"near": {"min_containment": 0.5}},
    {"near": {"min_lead": 0.8}},
    {"near": {"min_lead": 1.0}},
]


def _flat(change: dict[str, dict[str, object]]) -> dict[str, object]:
    return {key: value for group in change.values() for key, value in group.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--masakhanews", type=Path, nargs="+", required=True)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--copy-share", type=float, default=0.5)
    parser.add_argument("--no-anchor", action="store_true")
    parser.add_argument(
        "--steady",
        action="store_true",
        help="Fill the earlier generations first (other seeds' streams), as after days of running.",
    )
    parser.add_argument(
        "--sweep",
        action="store_true",
        help="Also run other settings (shingle size, permutations, bands, thresholds) on seed 1.",
    )
    args = parser.parse_args()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    bases = distinct(read_bases(args.masakhanews))
    config = DedupConfig()
    header = " | ".join((*KINDS, "original"))
    print(
        f"\n| system (seed, articles) | precision | recall | false pos. | first member | {header} "
        "| ms/article | bytes/article |"
    )
    print("|---|---:|---:|---:|---:|" + "---:|" * (len(KINDS) + 1) + "---:|---:|")
    timings: list[str] = []
    with RedisServer() as server:
        client = redis.Redis.from_url(server.url, decode_responses=True)
        for seed in args.seeds:
            stream = cleaned_stream(build_stream(bases, seed, args.copy_share))
            earlier = (
                [scrambled(stream, k) for k in range(config.generations)] if args.steady else []
            )
            verdicts, seconds, used = run_ours(stream, client, config, earlier)
            if earlier:  # bytes an article over everything the index holds
                used = used * len(stream) // (len(stream) * (1 + len(earlier)))
            result = score(stream, verdicts)
            print(
                line(
                    f"article-ingest ({seed}, {len(stream)} articles)",
                    result,
                    seconds,
                    f"{used / len(stream):,.0f}",
                )
            )
            timings.append(round_trip_and_script_time(client))
            if not args.no_anchor:
                verdicts, seconds = run_datasketch(stream)
                print(
                    line(
                        f"datasketch LSH 0.5, in memory ({seed})",
                        score(stream, verdicts),
                        seconds,
                        "-",
                    )
                )
        if args.sweep:
            stream = cleaned_stream(build_stream(bases, args.seeds[0], args.copy_share))
            for change in SWEEP:
                variant = DedupConfig.model_validate(change)
                verdicts, seconds, used = run_ours(stream, client, variant)
                name = ", ".join(f"{k}={v}" for k, v in _flat(change).items())
                print(line(name, score(stream, verdicts), seconds, f"{used / len(stream):,.0f}"))
        client.close()
    print("\n('original': the base story itself when one of its copies arrived first.)")
    for seed, timing in zip(args.seeds, timings, strict=False):
        print(f"seed {seed}: {timing}")
    print(f"rensa vs datasketch MinHash: {minhash_times(bases)}")


def minhash_times(bases: list[Base]) -> str:
    """Median time of a 128-slot MinHash of a ~700-word article's word 5-grams."""
    from datasketch import MinHash

    from worker.steps.dedup.fingerprint import minhash

    texts = [b.text for b in bases if 600 <= len(b.text.split()) <= 800][:50]
    grams = [shingles(words(text), 5) for text in texts]
    ours, theirs = [], []
    for items in grams:
        start = time.perf_counter()
        minhash(items, 128, 1)
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        sketch = MinHash(num_perm=128)
        sketch.update_batch([item.encode() for item in items])
        theirs.append(time.perf_counter() - start)
    return (
        f"{statistics.median(ours) * 1e3:.3f} ms vs {statistics.median(theirs) * 1e3:.3f} ms "
        f"({len(texts)} articles of 600-800 words)"
    )


if __name__ == "__main__":
    main()
