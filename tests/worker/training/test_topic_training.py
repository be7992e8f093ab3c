"""train-topics end to end on a tiny labelled file: train → save → load → predict, and the worker
using the user's own taxonomy from a configured directory."""

from __future__ import annotations

import json
import random
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from worker.cli import app
from worker.settings import Settings
from worker.steps.classify import LinearTopics, TopicConfig
from worker.steps.classify.linear_model import LinearTextModel, LinearWeights, WordVectorCache
from worker.steps.classify.model_files import ModelFileError
from worker.steps.classify.topics import read_card, topic_words
from worker.training.example import Example
from worker.training.linear_training import LinearParams, gram_block, train_linear
from worker.training.topic_sources import LabelledText, read_source

MARKETS = [
    "shares",
    "stocks",
    "index",
    "traders",
    "bond",
    "yields",
    "investors",
    "earnings",
    "dividend",
    "rally",
    "broker",
]
FOOTBALL = [
    "goal",
    "striker",
    "keeper",
    "match",
    "league",
    "referee",
    "penalty",
    "midfielder",
    "coach",
    "stadium",
]
FILLER = [
    "the",
    "a",
    "on",
    "in",
    "said",
    "after",
    "before",
    "today",
    "week",
    "officials",
    "local",
    "new",
]


def desk_texts(words: list[str], count: int, rng: random.Random) -> list[str]:
    return [" ".join(rng.choice(words + FILLER) for _ in range(25)) for _ in range(count)]


@pytest.fixture(scope="module")
def desks_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rng = random.Random(7)
    rows = [{"text": t, "labels": ["desk:markets"]} for t in desk_texts(MARKETS, 60, rng)]
    rows += [{"text": t, "labels": ["desk:football"]} for t in desk_texts(FOOTBALL, 60, rng)]
    path = tmp_path_factory.mktemp("desks") / "desks.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def desks_model(desks_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("model") / "desks"
    result = CliRunner().invoke(app, ["train-topics", str(desks_file), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_training_writes_a_model_and_a_card_with_manifest_and_held_out_metrics(
    desks_model: Path, desks_file: Path
) -> None:
    card = read_card(desks_model)
    assert (desks_model / "model.npz").is_file()
    assert set(card.labels) == {"desk:markets", "desk:football"}
    [entry] = card.data
    assert entry["trained_on"] + entry["held_out"] == 120  # type: ignore[operator]
    assert entry["held_out"] > 0  # type: ignore[operator]
    held_out = card.metrics["held_out"][str(desks_file)]  # type: ignore[index]
    assert held_out["accuracy"] >= 0.9


def test_a_trained_model_loads_and_predicts_the_users_own_labels(desks_model: Path) -> None:
    topics = LinearTopics(TopicConfig(model_dir=desks_model, min_words=3, min_known_words=3))
    [best, *_] = topics.topics("the striker scored a late goal and the keeper saved a penalty")
    assert best.code == "desk:football"
    assert topics.topics("bond yields rose as investors sold shares")[0].code == "desk:markets"


def test_the_worker_takes_its_topic_model_from_settings(
    desks_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INGEST_TOPICS__MODEL_DIR", str(desks_model))
    monkeypatch.setenv("INGEST_TOPICS__MIN_WORDS", "3")
    topics = LinearTopics(Settings().topics)
    assert topics.topics("referee stadium midfielder coach match")[0].code == "desk:football"


def test_the_same_data_trains_the_same_model(desks_file: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    for name in ("one", "two"):
        result = runner.invoke(
            app, ["train-topics", str(desks_file), "--out", str(tmp_path / name)]
        )
        assert result.exit_code == 0, result.output
    assert (tmp_path / "one/model.npz").read_bytes() == (tmp_path / "two/model.npz").read_bytes()


def test_evaluate_topics_prints_accuracy_and_per_topic_f1(
    desks_model: Path, desks_file: Path
) -> None:
    result = CliRunner().invoke(
        app, ["evaluate-topics", str(desks_file), "--model-dir", str(desks_model)]
    )
    assert result.exit_code == 0, result.output
    assert "accuracy" in result.output and "macro-F1" in result.output
    assert "desk:football" in result.output and "desk:markets" in result.output


def test_a_labelled_file_without_labels_is_refused_with_its_line_number(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "a story", "labels": []}\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["train-topics", str(bad), "--out", str(tmp_path / "m")])
    assert result.exit_code == 2
    assert "bad.jsonl:1" in result.output


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ("{oops", "bad.jsonl:2: not JSON"),
        ("[1, 2]", "bad.jsonl:2: expected"),
        ('{"text": "a story", "labels": [null]}', "bad.jsonl:2: expected"),
        ('{"text": "a story", "labels": "desk:[sport]"}', "bad.jsonl:2: expected"),
    ],
)
def test_a_line_that_is_not_a_labelled_text_is_refused_in_one_line_with_its_number(
    tmp_path: Path, line: str, said: str
) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "a story", "labels": ["desk:a"]}\n' + line + "\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["train-topics", str(bad), "--out", str(tmp_path / "m")])
    assert result.exit_code == 2
    assert said in " ".join(result.output.split())
    if "expected" in said:  # what is expected, brackets and all (not read as rich markup)
        assert '["…", …]' in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_integer_labels_are_read_as_their_digits(tmp_path: Path) -> None:
    numbered = tmp_path / "numbered.jsonl"
    numbered.write_text('{"text": "a story", "labels": [3, "desk:b"]}\n', encoding="utf-8")
    [item] = read_source(str(numbered))
    assert item.labels == ("3", "desk:b")


def test_a_file_with_a_byte_order_mark_trains(desks_file: Path, tmp_path: Path) -> None:
    marked = tmp_path / "marked.jsonl"
    marked.write_text(desks_file.read_text(encoding="utf-8"), encoding="utf-8-sig")
    result = CliRunner().invoke(app, ["train-topics", str(marked), "--out", str(tmp_path / "m")])
    assert result.exit_code == 0, result.output


def test_a_file_whose_name_holds_a_colon_is_a_path_not_a_source_kind(
    desks_file: Path, tmp_path: Path
) -> None:
    timed = tmp_path / "export_10:30.jsonl"
    timed.write_bytes(desks_file.read_bytes())
    result = CliRunner().invoke(app, ["train-topics", str(timed), "--out", str(tmp_path / "m")])
    assert result.exit_code == 0, result.output
    typo = CliRunner().invoke(app, ["train-topics", "news:x.jsonl", "--out", str(tmp_path / "n")])
    assert typo.exit_code == 2
    assert "unknown source kind 'news'" in typo.output


def test_the_card_lists_only_labels_the_model_can_predict_and_warns_of_the_others(
    desks_file: Path, tmp_path: Path
) -> None:
    rows = [json.loads(line) for line in desks_file.read_text(encoding="utf-8").splitlines()]
    rows[0]["labels"] = [rows[0]["labels"][0], "desk:second-only"]
    rows.append({"text": "the only example of a rare desk", "labels": ["desk:rare"]})
    data = tmp_path / "desks.jsonl"
    data.write_text("\n".join(json.dumps(row) for row in rows) + "\n", encoding="utf-8")
    rare_is_held_out = LabelledText(rows[-1]["text"], ("desk:rare",), "").held_out(0.2)
    result = CliRunner().invoke(app, ["train-topics", str(data), "--out", str(tmp_path / "m")])
    assert result.exit_code == 0, result.output
    labels = set(read_card(tmp_path / "m").labels)
    assert "desk:second-only" not in labels  # never a primary label: never predicted
    assert ("desk:rare" in labels) is not rare_is_held_out
    assert ("not learned" in result.output) is rare_is_held_out


def test_evaluating_on_a_file_with_no_labelled_text_is_an_error_not_a_zero(
    desks_model: Path, tmp_path: Path
) -> None:
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n", encoding="utf-8")
    result = CliRunner().invoke(
        app, ["evaluate-topics", str(empty), "--model-dir", str(desks_model)]
    )
    assert result.exit_code == 2
    assert "nothing was measured" in result.output


def test_a_broken_card_stops_with_the_cards_name(desks_model: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "model.npz").write_bytes((desks_model / "model.npz").read_bytes())
    (broken / "card.json").write_text('{"labels": {', encoding="utf-8")
    with pytest.raises(ModelFileError, match=r"card\.json is not a model card"):
        LinearTopics(TopicConfig(model_dir=broken)).topics(" ".join(FOOTBALL))
    with pytest.raises(ModelFileError, match="no model file at"):
        LinearTopics(TopicConfig(model_dir=broken / "card.json")).model.load()


def test_a_missing_model_directory_is_reported_by_name(tmp_path: Path) -> None:
    with pytest.raises(ModelFileError, match=f"no model (file|card) at {tmp_path}"):
        LinearTopics(TopicConfig(model_dir=tmp_path)).topics(" ".join(FOOTBALL))


def test_held_out_texts_never_reach_the_measured_fit(
    desks_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from worker.training import topic_model
    from worker.training.topic_sources import read_source

    fits: list[list[str]] = []
    real_train = topic_model.train_linear

    def recording_train(examples: list[Example], *args: object, **kwargs: object) -> Path:
        fits.append([example.text for example in examples])
        return real_train(examples, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(topic_model, "train_linear", recording_train)
    topic_model.train_topic_model([str(desks_file)], tmp_path / "m", refit_on_all=True)
    seen = TopicConfig()
    held = {
        " ".join(topic_words(i.text, seen)) for i in read_source(str(desks_file)) if i.held_out(0.2)
    }
    measured, refit = fits
    assert held and not held & set(measured)
    assert held <= set(refit)  # the shipped file is refit on everything


def test_translations_of_one_sentence_stay_on_one_side() -> None:
    from worker.training.topic_sources import LabelledText

    sides = {
        LabelledText(f"sentence {n} in language {lang}", ("x",), "s", f"sib200:{n}").held_out(0.5)
        for n in range(40)
        for lang in ("en", "fr")
    }
    assert sides == {True, False}
    for n in range(40):
        en = LabelledText(f"sentence {n} in en", ("x",), "s", f"sib200:{n}")
        fr = LabelledText(f"phrase {n} en fr", ("x",), "s", f"sib200:{n}")
        assert en.held_out(0.5) == fr.held_out(0.5)


def test_a_source_kinds_weight_decides_between_sources_that_disagree(tmp_path: Path) -> None:
    """The same texts under the same two labels, assigned one way in a plain file and the other
    way as Current Events: the kind that weighs more wins."""
    football = desk_texts(FOOTBALL, 40, random.Random(3))
    markets = desk_texts(MARKETS, 40, random.Random(4))
    sport, economy = "medtop:15000000", "medtop:04000000"
    plain = tmp_path / "desks.jsonl"
    plain.write_text(
        "".join(json.dumps({"text": t, "labels": [sport]}) + "\n" for t in football)
        + "".join(json.dumps({"text": t, "labels": [economy]}) + "\n" for t in markets),
        encoding="utf-8",
    )
    events = tmp_path / "events.jsonl"
    events.write_text(
        "".join(json.dumps({"text": t, "category": "Business_Finance"}) + "\n" for t in football)
        + "".join(json.dumps({"text": t, "category": "Sports"}) + "\n" for t in markets),
        encoding="utf-8",
    )
    sources = [str(plain), f"current-events:{events}"]
    winners = {}
    for kind in ("jsonl", "current-events"):
        out = tmp_path / kind
        result = CliRunner().invoke(
            app, ["train-topics", *sources, "--out", str(out), "--weight", f"{kind}=5"]
        )
        assert result.exit_code == 0, result.output
        assert read_card(out).parameters["weights"] == {kind: 5.0}
        topics = LinearTopics(TopicConfig(model_dir=out, min_words=3, min_known_words=3))
        winners[kind] = topics.topics("the striker scored and the keeper saved a penalty")[0].code
    assert winners == {"jsonl": sport, "current-events": economy}


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["masakhanews"], "expected KIND=FACTOR"),
        (["news=2"], "unknown source kind"),
        (["jsonl=0"], "above 0"),
        (["jsonl=much"], "not a number"),
        (["jsonl=2", "jsonl=5"], "has a weight already"),
    ],
)
def test_a_bad_weight_is_refused_with_its_reason(
    desks_file: Path, tmp_path: Path, options: list[str], message: str
) -> None:
    weights = [arg for option in options for arg in ("--weight", option)]
    result = CliRunner().invoke(
        app, ["train-topics", str(desks_file), "--out", str(tmp_path / "m"), *weights]
    )
    assert result.exit_code == 2
    assert message in result.output


def test_a_model_is_read_as_it_was_trained(
    desks_file: Path, desks_model: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """train-topics reads texts with the configured prefix and lead, the card keeps them, and
    the worker reads with the card's values whatever its own settings say."""
    monkeypatch.setenv("INGEST_TOPICS__MAX_CHARS", "300")
    monkeypatch.setenv("INGEST_TOPICS__LEAD_WORDS", "0")
    out = tmp_path / "short"
    result = CliRunner().invoke(app, ["train-topics", str(desks_file), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert {"max_chars": 300, "lead_words": 0}.items() <= read_card(out).parameters.items()
    worker = LinearTopics(TopicConfig(model_dir=out, min_words=3, min_known_words=3))
    assert (worker.reading().max_chars, worker.reading().lead_words) == (300, 0)
    opening = "lorem ipsum dolor sit amet consectetur " * 9  # words no model knows
    assert len(opening) > 300
    late_goal = opening + " ".join(FOOTBALL * 3)
    assert worker.topics(late_goal) == []  # only the opening is read: no known words
    read_long = LinearTopics(TopicConfig(model_dir=desks_model, min_words=3, min_known_words=3))
    assert read_long.topics(late_goal)[0].code == "desk:football"


def test_a_card_from_before_the_lead_is_read_without_it(desks_model: Path, tmp_path: Path) -> None:
    import shutil

    old = tmp_path / "old"
    shutil.copytree(desks_model, old)
    card = read_card(old)
    parameters = {k: v for k, v in card.parameters.items() if k != "lead_words"}
    parameters["max_chars"] = 2_000
    (old / "card.json").write_text(
        card.model_copy(update={"parameters": parameters}).model_dump_json(), encoding="utf-8"
    )
    reading = LinearTopics(TopicConfig(model_dir=old)).reading()
    assert (reading.max_chars, reading.lead_words) == (2_000, 0)


def desks_linear_model(tmp_path: Path, params: LinearParams) -> LinearTextModel:
    rng = random.Random(3)
    examples = [Example(t, ("desk:markets",)) for t in desk_texts(MARKETS, 60, rng)]
    examples += [Example(t, ("desk:football",)) for t in desk_texts(FOOTBALL, 60, rng)]
    return LinearTextModel(train_linear(examples, params, tmp_path / "model.npz"))


def test_words_never_seen_in_training_are_read_through_their_character_grams(
    tmp_path: Path,
) -> None:
    """Plurals the examples never had ("strikers", "referees") share n-grams with the words they
    had: a model with n-grams reads them, a words-only one sees only the desk-less filler."""
    text = "the officials said after the week strikers keepers referees penalties stadiums"
    unseen = Counter(text.split())
    with_grams = desks_linear_model(tmp_path / "grams", LinearParams(gram_sizes=(4, 5)))
    assert with_grams.load().gram_sizes == (4, 5)
    best = with_grams.predict(unseen, k=2)
    assert best[0].label == "desk:football" and best[0].score > 0.8, best
    words_only = desks_linear_model(tmp_path / "words", LinearParams(gram_sizes=()))
    assert words_only.predict(unseen, k=1)[0].score < 0.75, words_only.predict(unseen, k=2)
    assert words_only.predict(Counter(["striker", "keeper"]), k=1)[0].label == "desk:football"


def test_a_model_file_from_before_the_grams_is_scored_on_its_words(tmp_path: Path) -> None:
    trained = desks_linear_model(tmp_path, LinearParams(gram_sizes=())).load()
    old = tmp_path / "old.npz"
    terms = sorted(trained.vocabulary, key=trained.vocabulary.__getitem__)
    np.savez_compressed(
        old,
        labels=np.array(trained.labels),
        terms=np.array(terms),
        idf=trained.idf,
        coef=trained.coef,
        intercept=trained.intercept,
    )
    model = LinearTextModel(old)
    assert model.load().gram_sizes == ()
    assert model.predict(Counter(["shares", "dividend", "rally"]), k=1)[0].label == "desk:markets"


def test_the_worker_scores_a_text_as_scikit_learn_scores_its_training_features(
    tmp_path: Path,
) -> None:
    """The numpy scorer (words, then n-grams word by word) and the features training builds
    (`gram_block`) are one function: probabilities agree to float32 precision."""
    import scipy.sparse
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    rng = random.Random(5)
    rows = sorted(
        [(t, "desk:markets") for t in desk_texts(MARKETS, 30, rng)]
        + [(t, "desk:football") for t in desk_texts(FOOTBALL, 30, rng)]
    )
    params = LinearParams(c=5.0, min_df=2)
    model = LinearTextModel(
        train_linear([Example(t, (label,)) for t, label in rows], params, tmp_path / "m.npz")
    )
    texts = [t for t, _ in rows]
    words = TfidfVectorizer(
        tokenizer=str.split, token_pattern=None, lowercase=False, sublinear_tf=True, min_df=1
    )
    _, _, grams = gram_block(texts, params.gram_sizes, 1)
    features = scipy.sparse.hstack([words.fit_transform(texts), grams * params.gram_weight])
    reference = LogisticRegression(C=5.0, class_weight="balanced", max_iter=3000, random_state=0)
    expected = reference.fit(features, [label for _, label in rows]).predict_proba(features)
    for text, probabilities in zip(texts, expected, strict=True):
        scored = {s.label: s.score for s in model.predict(Counter(text.split()), k=2)}
        for label, probability in zip(reference.classes_, probabilities, strict=True):
            assert scored[label] == pytest.approx(probability, abs=1e-5)


def test_the_word_cache_changes_no_score_however_small_and_whatever_came_before(
    tmp_path: Path,
) -> None:
    """A cache of 3 words (cleared over and over, overflowed by a text of more words, skipping a
    word over 40 letters) scores every text as a model seeing it first does."""
    path = desks_linear_model(tmp_path, LinearParams()).path
    rng = random.Random(11)
    texts = desk_texts(MARKETS + FOOTBALL, 12, rng)
    texts += ["strikers referees qxzvq " + "goalkeeping" * 4, "the shares rallied"]
    reused = LinearWeights.load(path)
    reused.word_cache = WordVectorCache(reused, capacity=3)
    for text in texts * 2:
        words = Counter(text.split())
        fresh = LinearWeights.load(path).gram_logits(words)
        np.testing.assert_allclose(reused.gram_logits(words), fresh, rtol=1e-5, atol=1e-6)
    assert len(reused.word_cache.rows) <= 3


def test_a_word_without_a_known_gram_adds_nothing_to_the_gram_block(tmp_path: Path) -> None:
    weights = LinearWeights.load(desks_linear_model(tmp_path, LinearParams()).path)
    words = Counter(["striker", "keeper", "goal", "match"])
    with_unknown = words + Counter(["qxzvq"])
    assert weights.word_vectors(["qxzvq"])[1][0] == 0.0  # no known gram: zero squared norm
    np.testing.assert_allclose(weights.gram_logits(with_unknown), weights.gram_logits(words))
