from __future__ import annotations

import json

from schemas import JSON_SCHEMA_DIR, render_json_schemas


def test_the_committed_json_schemas_are_current() -> None:
    for name, text in render_json_schemas().items():
        committed = (JSON_SCHEMA_DIR / name).read_text(encoding="utf-8")
        assert committed == text, f"{name} is stale: run `article-ingest schema`"


def test_the_processed_article_schema_lists_what_consumers_rely_on() -> None:
    schema = json.loads((JSON_SCHEMA_DIR / "processed_article.schema.json").read_text())
    for field in (
        "schema_version",
        "id",
        "title",
        "body",
        "language",
        "topics",
        "dedup",
        "word_count",
        "processed_at",
    ):
        assert field in schema["properties"]
    assert {"id", "body", "dedup"} <= set(schema["required"])
