"""Every Redis key name article-ingest uses, built here and nowhere else.

Keys that one Lua script touches together share a Redis Cluster hash tag, so the scripts
also run on a cluster.
"""

from __future__ import annotations

import re

_HASH_TAG = re.compile(r"\{[^{}]+\}")


def exact_body(prefix: str, content_hash: str) -> str:
    """The first id seen with this normalised body (string, with the dedup window's TTL)."""
    return f"{prefix}:{{dedup}}:exact:{content_hash}"


def dedup_pattern(prefix: str) -> str:
    """A SCAN pattern matching every key of the dedup index."""
    return f"{prefix}:{{dedup}}:*"


def added_once(stream: str, entry_key: str) -> str:
    """Marker of an entry already added to `stream` (hash: fingerprint, entry id), in the
    stream's own hash slot."""
    if _HASH_TAG.search(stream):
        return f"{stream}:once:{entry_key}"
    # A key without braces hashes whole; "{stream}" makes the marker hash to the same slot.
    return f"{{{stream}}}:once:{entry_key}"
