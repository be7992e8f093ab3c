"""Cleaning quality and speed on the article-extraction pages, beside trafilatura in this process.

    python bench/cleaning.py [--data ../shared/data/extraction] [--limit N] [--show-worst 0]

For each mode (html.jsonl, text.jsonl) prints F1 / precision / recall (the data set's metric:
token 4-gram shingles, see bench/extraction_metric.py) and the median and mean milliseconds a
page, for article-ingest's cleaning and the anchors run on the same pages.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import trafilatura

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from extraction_metric import PageScore, score_page, summarise  # noqa: E402

from schemas import CleanArticle, RawArticle  # noqa: E402
from worker.steps.clean import CleanConfig, clean  # noqa: E402

Extractor = Callable[[dict[str, str]], str]
ROUNDS, RUNS_A_ROUND = 9, 200
CONFIG = CleanConfig()
NOW = datetime.now(UTC)


def ours(row: dict[str, str]) -> str:
    raw = RawArticle.model_validate({k: row[k] for k in ("id", "url", "html", "text") if k in row})
    result = clean(raw, CONFIG, NOW)
    return result.body if isinstance(result, CleanArticle) else ""


def trafilatura_html(**options: bool) -> Extractor:
    def extract(row: dict[str, str]) -> str:
        return trafilatura.extract(row["html"], url=row.get("url"), **options) or ""

    return extract


def trafilatura_lines(row: dict[str, str]) -> str:
    wrapped = "".join(f"<p>{html.escape(line)}</p>" for line in row["text"].splitlines() if line)
    page = f"<html><body><article>{wrapped}</article></body></html>"
    return trafilatura.extract(page, favor_precision=True) or ""


def no_cleaning(row: dict[str, str]) -> str:
    return row["text"]


SYSTEMS: dict[str, list[tuple[str, Extractor]]] = {
    "html": [
        ("article-ingest", ours),
        ("trafilatura favor_precision", trafilatura_html(favor_precision=True)),
        ("trafilatura default", trafilatura_html()),
        ("trafilatura favor_recall", trafilatura_html(favor_recall=True)),
    ],
    "text": [
        ("article-ingest", ours),
        ("no cleaning", no_cleaning),
        ("trafilatura on <p>-wrapped lines", trafilatura_lines),
    ],
}


def evaluate(
    rows: list[dict[str, str]], truth: dict[str, str], systems: list[tuple[str, Extractor]]
) -> dict[str, tuple[list[PageScore], list[float]]]:
    """Every system on every page, page by page in turn, so that the machine's noise and any
    warm-up fall on all of them alike."""
    results: dict[str, tuple[list[PageScore], list[float]]] = {n: ([], []) for n, _ in systems}
    for row in rows:
        for name, extractor in systems:
            started = time.perf_counter()
            prediction = extractor(row)
            results[name][1].append((time.perf_counter() - started) * 1000)
            results[name][0].append(score_page(prediction, truth[row["id"]]))
    return results


def time_five_kilobyte_article(seed: Path) -> None:
    """Median time to clean the first 5 KB (whole lines) of a text article, one core."""
    text, size = [], 0
    for line in seed.read_text().splitlines(keepends=True):
        if size + len(line.encode()) > 5_000:
            break
        text.append(line)
        size += len(line.encode())
    raw = RawArticle(id="seed", url="https://example.com/seed", text="".join(text))
    round_medians = []
    for _ in range(ROUNDS):
        times = []
        for _ in range(RUNS_A_ROUND):
            started = time.perf_counter()
            clean(raw, CONFIG, NOW)
            times.append((time.perf_counter() - started) * 1000)
        round_medians.append(statistics.median(times))
    print(
        f"\ntext cleaning of a {size:,}-byte article, median ms of {RUNS_A_ROUND} runs in each of "
        f"{ROUNDS} rounds: median {statistics.median(round_medians):.2f}, "
        f"best round {min(round_medians):.2f}, worst round {max(round_medians):.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared/data/extraction")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--modes", default="html,text")
    parser.add_argument("--only-ours", action="store_true")
    parser.add_argument("--show-worst", type=int, default=0, help="Pages with the lowest F1.")
    parser.add_argument("--seed", type=Path, default=ROOT.parent / "shared/seed/aap-kursk-raw.txt")
    options = parser.parse_args()
    truth = json.loads((options.data / "truth.json").read_text())
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, trafilatura {trafilatura.__version__}\n"
    )
    print("| mode | system | F1 | precision | recall | ms/page median | ms/page mean |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for mode in options.modes.split(","):
        lines = (options.data / f"{mode}.jsonl").read_text().split("\n")
        rows = [json.loads(line) for line in lines if line.strip()][: options.limit]
        systems = [
            (n, e) for n, e in SYSTEMS[mode] if n == "article-ingest" or not options.only_ours
        ]
        for _ in range(2):  # warm up every system's lazy imports and caches
            evaluate(rows[:3], truth, systems)
        for name, (scores, times) in evaluate(rows, truth, systems).items():
            summary = summarise(scores)
            print(
                f"| {mode} | {name} | {summary.f1:.4f} | {summary.precision:.4f} | "
                f"{summary.recall:.4f} | {statistics.median(times):.1f} | "
                f"{statistics.fmean(times):.1f} |",
                flush=True,
            )
            if name == "article-ingest" and options.show_worst:
                ranked = sorted(
                    zip(scores, rows, strict=True),
                    key=lambda pair: (pair[0].precision or 0) + (pair[0].recall or 0),
                )
                for score, row in ranked[: options.show_worst]:
                    print(
                        f"    {row['id']}  P={score.precision or 0:.2f} R={score.recall or 0:.2f}"
                    )
    if options.seed.exists():
        time_five_kilobyte_article(options.seed)


if __name__ == "__main__":
    main()
