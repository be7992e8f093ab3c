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


def is_menu_block(block: Sequence[Line]) -> bool:
    """A block (lines between blank lines) of mostly short labels without a full stop."""
    if len(block) < 3:
        return False
    short = sum(1 for line in block if not line.ends_sentence and line.words <= 6)
    return short / len(block) >= 0.6


def in_menu_block(line: Line, block_is_menu: bool) -> bool:
    """A short label in a menu block (see `is_menu_block`). Menu items do not end with a full
    stop."""
    return block_is_menu and not (line.is_prose or line.ends_sentence)


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


def lines_to_next_prose(lines: Sequence[Line], first: int, last: int) -> list[int]:
    """For each line of `first..last`, how many lines on the next paragraph of prose is (past
    `last`: as if it were `GAP_AFTER_HEADER` lines beyond); one pass from the end."""
    distances = [0] * (last + 1 - first)
    next_prose = last + 1 + GAP_AFTER_HEADER
    for index in range(last, first - 1, -1):
        distances[index - first] = next_prose - index
        if lines[index].is_prose and lines[index].weight >= MIN_RESUMING_WORDS:
            next_prose = index
    return distances


def ends_article(
    verdict: RemovalReason | None,
    to_next_prose: int,
    before: float,
    after: float,
    markers: frozenset[RemovalReason],
) -> bool:
    """Whether a line starts the publisher's tail, with `to_next_prose` lines on to the next
    paragraph of prose, and `before` and `after` it that much prose in the run."""
    if verdict not in markers or before < MIN_ARTICLE_WORDS:
        return False
    if verdict in (RemovalReason.AGENCY_CREDIT, RemovalReason.COMMENTS):
        return after <= before
    if verdict in HEADERS:
        # An inline "Related" box is followed by the article again within a few lines.
        return to_next_prose >= GAP_AFTER_HEADER
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
    to_next_prose = lines_to_next_prose(lines, first, last)
    for index in range(first, last + 1):
        if ends_article(verdicts[index], to_next_prose[index - first], before, after, markers):
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
