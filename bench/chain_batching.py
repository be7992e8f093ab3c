"""Articles per second through the whole chain (a real worker process, a real Redis), by batch size.

    python bench/chain_batching.py [--articles 600] [--batch-sizes 1,4,16,64] [--repeats 3]
                                   [--source examples/articles.jsonl]

Each run starts a fresh Redis and a fresh worker (prefork, --concurrency = cores), submits
`--articles` text articles made unique by a numbered line (so none is an exact duplicate), and
times from the first submit until the last one is in the output stream. Prints the median of
the repeats for each batch size, and its ratio to batch size 1.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

import redis

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from worker.client import IngestClient  # noqa: E402
from worker.embedded_redis import RedisServer  # noqa: E402
from worker.settings import Settings  # noqa: E402


def load_articles(source: Path, count: int) -> list[dict[str, object]]:
    templates = [json.loads(line) for line in source.read_text().splitlines() if line.strip()]
    texts = [t["text"] for t in templates if isinstance(t.get("text"), str)]
    return [
        {"id": f"bench-{n}", "text": f"{texts[n % len(texts)]}\nBench paragraph number {n}."}
        for n in range(count)
    ]


def one_run(articles: list[dict[str, object]], batch_size: int) -> float:
    with RedisServer() as server:
        environment = {k: v for k, v in os.environ.items() if not k.startswith("INGEST_")}
        environment.update(
            {"INGEST_REDIS_URL": server.url, "INGEST_TASKS__BATCH_SIZE": str(batch_size)}
        )
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "worker",
                "worker",
                "--loglevel",
                "WARNING",
                "--concurrency",
                str(os.cpu_count() or 1),
            ],
            env=environment,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            settings = Settings(redis_url=server.url, tasks={"batch_size": batch_size})
            client = redis.Redis.from_url(server.url)
            warm = IngestClient(settings)
            warm.submit({"id": "warm-up", "text": "Warm up\nThe worker loads its models."})
            while client.xlen(settings.output.stream) < 1:
                time.sleep(0.05)
            submitter = IngestClient(settings)
            started = time.perf_counter()
            submitter.submit_many(articles)
            while client.xlen(settings.output.stream) < len(articles) + 1:
                time.sleep(0.01)
            elapsed = time.perf_counter() - started
            submitter.close()
            warm.close()
            return len(articles) / elapsed
        finally:
            worker.terminate()
            worker.wait(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=600)
    parser.add_argument("--batch-sizes", default="1,4,16,64")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--source", type=Path, default=ROOT / "examples" / "articles.jsonl")
    options = parser.parse_args()
    articles = load_articles(options.source, options.articles)
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"{options.articles} articles a run, median of {options.repeats} runs\n")
    print("| batch size | articles/s (median) | vs batch 1 |")
    print("|---:|---:|---:|")
    baseline = None
    for size in [int(s) for s in options.batch_sizes.split(",")]:
        rate = statistics.median(one_run(articles, size) for _ in range(options.repeats))
        baseline = baseline or rate
        print(f"| {size} | {rate:,.0f} | {rate / baseline:.1f}x |", flush=True)


if __name__ == "__main__":
    main()
