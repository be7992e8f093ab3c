"""Labelled texts for topic training and evaluation, read from named sources.

A source is `KIND:PATH`, or a bare PATH for a labelled JSONL file (`{"text", "labels"}` a line,
primary label first) — the bring-your-own-taxonomy format. The other kinds read the public data
the default IPTC model is trained from, mapping their labels to IPTC top-level codes."""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from worker.training.sib200 import read_split

MASAKHANEWS_TO_IPTC = {
    "business": "medtop:04000000",
    "entertainment": "medtop:01000000",
    "health": "medtop:07000000",
    "politics": "medtop:11000000",
    "sports": "medtop:15000000",
    "technology": "medtop:13000000",
}
SIB_TO_IPTC = {
    "science/technology": "medtop:13000000",
    "travel": "medtop:10000000",
    "politics": "medtop:11000000",
    "sports": "medtop:15000000",
    "health": "medtop:07000000",
    "entertainment": "medtop:01000000",
}  # "geography" has no single topic: left out
CURRENT_EVENTS_TO_IPTC = {
    "War_Conflict": "medtop:16000000",
    "Disaster_Accident": "medtop:03000000",
    "Law_Crime": "medtop:02000000",
    "Politics": "medtop:11000000",
    "International_Relation": "medtop:11000000",
    "Business_Finance": "medtop:04000000",
    "Entertainment_Culture": "medtop:01000000",
    "Sports": "medtop:15000000",
    "Technology_Internet": "medtop:13000000",
    "Health_Medical_Pharma": "medtop:07000000",
}


@dataclass(frozen=True)
class LabelledText:
    text: str
    labels: tuple[str, ...]
    source: str
    group: str = ""  # texts of one group (translations of one sentence) share a side
    ref: str = ""  # where the text comes from (an article's URL), for labels kept elsewhere

    def held_out(self, fraction: float) -> bool:
        """A fixed, content-derived split: the same text (or group) is always on the same side."""
        digest = hashlib.sha256((self.group or self.text).encode("utf-8")).digest()
        return int.from_bytes(digest[:4], "big") / 2**32 < fraction


def read_labelled_jsonl(path: Path) -> Iterator[LabelledText]:
    """A labelled JSONL file, UTF-8 (with or without a byte-order mark), one object a line:
    `text` and `labels` (non-empty strings, or integers read as their digits; primary first).
    A line that is not one is refused with its number."""
    expected = (
        'expected {"text": "…", "labels": ["…", …]} with labels that are non-empty strings '
        "(or integers)"
    )
    with path.open(encoding="utf-8-sig", newline="\n") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except ValueError as error:
                raise ValueError(f"{path}:{number}: not JSON ({error})") from None
            labels = row.get("labels") if isinstance(row, dict) else None
            if (
                not isinstance(row, dict)
                or not isinstance(row.get("text"), str)
                or not isinstance(labels, list)
                or not labels
                or not all(_is_label(label) for label in labels)
            ):
                raise ValueError(f"{path}:{number}: {expected}")
            yield LabelledText(row["text"], tuple(str(label) for label in labels), str(path))


def _is_label(value: object) -> bool:
    """A non-empty string, or an integer (a class number, read as its digits)."""
    if isinstance(value, str):
        return bool(value.strip())
    return isinstance(value, int) and not isinstance(value, bool)


def read_masakhanews(path: Path) -> Iterator[LabelledText]:
    """MasakhaNEWS TSV (category, headline, text, url; AFL-3.0): headline + text."""
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if row["category"] not in MASAKHANEWS_TO_IPTC:
                raise ValueError(f"{path}: category {row['category']!r} has no IPTC mapping")
            label = MASAKHANEWS_TO_IPTC[row["category"]]
            yield LabelledText(
                f"{row['headline']}\n{row['text']}",
                (label,),
                f"masakhanews:{path}",
                ref=row.get("url") or "",
            )


def read_sib200(path: Path) -> Iterator[LabelledText]:
    """One SIB-200 variety folder (CC BY-SA 4.0): its train split, geography left out."""
    for sentence in read_split(path, "train"):
        if sentence.category in SIB_TO_IPTC:
            label = SIB_TO_IPTC[sentence.category]
            yield LabelledText(
                sentence.text, (label,), f"sib200:{path.name}", f"sib200:{sentence.index_id}"
            )


def read_current_events(path: Path) -> Iterator[LabelledText]:
    """Wikipedia Current Events Portal summaries (CC BY-SA) with the portal's category."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            if row["category"] in CURRENT_EVENTS_TO_IPTC:
                label = CURRENT_EVENTS_TO_IPTC[row["category"]]
                yield LabelledText(row["text"], (label,), f"current-events:{path.name}")


def read_iptc_definitions(path: Path) -> Iterator[LabelledText]:
    """The IPTC Media Topics vocabulary (CC BY 4.0) as weak supervision: every concept's name and
    definition, labelled with its top-level topic."""
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if not row["retired"]:
                text = f"{row['name']}. {row['definition']}"
                yield LabelledText(text, (row["top"],), f"iptc:{path.name}")


def iptc_names(path: Path) -> dict[str, str]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["qcode"]: row["name"] for row in csv.DictReader(handle) if row["level"] == "1"}


READERS: dict[str, Callable[[Path], Iterator[LabelledText]]] = {
    "jsonl": read_labelled_jsonl,
    "masakhanews": read_masakhanews,
    "sib200": read_sib200,
    "current-events": read_current_events,
    "iptc": read_iptc_definitions,
}


def source_kind(spec: str) -> str:
    """`masakhanews` for `masakhanews:PATH`; `jsonl` for a bare path (a path may hold a colon:
    `exports/10:30.jsonl` is a path, as is any spec whose prefix names no kind)."""
    prefix, colon, _ = spec.partition(":")
    return prefix if colon and prefix in READERS else "jsonl"


def read_source(spec: str) -> list[LabelledText]:
    kind = source_kind(spec)
    path = spec.removeprefix(f"{kind}:")
    if kind == "jsonl" and ":" in path and not Path(path).exists():
        prefix = spec.partition(":")[0]
        raise ValueError(f"unknown source kind {prefix!r} in {spec!r}; one of {sorted(READERS)}")
    return list(READERS[kind](Path(path)))
