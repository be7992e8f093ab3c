"""Main-text extraction from an HTML page with trafilatura: body, title, author, date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import trafilatura
from trafilatura.settings import Document

from worker.steps.clean.text import paragraphs


@dataclass(frozen=True)
class ExtractedPage:
    paragraphs: list[str]
    title: str | None
    author: str | None
    published_at: datetime | None


def _parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def extract(html: str, url: str | None) -> ExtractedPage:
    """The page's main text as paragraphs (empty when trafilatura finds none), and metadata."""
    document = trafilatura.bare_extraction(
        html,
        url=url,
        favor_precision=True,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        deduplicate=False,
    )
    if not isinstance(document, Document):
        return ExtractedPage(paragraphs=[], title=None, author=None, published_at=None)
    return ExtractedPage(
        paragraphs=paragraphs(document.text or ""),
        title=(document.title or "").strip() or None,
        author=(document.author or "").strip() or None,
        published_at=_parse_date(document.date),
    )
