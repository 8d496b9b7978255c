from __future__ import annotations

import pytest

from assure.core.aggregates import suppress_count, suppress_percentage


@pytest.mark.parametrize(
    ("count", "text", "hidden"),
    [
        (None, "no data", False),
        (0, "0", False),
        (1, "fewer than 5", True),
        (4, "fewer than 5", True),
        (5, "5", False),
        (1234, "1,234", False),
    ],
)
def test_counts_below_the_threshold_are_hidden(count: int | None, text: str, hidden: bool) -> None:
    shown = suppress_count(count, threshold=5)
    assert (shown.text, shown.suppressed) == (text, hidden)


def test_a_percentage_is_hidden_when_either_part_is_small() -> None:
    assert suppress_percentage(3, 40, threshold=5).suppressed  # numerator small
    assert suppress_percentage(0, 4, threshold=5).suppressed  # denominator small
    assert suppress_percentage(0, 40, threshold=5).text == "0%"
    assert suppress_percentage(12, 40, threshold=5).text == "30%"
    assert suppress_percentage(1, 3, threshold=5, places=1).text == "hidden (small numbers)"
    assert suppress_percentage(10, 30, threshold=5, places=1).text == "33.3%"
    assert suppress_percentage(None, 10, threshold=5).text == "no data"


def test_the_threshold_is_configurable() -> None:
    assert not suppress_count(7, threshold=5).suppressed
    assert suppress_count(7, threshold=10).suppressed
