"""Read RawArticle lines from a JSONL file, telling apart the lines that are not articles."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from pydantic import ValidationError
from rich.console import Console

from schemas import RawArticle
from worker.steps.receive import describe_validation_error


def read_articles(path: Path) -> Iterator[tuple[int, RawArticle | str]]:
    """(line number, article) for each non-blank line, or (line number, why it is invalid)."""
    with path.open(encoding="utf-8-sig") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                yield number, RawArticle.model_validate_json(line)
            except ValidationError as error:
                if error.errors()[0]["type"] == "json_invalid":
                    yield number, f"not valid JSON ({error.errors()[0]['msg']})"
                else:
                    yield number, describe_validation_error(error)


def valid_articles(path: Path, console: Console) -> tuple[list[RawArticle], int]:
    """The file's articles, and how many lines were not; each of those is reported by number."""
    articles: list[RawArticle] = []
    invalid = 0
    for number, article in read_articles(path):
        if isinstance(article, str):
            invalid += 1
            console.print(f"[yellow]line {number}:[/yellow] {article}")
        else:
            articles.append(article)
    return articles, invalid
