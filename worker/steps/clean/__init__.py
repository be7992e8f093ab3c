"""Clean: from a RawArticle to a CleanArticle (main text, title, metadata), or a rejection.

The input mode is decided per payload: `html` when present, else `text`.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from schemas import CleanArticle, InputMode, RawArticle, RejectionReason, Stage
from worker.steps.base import Rejection
from worker.steps.clean import html as html_extraction
from worker.steps.clean.text import normalise, paragraphs

__all__ = ["CleanConfig", "clean"]


class CleanConfig(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    max_title_chars: int = Field(default=300, ge=10, description="A longer first line is body.")


def _title_from_first_line(lines: list[str], config: CleanConfig) -> tuple[str | None, list[str]]:
    if len(lines) > 1 and len(lines[0]) <= config.max_title_chars:
        return lines[0], lines[1:]
    return None, lines


def _drop_title_line(title: str, lines: list[str]) -> list[str]:
    """The body without a first line that only repeats the title."""
    if lines and lines[0].casefold() == title.casefold():
        return lines[1:]
    return lines


def _language_hint(hint: str | None) -> str:
    """The sender's language hint as a bare ISO 639-1 code ('en-GB' → 'en'), or 'und'."""
    primary = (hint or "").replace("_", "-").split("-")[0].strip().lower()
    return primary if len(primary) == 2 and primary.isalpha() else "und"


def clean(raw: RawArticle, config: CleanConfig, received_at: datetime) -> CleanArticle | Rejection:
    sent_title = (normalise(raw.title).replace("\n", " ").strip() or None) if raw.title else None
    author = None
    published_at = raw.published_at
    if raw.html and raw.html.strip():
        mode = InputMode.HTML
        page = html_extraction.extract(raw.html, raw.url)
        title = sent_title or page.title
        lines = page.paragraphs
        author = page.author
        published_at = published_at or page.published_at
    else:
        mode = InputMode.TEXT
        lines = paragraphs(raw.text or "")
        title, lines = (sent_title, lines) if sent_title else _title_from_first_line(lines, config)
    if title:
        lines = _drop_title_line(title, lines)
    if not lines:
        return Rejection(
            stage=Stage.CLEAN,
            reason=RejectionReason.EMPTY_BODY,
            article_id=raw.article_id,
            error=f"No article text was left after cleaning the {mode.value} payload.",
        )
    body = "\n\n".join(lines)
    return CleanArticle(
        id=raw.article_id,
        url=raw.url,
        source=raw.source,
        title=title,
        author=author,
        body=body,
        published_at=published_at,
        input_mode=mode,
        language=_language_hint(raw.language),
        word_count=len(body.split()),
        metadata=raw.metadata,
        received_at=received_at,
    )
