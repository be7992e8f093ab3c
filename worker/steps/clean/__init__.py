"""Clean: from a RawArticle to a CleanArticle (main text, title, metadata), or a rejection.

The input mode is decided per payload: `html` when present (main text extracted with
trafilatura), else `text`. Both then go through the same line-level pass
(`boilerplate.remove_boilerplate`): captions, credits, the publisher's tail and page furniture
are removed, each with a recorded reason.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from schemas import CleanArticle, InputMode, RawArticle, RejectionReason, Stage
from worker.steps.base import Rejection
from worker.steps.clean import html as html_extraction
from worker.steps.clean.boilerplate import TextCleaning, remove_boilerplate, strip_site_name
from worker.steps.clean.language_hint import language_hint
from worker.steps.clean.learned import (
    LearnedBoilerplateConfig,
    SourceLineMemory,
    learned_boilerplate,
)
from worker.steps.clean.text import normalise

__all__ = ["CleanConfig", "LearnedBoilerplateConfig", "SourceLineMemory", "clean"]


class CleanConfig(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    max_title_chars: int = Field(default=300, ge=10, description="A longer first line is body.")
    keep_removed_lines: bool = Field(
        default=False, description="List every removed line in the article (debugging)."
    )
    learn_per_source: bool = Field(
        default=True, description="Learn each source's recurring lines in Redis and drop them."
    )
    learned: LearnedBoilerplateConfig = LearnedBoilerplateConfig()


Learn = Callable[[list[str]], Sequence[bool]]


def _learner(raw: RawArticle, config: CleanConfig, memory: SourceLineMemory | None) -> Learn | None:
    """The source's memory of its recurring lines, as `remove_boilerplate` asks for it."""
    if memory is None or not raw.source or not config.learn_per_source:
        return None
    source, article_id = raw.source, raw.article_id

    def learn(lines: list[str]) -> Sequence[bool]:
        counts = memory.observe(source, article_id, lines)
        return learned_boilerplate(lines, counts, config.learned)

    return learn


def _clean_html(
    raw: RawArticle, sent_title: str | None, config: CleanConfig, learn: Learn | None
) -> tuple[TextCleaning, html_extraction.ExtractedPage]:
    page = html_extraction.extract(raw.html or "", raw.url)
    page_title = page.metadata.title and strip_site_name(page.metadata.title, raw.source)
    cleaning = remove_boilerplate(
        page.text,
        title=sent_title or page_title,
        source=raw.source,
        first_line_is_title=False,
        find_article=page.whole_page,
        keep_removed_lines=config.keep_removed_lines,
        learn=learn,
    )
    return cleaning, page


def clean(
    raw: RawArticle,
    config: CleanConfig,
    received_at: datetime,
    memory: SourceLineMemory | None = None,
) -> CleanArticle | Rejection:
    """The article's main text, title and metadata, or why there is none. With `memory`, lines
    the source keeps repeating across articles are dropped too (reason `learned`)."""
    learn = _learner(raw, config, memory)
    sent_title = (normalise(raw.title).replace("\n", " ").strip() or None) if raw.title else None
    author, published_at = None, raw.published_at
    if raw.html and raw.html.strip():
        mode = InputMode.HTML
        cleaning, page = _clean_html(raw, sent_title, config, learn)
        author = page.metadata.author
        published_at = published_at or page.metadata.published_at
    else:
        mode = InputMode.TEXT
        cleaning = remove_boilerplate(
            raw.text or "",
            title=sent_title,
            source=raw.source,
            first_line_is_title=sent_title is None,
            max_title_chars=config.max_title_chars,
            keep_removed_lines=config.keep_removed_lines,
            learn=learn,
        )
    if not any(char.isalnum() for paragraph in cleaning.paragraphs for char in paragraph):
        return Rejection(
            stage=Stage.CLEAN,
            reason=RejectionReason.EMPTY_BODY,
            article_id=raw.article_id,
            error=f"No article text was left after cleaning the {mode.value} payload.",
        )
    body = "\n\n".join(cleaning.paragraphs)
    return CleanArticle(
        id=raw.article_id,
        url=raw.url,
        source=raw.source,
        title=cleaning.title,
        author=author,
        body=body,
        published_at=published_at,
        input_mode=mode,
        language=language_hint(raw.language),
        word_count=len(body.split()),
        metadata=raw.metadata,
        cleaning=cleaning.report,
        received_at=received_at,
    )
