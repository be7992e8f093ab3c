"""Every Redis key name article-ingest uses, built here and nowhere else.

Keys that one Lua script touches together share a Redis Cluster hash tag, so the scripts
also run on a cluster.
"""

from __future__ import annotations

import hashlib


def dedup_generation(prefix: str, fingerprint_version: str, bucket_start: int) -> str:
    """One time bucket of the dedup index (named by its start, unix seconds): a hash of
    verdicts by article id, doc records by doc number, doc numbers by LSH band and by body
    hash, and its doc counter (see `lua/near_duplicate.lua`). Signatures of another fingerprint
    version (other settings, another MinHash algorithm) are not comparable: other keys."""
    return f"{prefix}:{{dedup}}:{fingerprint_version}:{bucket_start}"


def has_hash_tag(key: str) -> bool:
    """Whether Redis Cluster hashes `key` by a tag: by what lies between its first "{" and the
    first "}" after it, when that is not empty (else the whole key is hashed)."""
    start = key.find("{")
    return start != -1 and key.find("}", start + 1) > start + 1


def added_once(stream: str, entry_key: str) -> str:
    """Marker of an entry already added to `stream` (hash: fingerprint, entry id), in the
    stream's own hash slot. A stream name with a "}" but no hash tag cannot have one: it is
    refused (ValueError)."""
    if has_hash_tag(stream):
        return f"{stream}:once:{entry_key}"  # the same first tag
    if "}" in stream:
        raise ValueError(
            f"stream name {stream!r} has a '}}' but no hash tag: no other key can share its "
            "cluster slot; use a name without braces, or with a tag such as '{out}:articles'"
        )
    # A key without a tag hashes whole; "{stream}" makes the marker hash to the same slot.
    return f"{{{stream}}}:once:{entry_key}"


def _learned_source(prefix: str, source: str) -> str:
    """The hash-tagged part shared by every learned-boilerplate key of one source. The source
    is hashed: it may hold any character, braces included."""
    digest = hashlib.sha256(source.encode("utf-8")).hexdigest()[:16]
    return f"{prefix}:{{learned:{digest}}}"


def learned_article(prefix: str, source: str, article_id: str) -> str:
    """Marker of an article whose lines were counted for its source (string, with the learning
    window's TTL): a retried article does not count twice."""
    return f"{_learned_source(prefix, source)}:article:{article_id}"


def learned_lines(prefix: str, source: str, bucket_start: int) -> str:
    """A source's line counts for the time bucket starting at `bucket_start` (unix seconds):
    a hash from line key to the number of articles holding the line, with the window's TTL."""
    return f"{_learned_source(prefix, source)}:lines:{bucket_start}"


def learned_pattern(prefix: str) -> str:
    """A SCAN pattern matching every key of learned boilerplate, of every source."""
    return f"{prefix}:{{learned:*}}:*"
