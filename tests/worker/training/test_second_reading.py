from __future__ import annotations

import json
from pathlib import Path

import pytest

from worker.training.second_reading import agreement, read_second_reading
from worker.training.topic_sources import LabelledText, read_source


def item(ref: str, label: str) -> LabelledText:
    return LabelledText(f"text of {ref}", (label,), "s", ref=ref)


def test_the_model_is_compared_with_both_readings_and_the_readings_with_each_other() -> None:
    second = {
        "u1": ("business",),  # agrees with the source and the model
        "u2": ("crime", "business"),  # the model's miss is the second reading's primary
        "u3": ("politics", "labour"),  # the model has its second label, the source neither
        "u4": ("health", "politics"),  # the model abstained
    }
    predicted = [
        (item("u1", "business"), "business"),
        (item("u2", "business"), "crime"),
        (item("u3", "economy"), "labour"),
        (item("u4", "politics"), None),
        (item("u5", "sport"), "arts"),  # no second reading: left out
    ]
    a = agreement(predicted, second)
    assert a.items == 4
    assert a.model_is_source == 1
    assert a.model_is_second == 2  # u1, u2
    assert a.model_in_second == 3  # and u3
    assert a.source_is_second == 1  # u1
    assert a.source_in_second == 3  # u1, u2 (second label), u4 (second label)
    assert (a.misses, a.misses_second_agrees) == (3, 2)  # u2, u3; not u4


def test_a_second_reading_file_is_keyed_by_url_and_rejects_a_url_twice(tmp_path: Path) -> None:
    path = tmp_path / "second.jsonl"
    rows = [{"ref": "https://a.example/1", "labels": ["x", "y"]}, {"ref": "https://a.example/2"}]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=":2: expected"):
        read_second_reading(path)
    rows[1] = {"ref": "https://a.example/1", "labels": ["z"]}
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="has a reading already"):
        read_second_reading(path)
    path.write_text(json.dumps(rows[0]) + "\n\n", encoding="utf-8")
    assert read_second_reading(path) == {"https://a.example/1": ("x", "y")}


def test_masakhanews_items_carry_their_url(tmp_path: Path) -> None:
    tsv = tmp_path / "dev.tsv"
    tsv.write_text(
        "category\theadline\ttext\turl\nsports\tCup final\tThe final ended 2-1.\thttps://n.example/a\n",
        encoding="utf-8",
    )
    [read] = read_source(f"masakhanews:{tsv}")
    assert read.ref == "https://n.example/a"
    assert read.text == "Cup final\nThe final ended 2-1."
