"""How cleaning time grows with the size of pathological but possible text payloads: each
shape at n and 2n lines, the median of 3 runs, and the ratio (about 2 when linear, 4 when
quadratic).

    python bench/cleaning_growth.py [--lines 4000]

The shapes: hard-wrapped lines that never end a sentence (each joins the one before), a block
of short labels on single lines (menus, "Related", "Advertisement"), and a results table."""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent.parent)]

from schemas import RawArticle  # noqa: E402
from worker.steps.clean import CleanConfig, clean  # noqa: E402

STORY = (
    "The council met on Tuesday to discuss the new tram line. It approved the plan after a "
    "long debate that ran well into the evening.\n\n"
)
SHAPES: dict[str, Callable[[int], str]] = {
    "hard-wrapped lines without a full stop": lambda n: "\n".join(
        f"and the council said that plan number {i} would go ahead" for i in range(n)
    ),
    "short labels on single lines": lambda n: "\n".join(
        ("Related", "Advertisement", "Sport", "News")[i % 4] for i in range(n)
    ),
    "a results table": lambda n: "\n".join(f"Team {i} 3 1 2 {i % 7}" for i in range(n)),
}


def median_ms(text: str) -> float:
    article = RawArticle(id="growth", text=text)
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        clean(article, CleanConfig(), datetime.now(UTC))
        runs.append((time.perf_counter() - start) * 1e3)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--lines", type=int, default=4_000)
    n = parser.parse_args().lines
    print(f"# Cleaning time by size ({platform.machine()}, {os.cpu_count()} cores)\n")
    print(f"| shape | KB at {n:,} lines | ms | ms at {2 * n:,} | ratio |")
    print("|---|---:|---:|---:|---:|")
    for name, make in SHAPES.items():
        small, large = STORY + make(n), STORY + make(2 * n)
        once, twice = median_ms(small), median_ms(large)
        print(
            f"| {name} | {len(small.encode()) / 1e3:.0f} | {once:.0f} | {twice:.0f} "
            f"| {twice / once:.2f} |"
        )


if __name__ == "__main__":
    main()
