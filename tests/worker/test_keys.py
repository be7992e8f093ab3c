from __future__ import annotations

from redis.crc import key_slot

from worker import keys


def test_a_marker_hashes_to_the_slot_of_its_stream() -> None:
    for stream in ("articles:processed", "ingest:{out}:articles"):
        marker = keys.added_once(stream, "some-id")
        assert key_slot(marker.encode()) == key_slot(stream.encode())


def test_the_dedup_index_keys_share_one_cluster_slot() -> None:
    for prefix in ("ingest", "{tenant}:ingest"):
        names = [keys.dedup_generation(prefix, "f00", start) for start in (0, 86_400, 172_800)]
        assert len({key_slot(name.encode()) for name in names}) == 1
