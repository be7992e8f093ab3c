"""Remove what is not article from a text, line by line, with a reason for every removal."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from schemas import CleaningReport, RemovalReason, RemovedLine
from worker.steps.clean.lines import Line, looks_like_teaser, split_lines
from worker.steps.clean.region import article_span, in_menu_block, is_menu_block, trimmed_span
from worker.steps.clean.rules import agency_credits, company_description, furniture

_TITLE_SUFFIX = re.compile(r"^(?P<title>.{10,}?)\s+[-|–—:·•]\s+(?P<site>[^-|–—:·•]{2,40})$")
_LETTERS = re.compile(r"[\W_]+", re.UNICODE)


@dataclass(frozen=True)
class TextCleaning:
    paragraphs: list[str]
    title: str | None
    report: CleaningReport
    removed: list[RemovedLine] = field(default_factory=list)


def _squash(text: str) -> str:
    return _LETTERS.sub("", text.casefold())


MIN_HOST_IN_SITE = 4  # letters of a host name found inside a title's tail


def strip_site_name(title: str, source: str | None) -> str:
    """'Story title - WSJ' → 'Story title' when the tail names the source (wsj.com)."""
    match = _TITLE_SUFFIX.match(title)
    if match is None or not source:
        return title
    site, host = (
        _squash(match.group("site")),
        _squash(source.split(".")[0] if "." in source else source),
    )
    squashed_source = _squash(source)
    # A short host ("ft" of ft.com) inside a longer tail ("aircraft makers hit") is no name.
    if site and (site in squashed_source or (len(host) >= MIN_HOST_IN_SITE and host in site)):
        return match.group("title").strip()
    return title


def caption_blocks(lines: Sequence[Line], titles: set[int]) -> set[int]:
    """Lines of two-line blocks shaped like a photo caption among other paragraphs: a short
    label without a full stop, then one sentence ("People flee the fighting" / "Thousands have
    left the region."). A title above its first paragraph is not one."""
    found: set[int] = set()
    for first, second in pairwise(lines):
        if (
            first.block == second.block
            and first.block_size == 2
            and first.index not in titles
            and first.words <= 15
            and not first.ends_sentence
            and second.ends_sentence
            and second.words <= 40
        ):
            found.update((first.index, second.index))
    prose_elsewhere = any(line.is_prose and line.index not in found for line in lines)
    return found if prose_elsewhere else set()


def teaser_lists(lines: Sequence[Line]) -> set[int]:
    """Lines of blocks listing other stories: two or more headline-and-summary lines, making up
    at least half the block's prose."""
    found: set[int] = set()
    blocks: dict[int, list[Line]] = {}
    for line in lines:
        blocks.setdefault(line.block, []).append(line)
    for block in blocks.values():
        prose = sum(1 for line in block if line.is_prose)
        if prose < 2:
            continue
        teasers = [line for line in block if line.is_prose and looks_like_teaser(line.text)]
        if len(teasers) >= 2 and len(teasers) * 2 >= prose:
            found.update(line.index for line in teasers)
    return found


def _title_lines(lines: Sequence[Line], title: str | None, first_is_title: bool) -> set[int]:
    found = {0} if first_is_title and lines else set()
    if title:
        wanted = _squash(title)
        found.update(
            line.index
            for line in lines
            # Only lines about as long as the title can repeat it: the length check is cheap.
            if abs(len(line.text) - len(title)) <= len(title) // 2 + 5
            and _squash(line.text) == wanted
        )
    return found


def _trusted(lines: Sequence[Line], learned: Sequence[bool]) -> Sequence[bool]:
    """Learned verdicts, unless they would take most of the prose: a source that sends the same
    story again and again has not taught us its furniture."""
    prose = sum(line.weight for line in lines if line.is_prose)
    taken = sum(
        line.weight for line, hit in zip(lines, learned, strict=True) if hit and line.is_prose
    )
    return () if prose and taken > prose / 2 else learned


def _company_tail(lines: Sequence[Line], verdicts: list[RemovalReason | None]) -> None:
    """Mark the press-release company description where it closes the text, as promotion."""
    for line in reversed(lines):
        if verdicts[line.index] is not None:
            continue
        if not company_description(line):
            return
        verdicts[line.index] = RemovalReason.PROMOTION


def _verdicts(
    lines: Sequence[Line], titles: set[int], learned: Sequence[bool]
) -> list[RemovalReason | None]:
    captions = caption_blocks(lines, titles)
    teasers = teaser_lists(lines)
    verdicts: list[RemovalReason | None] = []
    for line in lines:
        if line.index in titles:
            verdicts.append(RemovalReason.TITLE)
        elif line.index in captions:
            verdicts.append(RemovalReason.CAPTION)
        elif line.index in teasers:
            verdicts.append(RemovalReason.RELATED)
        elif learned and learned[line.index]:
            verdicts.append(furniture(line) or RemovalReason.LEARNED)
        else:
            verdicts.append(furniture(line))
    _company_tail(lines, verdicts)
    return verdicts


def remove_boilerplate(
    text: str,
    *,
    title: str | None,
    source: str | None,
    first_line_is_title: bool,
    find_article: bool = True,
    max_title_chars: int = 300,
    keep_removed_lines: bool = False,
    learn: Callable[[list[str]], Sequence[bool]] | None = None,
) -> TextCleaning:
    """The article's paragraphs from `text`, and what was removed and why.

    `title`: the known title (its repeats leave the body); `first_line_is_title`: the first
    line is the title (text mode without a sent title), when it is short enough and not alone;
    `find_article`: look for the article among page furniture (off when an HTML extractor has
    already found it); `learn`: given the lines, tells for each whether the source's own
    history marks it as boilerplate.
    """
    lines = split_lines(text)
    learned = _trusted(lines, learn([line.text for line in lines])) if learn and lines else ()
    first_line_is_title = (
        first_line_is_title and len(lines) > 1 and len(lines[0].text) <= max_title_chars
    )
    if first_line_is_title:
        title = strip_site_name(lines[0].text, source)
    verdicts = _verdicts(lines, _title_lines(lines, title, first_line_is_title), learned)
    blocks: dict[int, list[Line]] = {}
    for line in lines:
        blocks.setdefault(line.block, []).append(line)
    # With no line of running text to compare with, short lines are not told apart as menus.
    has_prose = any(line.is_prose for line in lines)
    menu_blocks = {number: is_menu_block(block) for number, block in blocks.items()}
    menus = [has_prose and in_menu_block(line, menu_blocks[line.block]) for line in lines]
    span = (article_span if find_article else trimmed_span)(lines, verdicts, menus)
    kept: list[str] = []
    removed: list[RemovedLine] = []
    credits: list[str] = []
    for line, verdict, menu in zip(lines, verdicts, menus, strict=True):
        inside = span is not None and span[0] <= line.index <= span[1]
        if verdict is RemovalReason.AGENCY_CREDIT:
            credits.extend(agency_credits(line) or [])
        reason = verdict or (RemovalReason.NAVIGATION if menu else None)
        if reason is None and not inside:
            reason = RemovalReason.OUTSIDE_ARTICLE
        if reason is None:
            kept.append(line.text)
        else:
            removed.append(RemovedLine(text=line.text, reason=reason))
    report = CleaningReport(
        removed=dict(Counter(line.reason for line in removed)),
        credits=list(dict.fromkeys(credits)),
        removed_lines=removed if keep_removed_lines else None,
    )
    return TextCleaning(paragraphs=kept, title=title, report=report, removed=removed)
