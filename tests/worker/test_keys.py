from __future__ import annotations

import pytest
from redis.crc import key_slot

from worker import keys


def test_a_marker_hashes_to_the_slot_of_its_stream() -> None:
    for stream in ("articles:processed", "ingest:{out}:articles", "a{b", "x{y}{z}"):
        marker = keys.added_once(stream, "some-id")
        assert key_slot(marker.encode()) == key_slot(stream.encode())


def test_a_stream_name_no_other_key_can_share_the_slot_of_is_refused() -> None:
    for stream in ("a}{b", "a{}{b}"):  # Redis hashes these whole: no tag holds a "}"
        with pytest.raises(ValueError, match="has a '}' but no hash tag"):
            keys.added_once(stream, "some-id")


def test_the_dedup_index_keys_share_one_cluster_slot() -> None:
    for prefix in ("ingest", "{tenant}:ingest"):
        names = [keys.dedup_generation(prefix, "f00", start) for start in (0, 86_400, 172_800)]
        assert len({key_slot(name.encode()) for name in names}) == 1


def test_such_a_stream_name_is_refused_with_the_settings_not_at_the_first_article() -> None:
    from pydantic import ValidationError

    from worker.dead_letters import DeadLetterConfig
    from worker.steps.publish import PublishConfig

    for config in (PublishConfig, DeadLetterConfig):
        with pytest.raises(ValidationError, match="no hash tag"):
            config(stream="a}{b")
