"""The fingerprint dedup compares (pure functions, no Redis)."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
from pathlib import Path

from tests.dedup_samples import BODY, EDITED, OTHER_STORY, STORY, TEASER, UPDATED_ABOVE
from worker.steps.dedup import FingerprintConfig, content_hash, fingerprint

CONFIG = FingerprintConfig()
ROOT = Path(__file__).resolve().parents[3]


def agreement(a: bytes, b: bytes) -> float:
    slots = len(a) // 4
    left, right = struct.unpack(f"<{slots}I", a), struct.unpack(f"<{slots}I", b)
    return sum(x == y for x, y in zip(left, right, strict=True)) / slots


def test_the_same_body_gives_the_same_fingerprint_in_another_process() -> None:
    """Workers on other machines must compute the same signature (no per-process hash seed)."""
    code = (
        "from tests.dedup_samples import BODY\n"
        "from worker.steps.dedup import FingerprintConfig, fingerprint\n"
        "print(fingerprint(BODY, FingerprintConfig()).signature.hex())"
    )
    environment = {**os.environ, "PYTHONHASHSEED": "12345"}
    other = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env=environment,
    )
    assert other.stdout.strip() == fingerprint(BODY, CONFIG).signature.hex()
    assert content_hash(BODY) == content_hash("\n".join(STORY))


def test_case_punctuation_and_spacing_do_not_change_the_content_hash() -> None:
    variant = BODY.upper().replace(",", " ,").replace('"', "“").replace("\n\n", "\n   \n")
    assert content_hash(variant) == content_hash(BODY)
    assert content_hash(EDITED) != content_hash(BODY)


def test_a_lightly_edited_copy_agrees_on_most_slots_and_another_story_on_almost_none() -> None:
    original = fingerprint(BODY, CONFIG)
    assert agreement(original.signature, fingerprint(EDITED, CONFIG).signature) >= 0.4
    assert agreement(original.signature, fingerprint(OTHER_STORY, CONFIG).signature) <= 0.1


def test_a_teaser_has_the_lead_of_its_story() -> None:
    story, teaser = fingerprint(BODY, CONFIG), fingerprint(TEASER, CONFIG)
    assert agreement(story.leads[0], teaser.leads[0]) >= 0.8
    assert set(story.lead_bands) & set(teaser.lead_bands)


def test_a_short_first_paragraph_adds_a_second_lead_from_the_next_one() -> None:
    updated = fingerprint(UPDATED_ABOVE, CONFIG)
    long_first = "\n\n".join([f"{STORY[0]} {STORY[1]}", *STORY[2:]])
    assert len(fingerprint(long_first, CONFIG).leads) == 1
    assert len(updated.leads) == 2
    assert agreement(updated.leads[1], fingerprint(BODY, CONFIG).leads[0]) >= 0.8


def test_there_is_one_band_key_a_band_and_bands_of_the_two_kinds_never_collide() -> None:
    result = fingerprint(BODY, CONFIG)
    assert len(result.bands) == CONFIG.bands
    assert {key[1] for key in result.bands} == set(range(CONFIG.bands))
    assert all(key[1] >= 128 for key in result.lead_bands)
    assert len(result.signature) == 4 * CONFIG.permutations


def test_an_empty_body_still_has_a_fingerprint() -> None:
    result = fingerprint("", CONFIG)
    assert result.shingles == 0
    assert len(result.signature) == 4 * CONFIG.permutations
