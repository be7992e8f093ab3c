"""Classification quality and speed: language ID on SIB-200 paragraphs and full articles, topics on
real news, the seed, and the classify step's speed on 5 KB articles.

    python bench/classification.py [--data ../shared/data/classify] [--shared ../shared]

Topics are measured on: the held-out part of each training source (read from the model card:
measured on the fit that did not train on it, before the shipped file was refit on everything;
see `article-ingest train-topics`), and the 102 article-extraction pages labelled by the
project against the IPTC definitions (bench/data/extraction_topics.jsonl; bodies from the data set's
truth.json), which no training source contains. A second, blind reading of the same pages against
the same guidelines (bench/data/extraction_topics_second_reading.jsonl) says how far two readings
agree, and so how much of a miss is the model's.
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
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from schemas import CleanArticle, RawArticle  # noqa: E402
from worker.steps.classify import (  # noqa: E402
    LanguageConfig,
    LanguageIdentifier,
    LinearTopics,
    TopicConfig,
    classify,
)
from worker.steps.clean import CleanConfig, clean  # noqa: E402
from worker.training.language_model import evaluate_language  # noqa: E402
from worker.training.metrics import report  # noqa: E402
from worker.training.second_reading import agreement, read_second_reading  # noqa: E402
from worker.training.topic_model import primary_topics  # noqa: E402
from worker.training.topic_sources import LabelledText, read_source  # noqa: E402

ROUNDS, ARTICLES_A_ROUND = 7, 300


class Py3LangId:
    """The anchor: py3langid with normalised probabilities, on the same 1,000-character prefix
    (no 'und' rule: it always names a language)."""

    def __init__(self) -> None:
        from py3langid.langid import MODEL_FILE
        from py3langid.langid import LanguageIdentifier as Model

        self.model = Model.from_model_file(MODEL_FILE, norm_probs=True)

    def identify(self, text: str) -> object:
        from worker.steps.classify.language import LanguageGuess

        code, score = self.model.classify(text[:1000])
        return LanguageGuess(str(code), float(score))


def language(data: Path) -> None:
    print("## Language ID: SIB-200 dev, 5-sentence paragraphs")
    systems: list[tuple[str, object]] = [("article-ingest", LanguageIdentifier(LanguageConfig()))]
    try:
        systems.append(("py3langid", Py3LangId()))
    except ImportError:
        print("(py3langid not installed: anchor skipped)")
    names = ["49 target", "117 own ISO 639-1", "150 ISO 639-1 (folded)", "all 205"]
    print("| system | " + " | ".join(names) + " |")
    print("|---|---|---|---|---|")
    for name, system in systems:
        result = evaluate_language(system, data / "sib200")  # type: ignore[arg-type]
        cells = [f"{c / n:.4f} ({c}/{n})" if n else "n/a" for c, n in result.summary().values()]
        print(f"| {name} | " + " | ".join(cells) + " |")
    ours = LanguageIdentifier(LanguageConfig())
    for code, folder in (("en", "eng"), ("fr", "fra")):
        items = read_source(f"masakhanews:{data}/masakhanews/{folder}/dev.tsv")
        guesses = Counter(ours.identify(item.text).code for item in items)
        others = ", ".join(f"{c} {n}" for c, n in guesses.most_common() if c != code) or "none"
        print(
            f"MasakhaNEWS {folder} articles identified as {code}: {guesses[code]}/{len(items)} "
            f"(others: {others})"
        )


def extraction_pages(shared: Path) -> list[tuple[LabelledText, bool]]:
    """The labelled pages, each with whether it is a news article (not a deals list, a blog…)."""
    truth = json.loads((shared / "data/extraction/truth.json").read_text(encoding="utf-8"))
    labels = ROOT / "bench/data/extraction_topics.jsonl"
    rows = [json.loads(line) for line in labels.read_text(encoding="utf-8").splitlines()]
    return [
        (
            LabelledText(truth[r["id"]], tuple(r["labels"]), "extraction", ref=r["id"]),
            r.get("kind") != "non-news",
        )
        for r in rows
    ]


def topics(data: Path, shared: Path) -> None:
    classifier = LinearTopics(TopicConfig())
    card = json.loads((TopicConfig().model_dir / "card.json").read_text(encoding="utf-8"))
    print("\n## Topics (primary-topic accuracy; 'accepted': the primary is one of the gold labels)")
    print("| set | texts | accuracy | accepted | macro-F1 |")
    print("|---|---|---|---|---|")
    for source, m in card["metrics"]["held_out"].items():
        name = source.replace(str(data), "…").replace("../shared/data/classify", "…")
        print(
            f"| held-out {name} | {m['count']} | {m['accuracy']:.4f} | {m['accepted']:.4f} "
            f"| {m['macro_f1']:.4f} |"
        )
    pages = extraction_pages(shared)
    guesses = primary_topics(classifier, [page for page, _ in pages])
    every = [(page, guess) for (page, _), guess in zip(pages, guesses, strict=True)]
    news = [pair for pair, (_, is_news) in zip(every, pages, strict=True) if is_news]
    for name, chosen in (("extraction pages, all", every), ("extraction pages, news only", news)):
        m = report([page.labels for page, _ in chosen], [guess for _, guess in chosen])
        print(f"| {name} | {m.count} | {m.accuracy:.4f} | {m.accepted:.4f} | {m.macro_f1:.4f} |")
    second = read_second_reading(ROOT / "bench/data/extraction_topics_second_reading.jsonl")
    a = agreement(news, second)
    print(
        f"\nNews pages against a second, blind reading ({a.items}): the two readings' primary "
        f"topics agree on {a.share(a.source_is_second):.4f}; the model's primary "
        f"is the second reading's on {a.share(a.model_is_second):.4f}, among its "
        f"labels on {a.share(a.model_in_second):.4f}; of the model's "
        f"{a.misses} misses, the second reading files {a.misses_second_agrees} under its topic."
    )


def seed(shared: Path) -> None:
    raw_text = (shared / "seed/aap-kursk-raw.txt").read_text(encoding="utf-8")
    raw = RawArticle.model_validate({"url": "https://example.com/seed", "text": raw_text})
    article = clean(raw, CleanConfig(), datetime.now(UTC))
    assert isinstance(article, CleanArticle)
    done = classify(article, LanguageIdentifier(LanguageConfig()), LinearTopics(TopicConfig()))
    shown = ", ".join(f"{t.code} {t.label} {t.score}" for t in done.topics)
    print(f"\n## Seed\nlanguage {done.language} ({done.language_score}); topics: {shown}")


def speed(data: Path) -> None:
    texts = [item.text for item in read_source(f"masakhanews:{data}/masakhanews/eng/dev.tsv")]
    texts += [item.text for item in read_source(f"masakhanews:{data}/masakhanews/fra/dev.tsv")]
    five_kb = [(t * (1 + 5000 // max(1, len(t))))[:5000] for t in texts]
    articles = [
        CleanArticle.model_validate(
            {
                "id": f"b{i}",
                "url": f"https://example.com/{i}",
                "title": t[:80],
                "body": t,
                "source": "example.com",
                "received_at": datetime.now(UTC),
                "input_mode": "text",
                "word_count": len(t.split()),
            }
        )
        for i, t in enumerate(five_kb)
    ]
    languages, topic_model = LanguageIdentifier(LanguageConfig()), LinearTopics(TopicConfig())
    classify(articles[0], languages, topic_model)
    per_article = []
    for round_ in range(ROUNDS):
        batch = articles[round_ * 37 % len(articles) :][:ARTICLES_A_ROUND]
        start = time.perf_counter()
        for article in batch:
            classify(article, languages, topic_model)
        per_article.append((time.perf_counter() - start) / len(batch))
    median = statistics.median(per_article)
    print(
        f"\n## Speed (one process, one core)\nclassify step on 5 KB articles: median "
        f"{median * 1e3:.3f} ms an article = {1 / median:,.0f} articles/s over {ROUNDS} rounds"
    )
    probe = (
        "import time;"
        "from worker.steps.classify import *;"
        "rss=lambda: int(open('/proc/self/statm').read().split()[1])*4096/2**20;"
        "r0=rss();t=time.perf_counter();"
        "LanguageIdentifier(LanguageConfig()).model.load();"
        "LinearTopics(TopicConfig()).model.load();"
        "print(f'{time.perf_counter()-t:.3f} {rss()-r0:.1f}')"
    )
    loads = [
        subprocess.run(
            [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.split()
        for _ in range(5)
    ]
    seconds = statistics.median(float(s) for s, _ in loads)
    megabytes = statistics.median(float(m) for _, m in loads)
    print(
        f"loading both models: median {seconds:.3f} s over 5 fresh processes; "
        f"resident memory they add: {megabytes:.1f} MB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared/data/classify")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--only", nargs="*", choices=["seed", "topics", "speed", "language"])
    args = parser.parse_args()
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    parts = args.only or ["seed", "topics", "speed", "language"]
    if "seed" in parts:
        seed(args.shared)
    if "topics" in parts:
        topics(args.data, args.shared)
    if "speed" in parts:
        speed(args.data)
    if "language" in parts:
        language(args.data)


if __name__ == "__main__":
    main()
