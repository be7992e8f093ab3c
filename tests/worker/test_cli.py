from __future__ import annotations

import json
from pathlib import Path

import pytest
import redis
from typer.testing import CliRunner

from schemas import DeadLetter, ProcessedArticle, render_json_schemas
from tests.samples import FRENCH_TEXT, WIRE_TEXT, wire_article
from worker.cli import app
from worker.settings import Settings

runner = CliRunner()


def jsonl(path: Path, lines: list[object]) -> Path:
    path.write_text(
        "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n"
    )
    return path


def test_process_writes_one_line_per_input_line_in_order(
    settings: Settings, tmp_path: Path
) -> None:
    source = jsonl(
        tmp_path / "in.jsonl",
        [
            wire_article("w1"),
            "{broken json",
            {"id": "fr", "text": FRENCH_TEXT},
            {"id": "empty", "html": "<html><body><img src='x.jpg'></body></html>"},
            wire_article("w2"),
        ],
    )
    result = runner.invoke(app, ["process", str(source), "-o", str(tmp_path / "out.jsonl")])
    assert result.exit_code == 0, result.output
    lines = (tmp_path / "out.jsonl").read_text().splitlines()
    assert len(lines) == 5
    first, broken, french, empty, copy = lines
    assert ProcessedArticle.model_validate_json(first).dedup.status == "unique"
    assert DeadLetter.model_validate_json(broken).reason == "invalid_json"
    assert DeadLetter.model_validate_json(broken).payload == "{broken json"
    assert ProcessedArticle.model_validate_json(french).language == "fr"
    empty_letter = DeadLetter.model_validate_json(empty)
    assert (empty_letter.reason, empty_letter.article_id) == ("empty_body", "empty")
    assert empty_letter.payload == {
        "id": "empty",
        "html": "<html><body><img src='x.jpg'></body></html>",
    }
    assert ProcessedArticle.model_validate_json(copy).dedup.duplicate_of == "w1"


def test_process_with_debug_lists_the_removed_lines_and_their_reasons(
    settings: Settings, tmp_path: Path
) -> None:
    source = jsonl(tmp_path / "in.jsonl", [wire_article("w1")])
    for flags, listed in (([], False), (["--debug"], True)):
        out = tmp_path / f"out{len(flags)}.jsonl"
        runner.invoke(app, ["process", str(source), "-o", str(out), *flags])
        article = ProcessedArticle.model_validate_json(out.read_text())
        assert (article.cleaning.removed_lines is not None) is listed
    removed = {line.text: line.reason for line in article.cleaning.removed_lines or []}
    assert removed["with Reuters"] == "agency_credit"
    assert removed["License this article"] == "promotion"


def test_process_shares_the_dedup_index_in_redis(settings: Settings, tmp_path: Path) -> None:
    jsonl(tmp_path / "a.jsonl", [wire_article("first")])
    jsonl(tmp_path / "b.jsonl", [wire_article("later")])
    runner.invoke(app, ["process", str(tmp_path / "a.jsonl"), "-o", str(tmp_path / "a.out")])
    runner.invoke(app, ["process", str(tmp_path / "b.jsonl"), "-o", str(tmp_path / "b.out")])
    later = ProcessedArticle.model_validate_json((tmp_path / "b.out").read_text())
    assert later.dedup.duplicate_of == "first"


def test_submit_reports_invalid_lines_by_number_and_sends_the_rest(
    settings: Settings, tmp_path: Path, broker_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INGEST_QUEUE", "cli-submit-test")
    source = jsonl(tmp_path / "in.jsonl", [wire_article("ok"), "nope", {"id": "x"}, ""])
    result = runner.invoke(app, ["submit", str(source)])
    assert result.exit_code == 1
    assert "line 2:" in result.output and "line 3:" in result.output
    assert "1 articles enqueued, 2 invalid lines skipped" in result.output
    broker = redis.Redis.from_url(broker_url)
    assert broker.llen("cli-submit-test") == 1
    broker.delete("cli-submit-test")


def test_tail_prints_json_lines_and_acknowledges_them(
    settings: Settings, tmp_path: Path, redis_client: redis.Redis
) -> None:
    from worker.pipeline import Pipeline

    pipeline = Pipeline.from_settings(settings)
    for name in ("t1", "t2"):
        article = pipeline.process(wire_article(name, text=f"{name}\n{WIRE_TEXT}"))
        assert isinstance(article, ProcessedArticle)
        pipeline.publish({"payload": {}, "article": article.model_dump(mode="json")})
    result = runner.invoke(app, ["tail", "--count", "2", "--json", "--group", "g"])
    assert result.exit_code == 0, result.output
    printed = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert [article["id"] for article in printed] == ["t1", "t2"]
    assert redis_client.xpending(settings.output.stream, "g")["pending"] == 0


def test_schema_writes_the_current_json_schemas(tmp_path: Path) -> None:
    result = runner.invoke(app, ["schema", "--directory", str(tmp_path)])
    assert result.exit_code == 0
    for name, text in render_json_schemas().items():
        assert (tmp_path / name).read_text() == text


def test_a_redis_url_without_its_scheme_is_refused_in_one_line(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INGEST_REDIS_URL", "localhost:6379")  # Celery would try it as AMQP
    source = jsonl(tmp_path / "in.jsonl", [wire_article("w1")])
    result = runner.invoke(app, ["process", str(source), "-o", str(tmp_path / "out.jsonl")])
    assert result.exit_code == 2
    assert "is not a Redis URL: write it as redis://host:6379/0" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    monkeypatch.setenv("INGEST_REDIS_URL", "localhost[/x]")  # printed as it is, not as markup
    result = runner.invoke(app, ["process", str(source), "-o", str(tmp_path / "out.jsonl")])
    assert (result.exit_code, "'localhost[/x]' is not a Redis URL" in result.output) == (2, True)


def test_a_missing_model_file_stops_process_in_one_line_before_any_article(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INGEST_LANGUAGE__MODEL_PATH", str(tmp_path / "nowhere.ftz"))
    source = jsonl(tmp_path / "in.jsonl", [wire_article("w1")])
    result = runner.invoke(app, ["process", str(source), "-o", str(tmp_path / "out.jsonl")])
    assert result.exit_code == 2
    assert "Cannot load a model:" in result.output and "nowhere.ftz" in result.output
    assert not (tmp_path / "out.jsonl").exists()  # not one dead letter per article


def test_process_reads_a_line_separator_inside_a_json_string_as_part_of_the_line(
    settings: Settings, tmp_path: Path
) -> None:
    separated = json.dumps(wire_article("sep", title="Before\u2028after"), ensure_ascii=False)
    assert "\u2028" in separated  # valid JSON: only \\n ends a JSONL line
    source = tmp_path / "in.jsonl"
    source.write_text(separated + "\n" + json.dumps(wire_article("next")) + "\n", "utf-8-sig")
    result = runner.invoke(app, ["process", str(source), "-o", str(tmp_path / "out.jsonl")])
    assert result.exit_code == 0, result.output
    first, second = (json.loads(line) for line in (tmp_path / "out.jsonl").open())
    assert (first["id"], second["id"]) == ("sep", "next")  # not dead letters, BOM or not
