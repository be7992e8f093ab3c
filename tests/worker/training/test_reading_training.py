"""A second reading that trains beside its source's labels: each article it reads teaches both
labels, an article and its reading are never on different sides of a hold-out or a fold, an
article is one document for the vocabulary however many labels it trains under, and a reading
that names none of the articles, or labels no source has, is refused."""

from __future__ import annotations

import json
import random
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
from typer.testing import CliRunner, Result

from worker.cli import app
from worker.steps.classify import LinearTopics, TopicConfig
from worker.steps.classify.linear_model import LinearWeights
from worker.steps.classify.topics import read_card, topic_words
from worker.training import topic_folds, topic_model
from worker.training.example import Example
from worker.training.linear_training import LinearParams, train_linear
from worker.training.second_reading import SecondReading
from worker.training.topic_sources import read_source

from .test_topic_training import FOOTBALL, MARKETS, desk_texts

SPORT, ECONOMY, CONFLICT = "medtop:15000000", "medtop:04000000", "medtop:16000000"


def write_news(tmp_path: Path) -> tuple[Path, list[str], list[str]]:
    """A MasakhaNEWS-style file of 40 football (sports) and 40 markets (business) articles, and
    the URLs of the football ones and of the markets ones."""
    football = desk_texts(FOOTBALL, 40, random.Random(3))
    markets = desk_texts(MARKETS, 40, random.Random(4))
    rows = [("sports", text, f"https://n.example/f{n}") for n, text in enumerate(football)]
    rows += [("business", text, f"https://n.example/m{n}") for n, text in enumerate(markets)]
    tsv = tmp_path / "dev.tsv"
    tsv.write_text(
        "category\theadline\ttext\turl\n"
        + "".join(f"{category}\tHeadline\t{text}\t{url}\n" for category, text, url in rows),
        encoding="utf-8",
    )
    return (
        tsv,
        [url for category, _, url in rows if category == "sports"],
        [url for category, _, url in rows if category == "business"],
    )


def train_news(tsv: Path, out: Path, *options: str) -> Result:
    """`article-ingest train-topics masakhanews:TSV --out OUT OPTIONS…`"""
    return CliRunner().invoke(
        app, ["train-topics", f"masakhanews:{tsv}", "--out", str(out), *options]
    )


def record_training(monkeypatch: pytest.MonkeyPatch, module: ModuleType) -> list[list[Example]]:
    """The examples of every model `module` trains from now on (training still happens)."""
    fits: list[list[Example]] = []
    real_train = module.train_linear

    def recording_train(examples: list[Example], *args: object) -> Path:
        fits.append(list(examples))
        return real_train(examples, *args)  # type: ignore[no-any-return]

    monkeypatch.setattr(module, "train_linear", recording_train)
    return fits


def write_reading(path: Path, labels: dict[str, str]) -> Path:
    path.write_text(
        "".join(
            json.dumps({"ref": ref, "labels": [label]}) + "\n" for ref, label in labels.items()
        ),
        encoding="utf-8",
    )
    return path


def test_a_reading_that_weighs_more_decides_the_articles_it_reads(tmp_path: Path) -> None:
    """A reading that files every article under the other desk: labels stay balanced, so the
    reading wins where its examples weigh more than the source's among each label's."""
    tsv, football, markets = write_news(tmp_path)
    swapped = dict.fromkeys(football, ECONOMY) | dict.fromkeys(markets, SPORT)
    reading = write_reading(tmp_path / "reading.jsonl", swapped)
    winners = {}
    for weight in ("0.2", "5"):
        out = tmp_path / weight
        result = train_news(tsv, out, "--reading", str(reading), "--reading-weight", weight)
        assert result.exit_code == 0, result.output
        card = read_card(out)
        assert card.parameters["second_reading"] == {
            "file": "reading.jsonl",
            "weight": float(weight),
        }
        assert card.data[0]["read_again"] == 80
        topics = LinearTopics(TopicConfig(model_dir=out, min_words=3, min_known_words=3))
        winners[weight] = topics.topics("the striker scored and the keeper saved a penalty")[0]
    assert winners["0.2"].code == SPORT
    assert winners["5"].code == ECONOMY


def test_an_article_and_its_reading_are_on_the_same_side_of_every_fold(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tsv, football, _ = write_news(tmp_path)
    reading = SecondReading.load(
        write_reading(tmp_path / "r.jsonl", dict.fromkeys(football, ECONOMY)), 2.0
    )
    fits = record_training(monkeypatch, topic_folds)
    source = f"masakhanews:{tsv}"
    predicted = topic_folds.cross_validate([source], "masakhanews", folds=3, second=reading)
    assert len(fits) == 3
    for fold, examples in enumerate(fits):
        held = {p.item.ref for p in predicted[source] if topic_folds.fold_of(p.item, 3) == fold}
        trained_refs = {p.item.ref for p in predicted[source]} - held
        seen = TopicConfig()
        trained_texts = {
            " ".join(topic_words(p.item.text, seen))
            for p in predicted[source]
            if p.item.ref in trained_refs
        }
        assert {e.text for e in examples} == trained_texts
        assert len(examples) == len(trained_refs) + len(trained_refs & set(football))
        read_again = [e for e in examples if e.weight == 2.0]
        assert len(read_again) == len(trained_refs & set(football))
        assert {e.labels for e in read_again} == {(ECONOMY,)}


def test_an_article_and_its_reading_are_on_the_same_side_of_the_hold_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tsv, football, markets = write_news(tmp_path)
    swapped = dict.fromkeys(football, ECONOMY) | dict.fromkeys(markets, SPORT)
    reading = SecondReading.load(write_reading(tmp_path / "r.jsonl", swapped), 3.0)
    fits = record_training(monkeypatch, topic_model)
    source = f"masakhanews:{tsv}"
    topic_model.train_topic_model([source], tmp_path / "m", second=reading, refit_on_all=True)
    seen = TopicConfig()
    items = read_source(source)
    held = {" ".join(topic_words(i.text, seen)) for i in items if i.held_out(0.2)}
    measured, refit = fits
    assert held and not held & {e.text for e in measured}
    assert len(measured) == 2 * (len(items) - len(held))  # every trained article twice
    assert len(refit) == 2 * len(items)


@pytest.mark.parametrize(
    ("labels", "message"),
    [
        ({"https://elsewhere.example/1": SPORT}, "none of the 1 items"),
        ({}, "none of the 0 items"),
        ({"https://n.example/f1": "medtop:1600000"}, "labels no source has: ['medtop:1600000']"),
    ],
)
def test_a_reading_of_other_articles_or_with_other_labels_is_refused(
    tmp_path: Path, labels: dict[str, str], message: str
) -> None:
    tsv, _, _ = write_news(tmp_path)
    reading = write_reading(tmp_path / "other.jsonl", labels)
    result = train_news(tsv, tmp_path / "m", "--reading", str(reading))
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--reading-weight", "0"], "above 0"),
        (["--reading-weight", "101"], "at most 100"),
        (["--reading-weight", "2", "--no-reading"], "needs --reading"),
    ],
)
def test_a_reading_weight_out_of_bounds_or_without_a_reading_is_refused(
    tmp_path: Path, options: list[str], message: str
) -> None:
    tsv, football, _ = write_news(tmp_path)
    reading = write_reading(tmp_path / "r.jsonl", dict.fromkeys(football, ECONOMY))
    with_reading = [] if "--no-reading" in options else ["--reading", str(reading)]
    others = [option for option in options if option != "--no-reading"]
    result = train_news(tsv, tmp_path / "m", *with_reading, *others)
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())


def test_an_article_read_twice_is_one_document_for_the_vocabulary(tmp_path: Path) -> None:
    """The vocabulary and IDF are those of the article trained once: a word of that article
    only stays out of a min_df=2 vocabulary, however many labels it trains under."""
    rng = random.Random(9)
    examples = [Example(text, (SPORT,)) for text in desk_texts(FOOTBALL, 60, rng)]
    examples += [Example(text, (ECONOMY,)) for text in desk_texts(MARKETS, 60, rng)]
    article = "the zebrafish striker scored a goal in the match"
    params = LinearParams(min_df=2)
    once = LinearWeights.load(
        train_linear([*examples, Example(article, (SPORT,))], params, tmp_path / "once.npz")
    )
    twice = LinearWeights.load(
        train_linear(
            [*examples, Example(article, (SPORT,)), Example(article, (ECONOMY,), 3.0)],
            params,
            tmp_path / "twice.npz",
        )
    )
    assert "zebrafish" not in twice.vocabulary
    assert "striker" in twice.vocabulary
    assert twice.vocabulary == once.vocabulary
    assert np.array_equal(twice.idf, once.idf)
    assert not np.array_equal(twice.coef, once.coef)  # the second label did train
