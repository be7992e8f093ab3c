"""Where the article is in a page of lines: the run of lines with the most prose in it.

Each line gets a value: its length when it reads as running text, a cost when it is a menu item,
label or furniture. The article is the contiguous run with the highest sum (Kadane's maximum
subarray), so headings and short paragraphs between prose stay in, and menus, link lists and
footers around it fall away. Then the run is cut at the first end-of-article line (an agency
credit, a "Related" or "Comments" header, a promotion) after which little prose is left: the
publisher's tail.
"""

from __future__ import annotations

from collections.abc import Sequence

from schemas import RemovalReason
from worker.steps.clean.lines import Line
from worker.steps.clean.rules import END_OF_ARTICLE

TAIL_PROSE_RATIO = 0.35
"""A promotion or legal line ends the article when the prose after it is at most this share
of the prose before it."""
MIN_ARTICLE_WORDS = 40
"""No cut before this much article."""
EDGE_LABEL_WORDS = 10
"""In extracted text, shorter lines without a full stop at the edges are labels or datelines."""
HEADERS = frozenset({RemovalReason.RELATED})
SURE_END_OF_ARTICLE = frozenset(
    {RemovalReason.AGENCY_CREDIT, RemovalReason.COMMENTS, RemovalReason.RELATED}
)
GAP_AFTER_HEADER = 8
"""A "Related" header ends the article when no paragraph follows within this many lines (an
inline box of links is followed by the article again). A credit line or a "Comments" header
ends it when less prose follows than precedes."""
MIN_RESUMING_WORDS = 15


def in_menu_block(line: Line, block: Sequence[Line]) -> bool:
    """A short label in a block (lines between blank lines) of mostly short labels: a menu.
    Menu items do not end with a full stop."""
    if line.is_prose or line.ends_sentence or len(block) < 3:
        return False
    short = sum(1 for other in block if not other.ends_sentence and other.words <= 6)
    return short / len(block) >= 0.6


def line_value(line: Line, verdict: RemovalReason | None, menu: bool) -> float:
    if verdict is not None:
        return -(line.weight + 2)
    if line.is_prose:
        return line.weight
    if line.ends_sentence:
        return 0.5  # "It passed." reads as the article's, not as a menu's
    if menu:
        return -(2 + min(line.weight, 6))
    return -(1 + min(line.weight, 6) / 2)


def densest_run(values: Sequence[float]) -> tuple[int, int] | None:
    """(first, last) indexes of the run with the highest positive sum, or None."""
    best, best_span = 0.0, None
    running, start = 0.0, 0
    for index, value in enumerate(values):
        if running <= 0:
            running, start = value, index
        else:
            running += value
        if running > best:
            best, best_span = running, (start, index)
    return best_span


def _lines_to_next_prose(lines: Sequence[Line], index: int, last: int) -> int:
    for ahead in range(index + 1, last + 1):
        if lines[ahead].is_prose and lines[ahead].weight >= MIN_RESUMING_WORDS:
            return ahead - index
    return last + 1 - index + GAP_AFTER_HEADER


def ends_article(
    lines: Sequence[Line],
    verdict: RemovalReason | None,
    index: int,
    last: int,
    before: float,
    after: float,
    markers: frozenset[RemovalReason],
) -> bool:
    """Whether the line at `index` starts the publisher's tail."""
    if verdict not in markers or before < MIN_ARTICLE_WORDS:
        return False
    if verdict in (RemovalReason.AGENCY_CREDIT, RemovalReason.COMMENTS):
        return after <= before
    if verdict in HEADERS:
        # An inline "Related" box is followed by the article again within a few lines.
        return _lines_to_next_prose(lines, index, last) >= GAP_AFTER_HEADER
    return after <= TAIL_PROSE_RATIO * before


def cut_tail(
    span: tuple[int, int],
    lines: Sequence[Line],
    values: Sequence[float],
    verdicts: Sequence[RemovalReason | None],
    markers: frozenset[RemovalReason] = END_OF_ARTICLE,
) -> tuple[int, int]:
    first, last = span
    before = 0.0
    after = sum(max(value, 0.0) for value in values[first : last + 1])
    for index in range(first, last + 1):
        if ends_article(lines, verdicts[index], index, last, before, after, markers):
            return first, index - 1
        positive = max(values[index], 0.0)
        before += positive
        after -= positive
    return span


def trimmed_span(
    lines: Sequence[Line], verdicts: Sequence[RemovalReason | None], menus: Sequence[bool]
) -> tuple[int, int] | None:
    """For text an extractor already cut to the article: from its first to its last line of
    prose, so datelines, labels and tags at the edges fall away, and a tail after a credit line
    or a "Related" or "Comments" header is cut. (A promotion does not cut here: the extractor
    has placed the article's end, and an article may be about a subscription.)"""
    values = [line_value(*parts) for parts in zip(lines, verdicts, menus, strict=True)]
    positive = [
        index
        for index, (line, verdict, value) in enumerate(zip(lines, verdicts, values, strict=True))
        if value > 0.5 or (verdict is None and line.words >= EDGE_LABEL_WORDS)
    ]
    if not positive:
        return (0, len(lines) - 1) if lines else None
    return cut_tail((positive[0], positive[-1]), lines, values, verdicts, SURE_END_OF_ARTICLE)


def article_span(
    lines: Sequence[Line], verdicts: Sequence[RemovalReason | None], menus: Sequence[bool]
) -> tuple[int, int] | None:
    values = [line_value(*parts) for parts in zip(lines, verdicts, menus, strict=True)]
    if not any(line.is_prose for line in lines):
        # Nothing reads as running text (a script without full stops, a list): no basis to
        # prefer one run of lines over another, so the whole text is the article.
        return (0, len(lines) - 1) if lines else None
    span = densest_run(values)
    return cut_tail(span, lines, values, verdicts) if span else None
