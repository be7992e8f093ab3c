"""What dedup compares, computed from the cleaned body alone (pure functions).

- `exact`: a hash of the body's loose form (case, punctuation and spacing folded).
- `signature`: a MinHash of the body's word shingles; slots agreeing estimate Jaccard similarity.
- `leads`: small MinHashes of the first `lead_words` words, from the first paragraph and, when the
  first paragraph is short (an update note put on top), from the second: a teaser's lead is the
  story's lead even when its Jaccard similarity to the whole story is small.
- `bands` / `lead_bands`: the LSH keys candidates are found by: a band's rows hashed together.
"""

from __future__ import annotations

import hashlib
import re
import struct
from dataclasses import dataclass

import numpy as np
import rensa

from worker.steps.dedup.config import FingerprintConfig

_WORD = re.compile(r"\w+")
_BAND = struct.Struct("<cBQ")
FORMAT = 1  # of band keys and sketches: part of the index's key names (see RedisDedupIndex)
LEAD_BAND_OFFSET = 128  # lead band numbers start here, body bands at 0


@dataclass(frozen=True)
class Fingerprint:
    content_hash: str  # hex sha256 of the body's words (see `content_hash`)
    signature: bytes  # `permutations` little-endian uint32
    leads: list[bytes]  # one or two sketches of `lead_permutations` uint32
    shingles: int  # distinct shingles of the body
    bands: list[bytes]  # 10 bytes each: "b", the band number, 8 bytes of its rows
    lead_bands: list[bytes]

    @property
    def exact(self) -> bytes:
        """The index's key for the body: 16 bytes of its hash."""
        return bytes.fromhex(self.content_hash)[:16]


def content_hash(body: str, tokens: list[str] | None = None) -> str:
    """sha256 of the body's words, case-folded, one space apart: copies that differ only in
    quotes, dashes, punctuation or spacing share it."""
    joined = " ".join(words(body) if tokens is None else tokens)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()


def words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def shingles(tokens: list[str], size: int) -> list[str]:
    """The runs of `size` words, in order (the whole text when it is shorter). Repeats are kept:
    MinHash ignores them, and news bodies have few."""
    if len(tokens) <= size:
        return [" ".join(tokens)] if tokens else []
    return list(map(" ".join, zip(*(tokens[i:] for i in range(size)), strict=False)))


def minhash(items: list[str], permutations: int, seed: int) -> list[int]:
    sketch = rensa.RMinHash(num_perm=permutations, seed=seed)
    sketch.update(items or [""])
    return [int(value) for value in sketch.digest()]


def band_keys(signature: list[int], bands: int, first_band: int) -> list[bytes]:
    """ "b", the band number, and the band's rows folded into 64 bits (MinHash values are
    uniform, so the fold is as good a key as a hash of them)."""
    rows = np.asarray(signature, dtype=np.uint64).reshape(bands, -1)
    if rows.shape[1] % 2:
        rows = np.hstack([rows, np.zeros((bands, 1), dtype=np.uint64)])
    folded = np.bitwise_xor.reduce((rows[:, 0::2] << np.uint64(32)) | rows[:, 1::2], axis=1)
    return [_BAND.pack(b"b", first_band + band, int(fold)) for band, fold in enumerate(folded)]


def fingerprint(body: str, config: FingerprintConfig) -> Fingerprint:
    tokens = words(body)
    body_shingles = shingles(tokens, config.shingle_words)
    signature = minhash(body_shingles, config.permutations, config.seed)
    first_paragraph, _, rest = body.strip().partition("\n")
    starts = [tokens]
    if rest.strip():
        first_words = len(words(first_paragraph))
        if first_words < config.lead_words:  # a short first paragraph: an update note on top?
            starts.append(tokens[first_words:])
    leads = [
        minhash(
            shingles(start[: config.lead_words], config.shingle_words),
            config.lead_permutations,
            config.seed + 1,
        )
        for start in starts
    ]
    lead_band_keys = {
        key for lead in leads for key in band_keys(lead, config.lead_bands, LEAD_BAND_OFFSET)
    }
    return Fingerprint(
        content_hash=content_hash(body, tokens),
        signature=struct.pack(f"<{len(signature)}I", *signature),
        leads=[struct.pack(f"<{len(lead)}I", *lead) for lead in leads],
        shingles=len(set(body_shingles)),
        bands=band_keys(signature, config.bands, 0),
        lead_bands=sorted(lead_band_keys),
    )
