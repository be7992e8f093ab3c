"""Text as lines with the features cleaning decides on."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from worker.steps.clean.text import normalise

_SENTENCE_END = re.compile(r"""[.!?…。！？؟।]["'”’»)\]]*$""")
_WORD = re.compile(r"\w+", re.UNICODE)
_PUNCTUATION = re.compile(r"[,.;:!?…、。，；：！？،؛]")
CHARS_PER_WORD = 6  # a language-neutral length unit: scripts without spaces count by characters


_HEADLINE_SMALL_WORDS = frozenset(
    ["a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "the", "to", "vs", "with"]
)
_INNER_DATELINE = re.compile(r"\S\s[A-Z][A-Z.]{1,20}(?: [A-Z][A-Z.]{1,20}){0,3}:\s")
_TEASER_HEAD_CHARS = 200


def looks_like_teaser(text: str) -> bool:
    """A headline glued to its summary, as listed for other stories: it opens with a run of
    Title-Case words, or has an all-caps dateline ("NEW DELHI:") after its first words."""
    words = [word for word in text.split()[:7] if word.lower() not in _HEADLINE_SMALL_WORDS]
    capitalised = sum(1 for word in words[:5] if word[:1].isupper() or word[:1].isdigit())
    if len(words) >= 5 and capitalised == 5:
        return True
    dateline = _INNER_DATELINE.search(text[:_TEASER_HEAD_CHARS])
    return dateline is not None and len(text[: dateline.start()].split()) >= 3


@dataclass(frozen=True)
class Line:
    index: int
    text: str
    block: int
    """Index of the block (lines between blank lines) the line is in."""
    block_size: int
    words: int

    @cached_property
    def ends_sentence(self) -> bool:
        return bool(_SENTENCE_END.search(self.text))

    @cached_property
    def weight(self) -> float:
        """Length in words, or in characters / 6 where that is more (CJK, Thai)."""
        return max(float(self.words), len(self.text) / CHARS_PER_WORD)

    @cached_property
    def is_prose(self) -> bool:
        """Looks like a sentence of running text, not a menu item, label or heading."""
        if self.ends_sentence and self.words >= 3:
            return True
        # A long line is prose when it is punctuated like prose; a dropdown or a tag cloud
        # is long too, but a run of words without commas or stops.
        return self.weight >= 25 and len(_PUNCTUATION.findall(self.text)) >= self.weight / 30


_MIN_WRAPPED_WORDS = 6


def unwrapped(block: list[str]) -> list[str]:
    """A hard-wrapped paragraph joined again: a prose line (6+ words) that does not end a
    sentence, followed in the same block by a line starting with a lower-case letter, is one
    line with it ("… pistes cyclables protégées sur quatre" + "des axes les plus …")."""
    joined: list[list[str]] = []  # the parts of each line out
    words = 0  # of the last line out, its parts' sum: each part is read once
    for line in block:
        if (
            joined
            and line[:1].islower()
            and not _SENTENCE_END.search(joined[-1][-1])  # the joined line ends as its last part
            and words >= _MIN_WRAPPED_WORDS
        ):
            joined[-1].append(line)
            words += len(_WORD.findall(line))
        else:
            joined.append([line])
            words = len(_WORD.findall(line))
    return [" ".join(parts) for parts in joined]


def split_lines(text: str) -> list[Line]:
    """The non-empty lines of normalised text, with their block and length."""
    blocks: list[list[str]] = [[]]
    for line in normalise(text).split("\n"):
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    lines: list[Line] = []
    for number, wrapped in enumerate(b for b in blocks if b):
        block = unwrapped(wrapped)
        for text_line in block:
            lines.append(
                Line(
                    index=len(lines),
                    text=text_line,
                    block=number,
                    block_size=len(block),
                    words=len(_WORD.findall(text_line)),
                )
            )
    return lines
