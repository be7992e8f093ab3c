"""Reading SIB-200 (`<dir>/<variety>/{train,dev}.tsv`: index_id, category, text; CC BY-SA 4.0)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class SibSentence:
    variety: str
    category: str
    text: str
    index_id: str = ""  # the same in every variety: translations of one sentence share it


def varieties(sib_dir: Path) -> list[str]:
    return sorted(p.name for p in sib_dir.iterdir() if p.is_dir() and "_" in p.name)


def read_split(variety_dir: Path, split: str) -> list[SibSentence]:
    with (variety_dir / f"{split}.tsv").open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [
            SibSentence(variety_dir.name, row["category"], row["text"], row["index_id"])
            for row in rows
        ]


def paragraphs(sentences: list[SibSentence], size: int) -> list[str]:
    """Consecutive, non-overlapping runs of `size` sentences joined into one paragraph each."""
    return [
        " ".join(s.text for s in sentences[start : start + size])
        for start in range(0, len(sentences) - size + 1, size)
    ]
