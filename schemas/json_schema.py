"""Render the contracts as JSON Schema files, for producers and consumers in other languages."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from schemas.article import ProcessedArticle, RawArticle
from schemas.dead_letter import DeadLetter

JSON_SCHEMA_DIR = Path(__file__).parent / "json"

_CONTRACTS: dict[str, type[BaseModel]] = {
    "raw_article.schema.json": RawArticle,
    "processed_article.schema.json": ProcessedArticle,
    "dead_letter.schema.json": DeadLetter,
}


def render_json_schemas() -> dict[str, str]:
    """File name → the JSON Schema text that should be in it."""
    rendered = {}
    for name, model in _CONTRACTS.items():
        schema = model.model_json_schema(
            mode="serialization" if model is not RawArticle else "validation"
        )
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        rendered[name] = json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    return rendered


def write_json_schemas(directory: Path = JSON_SCHEMA_DIR) -> list[Path]:
    """Write every schema file; returns the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in render_json_schemas().items():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
