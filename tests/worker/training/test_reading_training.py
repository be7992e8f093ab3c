"""A second reading that trains beside its source's labels: each article it reads teaches both
labels, an article and its reading are never on different sides of a hold-out or a fold, and a
reading that names none of the articles is refused."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from worker.cli import app
from worker.steps.classify import LinearTopics, TopicConfig
from worker.steps.classify.linear_model import LinearWeights
from worker.steps.classify.topics import read_card, topic_words
from worker.training import topic_folds
from worker.training.example import Example
from worker.training.linear_training import LinearParams, train_linear
from worker.training.second_reading import Reading

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
        result = CliRunner().invoke(
            app,
            [
                "train-topics",
                f"masakhanews:{tsv}",
                "--out",
                str(out),
                "--reading",
                str(reading),
                "--reading-weight",
                weight,
            ],
        )
        assert result.exit_code == 0, result.output
        card = read_card(out)
        assert card.parameters["reading"] == {"file": "reading.jsonl", "weight": float(weight)}
        assert card.data[0]["read_again"] == 80
        topics = LinearTopics(TopicConfig(model_dir=out, min_words=3, min_known_words=3))
        winners[weight] = topics.topics("the striker scored and the keeper saved a penalty")[0]
    assert winners["0.2"].code == SPORT
    assert winners["5"].code == ECONOMY


def test_a_reading_brings_the_labels_its_source_does_not_have(tmp_path: Path) -> None:
    tsv, football, _ = write_news(tmp_path)
    reading = write_reading(tmp_path / "r.jsonl", dict.fromkeys(football, CONFLICT))
    out = tmp_path / "m"
    result = CliRunner().invoke(
        app,
        ["train-topics", f"masakhanews:{tsv}", "--out", str(out), "--reading", str(reading)],
    )
    assert result.exit_code == 0, result.output
    assert set(read_card(out).labels) == {SPORT, ECONOMY, CONFLICT}
    assert set(LinearTopics(TopicConfig(model_dir=out)).model.labels()) == {
        SPORT,
        ECONOMY,
        CONFLICT,
    }


def test_an_article_and_its_reading_are_on_the_same_side_of_every_fold(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tsv, football, _ = write_news(tmp_path)
    reading = Reading.load(
        write_reading(tmp_path / "r.jsonl", dict.fromkeys(football, CONFLICT)), 2.0
    )
    fits: list[list[Example]] = []
    real_train = topic_folds.train_linear

    def recording_train(examples: list[Example], *args: object) -> Path:
        fits.append(list(examples))
        return real_train(examples, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(topic_folds, "train_linear", recording_train)
    source = f"masakhanews:{tsv}"
    predicted = topic_folds.cross_validate([source], "masakhanews", folds=3, reading=reading)
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
        read_again = [e for e in examples if e.labels == (CONFLICT,)]
        assert len(read_again) == len(trained_refs & set(football))
        assert {e.weight for e in read_again} == {2.0}


def test_a_reading_of_none_of_the_articles_is_refused(tmp_path: Path) -> None:
    tsv, _, _ = write_news(tmp_path)
    reading = write_reading(tmp_path / "other.jsonl", {"https://elsewhere.example/1": CONFLICT})
    result = CliRunner().invoke(
        app,
        [
            "train-topics",
            f"masakhanews:{tsv}",
            "--out",
            str(tmp_path / "m"),
            "--reading",
            str(reading),
        ],
    )
    assert result.exit_code == 2
    assert "none of the 1 items" in result.output


def test_a_reading_weight_out_of_bounds_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="above 0"):
        Reading.load(write_reading(tmp_path / "r.jsonl", {"https://n.example/1": SPORT}), 0.0)


def test_an_article_read_twice_is_one_document_for_the_vocabulary(tmp_path: Path) -> None:
    """A word of one article only stays out of a min_df=2 vocabulary, however many labels the
    article trains under."""
    rng = random.Random(9)
    examples = [Example(text, (SPORT,)) for text in desk_texts(FOOTBALL, 60, rng)]
    examples += [Example(text, (ECONOMY,)) for text in desk_texts(MARKETS, 60, rng)]
    article = "the zebrafish striker scored a goal in the match"
    examples += [Example(article, (SPORT,)), Example(article, (CONFLICT,))]
    path = train_linear(examples, LinearParams(min_df=2, gram_sizes=()), tmp_path / "m.npz")
    weights = LinearWeights.load(path)
    assert "zebrafish" not in weights.vocabulary
    assert "striker" in weights.vocabulary
    assert set(weights.labels) == {SPORT, ECONOMY, CONFLICT}
