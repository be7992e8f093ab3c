"""A realistic republication stream built from real article texts, with its ground truth.

Each base story may come again as: `republished` (another outlet's furniture around it: a byline,
a dateline, share and copyright lines), `edited` ("UPDATE 1-" title, "said" -> "says", a typo
fixed, a figure changed), `teaser` (its first paragraphs and a "read more" line), `updated` (an
update paragraph appended, or put on top), `html` (the same story fetched as an HTML page instead
of text). Hard negatives: different stories of one outlet, wrapped in the same heavy furniture.
Base stories that already overlap (a word 5-gram Jaccard of 0.2 or more, or one holding half of
another) are dropped first, so the ground truth is clean.
"""

from __future__ import annotations

import csv
import html
import random
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from worker.steps.dedup.fingerprint import shingles, words

KINDS = ("republished", "edited", "teaser", "updated", "html")
_WORD = re.compile(r"\w+")

UPDATE_PARAGRAPHS = [
    "Officials said on Tuesday evening that the figures would be revised once all reports were in.",
    "In a statement released after this story was first published, the ministry said it would "
    "respond in full next week and called for calm.",
    "Update: a spokesperson later confirmed the meeting had been postponed until the end of the "
    "month, citing scheduling conflicts.",
    "This article has been updated with comments from the regional authority and new figures "
    "released on Wednesday morning.",
    "Correction: an earlier version of this story misstated the date of the hearing; it is "
    "scheduled for the fourteenth.",
]

OUTLETS = ["The Valley Courier", "Northern Wire", "Daily Ledger", "Harbour Times", "Metro Post"]


@dataclass(frozen=True)
class StreamItem:
    id: str
    story: str  # the base story it is a copy of (its own id for a base story)
    kind: str  # "original", one of KINDS, or "negative"
    payload: dict[str, str]


@dataclass(frozen=True)
class Base:
    key: str
    headline: str
    text: str


def read_bases(masakhanews: list[Path]) -> list[Base]:
    """MasakhaNEWS TSV files (category, headline, text, url): real articles with headlines."""
    bases: list[Base] = []
    for path in masakhanews:
        with path.open(encoding="utf-8", newline="") as handle:
            for number, row in enumerate(csv.DictReader(handle, delimiter="\t")):
                bases.append(Base(f"{path.parent.name}-{number}", row["headline"], row["text"]))
    return [base for base in bases if len(_WORD.findall(base.text)) >= 80]


def distinct(bases: list[Base]) -> list[Base]:
    """Bases that overlap no earlier kept base (brute force over an inverted index)."""
    kept: list[Base] = []
    index: dict[str, list[int]] = defaultdict(list)
    sets: list[set[str]] = []
    for base in bases:
        mine = set(shingles(words(base.text), 5))
        overlap: dict[int, int] = defaultdict(int)
        for shingle in mine:
            for other in index.get(shingle, ()):
                overlap[other] += 1
        if any(
            n / len(mine | sets[o]) >= 0.2 or n / min(len(mine), len(sets[o])) >= 0.5
            for o, n in overlap.items()
        ):
            continue
        for shingle in mine:
            index[shingle].append(len(sets))
        sets.append(mine)
        kept.append(base)
    return kept


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n+", text) if p.strip()]


def republished(text: str, rng: random.Random) -> str:
    outlet = rng.choice(OUTLETS)
    paras = paragraphs(text)
    paras[0] = f"{rng.choice(['LONDON', 'NAIROBI', 'PARIS', 'LAGOS'])} ({outlet}) - {paras[0]}"
    return "\n\n".join(
        [f"By Staff Reporter, {outlet}", *paras, "Share this article", f"© 2026 {outlet}"]
    )


def edited(text: str, rng: random.Random) -> str:
    out = re.sub(r"\bsaid\b", "says", text)
    words = out.split(" ")
    for _ in range(2):  # a typo fixed or made: two letters swapped in a long word
        spots = [i for i, w in enumerate(words) if len(w) > 6 and w.isalpha()]
        if spots:
            i = rng.choice(spots)
            w = words[i]
            words[i] = w[0] + w[2] + w[1] + w[3:]
    out = " ".join(words)
    return re.sub(r"\b(\d+)\b", lambda m: str(int(m.group(1)) + 1), out, count=1)


def teaser(text: str, rng: random.Random) -> str:
    paras = paragraphs(text)
    taken: list[str] = []
    while paras and sum(len(p.split()) for p in taken) < rng.choice([25, 40, 60]):
        taken.append(paras.pop(0))
    return "\n\n".join([*taken, "Read the full story on our website."])


def updated(text: str, rng: random.Random) -> str:
    extra = rng.sample(UPDATE_PARAGRAPHS, rng.choice([1, 2]))
    paras = paragraphs(text)
    return "\n\n".join([*extra, *paras] if rng.random() < 0.3 else [*paras, *extra])


def as_html(text: str, rng: random.Random) -> str:
    outlet = rng.choice(OUTLETS)
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs(text))
    return (
        f"<html><head><title>{outlet}</title></head><body><nav><a href='/'>Home</a> "
        f"<a href='/news'>News</a> <a href='/sport'>Sport</a></nav><article>{body}</article>"
        f"<footer><p>© 2026 {outlet}. All rights reserved.</p></footer></body></html>"
    )


def negative(text: str, outlet: str, brief: bool) -> str:
    """Another story of one outlet, wrapped in that outlet's furniture; as a brief (its first
    paragraph only), the furniture is most of the text."""
    paras = paragraphs(text)
    body = paras[:1] if brief else paras
    return "\n\n".join(
        [
            f"{outlet}: local news you can trust, every day since 1998",
            *body,
            f"Get the {outlet} newsletter: the day's top stories in your inbox every morning, "
            "free of charge, with the weekend supplement and our puzzles on Saturdays.",
            f"{outlet} is an independent news organisation covering the region since 1998. Our "
            "journalists follow the editors' code of practice; if you think we got something "
            "wrong, write to the readers' editor, who answers every complaint within a week.",
            f"© 2026 {outlet}. All rights reserved.",
        ]
    )


def build_stream(bases: list[Base], seed: int, copy_share: float) -> list[StreamItem]:
    """Every base story once, a share of them again in 1-3 republication kinds, a tenth of the
    bases as hard negatives instead; payloads are RawArticle-shaped (a title line first)."""
    rng = random.Random(seed)
    items: list[StreamItem] = []
    pool = list(bases)
    rng.shuffle(pool)
    negatives, pool = pool[: len(pool) // 10], pool[len(pool) // 10 :]
    makers = {"republished": republished, "edited": edited, "teaser": teaser, "updated": updated}
    for base in pool:
        text = f"{base.headline}\n\n{base.text}"
        items.append(StreamItem(base.key, base.key, "original", {"id": base.key, "text": text}))
        if rng.random() >= copy_share:
            continue
        for number, kind in enumerate(rng.sample(KINDS, rng.choice([1, 2, 3]))):
            copy_id = f"{base.key}~{kind}{number}"
            if kind == "html":
                page = as_html(base.text, rng).replace(
                    "<article>", f"<article><h1>{html.escape(base.headline)}</h1>"
                )
                payload = {"id": copy_id, "html": page, "title": base.headline}
            else:
                headline = ("UPDATE 1-" if kind == "edited" else "") + base.headline
                payload = {"id": copy_id, "text": f"{headline}\n\n{makers[kind](base.text, rng)}"}
            items.append(StreamItem(copy_id, base.key, kind, payload))
    outlet = "The Riverside Chronicle"
    for number, base in enumerate(negatives):
        text = f"{base.headline}\n\n{negative(base.text, outlet, brief=number % 2 == 1)}"
        items.append(StreamItem(base.key, base.key, "negative", {"id": base.key, "text": text}))
    # Arrival order: shuffled, so a copy (a teaser, say) sometimes comes before its story.
    rng.shuffle(items)
    return items
