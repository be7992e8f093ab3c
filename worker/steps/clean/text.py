"""Plain-text normalisation: Unicode, whitespace and control characters, line by line."""

from __future__ import annotations

import re
import unicodedata

# Spaces of other widths become a plain space.
_SPACES = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
# Invisible characters that carry nothing in news text (ZWJ and ZWNJ are kept: they spell words
# in Persian and Indic scripts).
_INVISIBLE = re.compile(r"[\u00ad\u200b\u2060\ufeff]")
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")


# Unicode categories Cc (control characters) but the line break, and Cs (lone surrogates).
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def normalise(text: str) -> str:
    """NFC, one kind of line break and space, no control or invisible characters, no space at
    the ends of lines."""
    text = unicodedata.normalize("NFC", text)
    text = _LINE_BREAKS.sub("\n", text)
    text = _SPACES.sub(" ", text)
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub("", text)
    # Only spaces are left as whitespace within a line here: split() collapses their runs.
    return "\n".join(" ".join(line.split()) for line in text.split("\n"))


_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def loose_form(text: str) -> str:
    """Case-folded, with every run of punctuation and spacing made one space: copies that
    differ only in quotes, dashes or spacing share it."""
    return _NON_WORD.sub(" ", text.casefold()).strip()
