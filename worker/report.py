"""Processed articles and dead letters as lines and tables for people."""

from __future__ import annotations

from collections.abc import Mapping

from rich.table import Table

from schemas import DeadLetter, ProcessedArticle


def topic_text(article: ProcessedArticle) -> str:
    """The article's topics by label, best first ('-' when the model was unsure)."""
    return ", ".join(topic.label for topic in article.topics) or "-"


def article_line(article: ProcessedArticle) -> str:
    dedup = article.dedup.status.value
    if article.dedup.duplicate_of:
        dedup += f" of {article.dedup.duplicate_of}"
    return (
        f"{article.id}  [{article.language}]  {article.word_count} words  {dedup}  "
        f"{{{topic_text(article)}}}  {article.title}"
    )


def outcomes_table(outcomes: Mapping[str, ProcessedArticle | DeadLetter]) -> Table:
    table = Table(title="Results")
    for column in ("id", "title / error", "lang", "topics", "words", "dedup"):
        table.add_column(column, overflow="fold")
    for article_id, outcome in outcomes.items():
        if isinstance(outcome, DeadLetter):
            table.add_row(
                article_id,
                f"[red]dead letter[/red] ({outcome.stage.value}): {outcome.error}",
                "",
                "",
                "",
                "",
            )
            continue
        dedup = outcome.dedup.status.value
        if outcome.dedup.duplicate_of:
            dedup += f" of {outcome.dedup.duplicate_of}"
        table.add_row(
            article_id,
            outcome.title or "",
            outcome.language,
            topic_text(outcome),
            str(outcome.word_count),
            dedup,
        )
    return table
