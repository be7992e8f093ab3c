from __future__ import annotations

import pytest

from worker.training.metrics import report


def test_macro_f1_averages_every_gold_or_predicted_label() -> None:
    result = report([["A"], ["A"], ["B"], ["B"]], ["A", "C", "B", "C"])
    assert result.accuracy == 0.5
    assert result.macro_f1 == pytest.approx(4 / 9, abs=1e-4)  # A 2/3, B 2/3, C 0
    assert set(result.per_label) == {"A", "B", "C"}
    assert result.per_label["C"].support == 0


def test_an_abstention_is_wrong_and_a_secondary_gold_label_is_accepted() -> None:
    result = report([["A", "B"], ["B"]], ["B", None])
    assert result.accuracy == 0.0
    assert result.accepted == 0.5
    assert result.per_label["B"].recall == 0.0
