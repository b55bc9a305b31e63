"""The rating panel shows its figures as a reader reads them: amounts grouped in thousands,
shares and percentiles as percentages (the page crawl found 125648.27 and 0.4213)."""

import pytest

from jinye.ratings.templatetags.ratings_tags import _label_value, _percentile


@pytest.mark.parametrize(
    ("part", "shown"),
    [
        ({"name": "amount", "value": "125648.27"}, "125,648.27"),  # star indicators: text
        ({"name": "amount", "value": 22831.62}, "22,831.62"),  # tier parts: numbers
        ({"name": "volume", "value": "1234.5"}, "1,234.50"),
        ({"name": "volume", "value": 987.0}, "987.00"),
        ({"name": "structure", "value": 0.4213}, "42.13%"),
        ({"name": "growth", "value": "-0.0512"}, "-5.1%"),
        ({"name": "compliance", "value": "2"}, "2"),
        ({"name": "information", "value": "3/4"}, "3/4"),
        ({"name": "amount", "value": None}, None),
    ],
)
def test_indicator_figures(part: dict, shown: object) -> None:
    assert _label_value(part) == shown


def test_percentile_is_a_percentage() -> None:
    assert _percentile({"normalised": 0.8532}) == "85.32%"
    assert _percentile({"normalised": 1}) == "100.00%"
    assert _percentile({}) == "—"
