"""Lone surrogates in JSON strings. JSON may escape half of a UTF-16 pair alone (`"\\ud800"`, as
a scraper that cuts a string in the middle of an emoji sends it); Python decodes it to a string
that no UTF-8 encoder accepts, so the article could be neither published nor dead-lettered. Each
one becomes U+FFFD, the replacement character, as a lenient UTF-8 decoder would make it."""

from __future__ import annotations

import re

from pydantic import JsonValue

_LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def without_lone_surrogates(value: JsonValue) -> JsonValue:
    """A copy of `value` with every lone surrogate in its strings and keys replaced by U+FFFD.
    Recursive: callers bound the nesting first (`receive`) or catch RecursionError."""
    if isinstance(value, str):
        return _LONE_SURROGATE.sub(REPLACEMENT, value)
    if isinstance(value, list):
        return [without_lone_surrogates(item) for item in value]
    if isinstance(value, dict):
        return {
            _LONE_SURROGATE.sub(REPLACEMENT, key): without_lone_surrogates(item)
            for key, item in value.items()
        }
    return value
