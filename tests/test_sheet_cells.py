"""The spreadsheet kit's quantity cell: one parser for imports and the forecast sheet, and an
error that states the limit it breaks."""

import pytest
from django.utils import translation

from jinye.sheets.cells import MAX_QUANTITY, CellError, quantity


@pytest.mark.parametrize("text", ["1", "1,000", "100000"])
def test_whole_quantities_within_the_limit_are_read(text: str) -> None:
    assert quantity(text) == int(text.replace(",", ""))


def test_zero_is_refused_unless_allowed() -> None:
    with pytest.raises(CellError):
        quantity("0")
    assert quantity("0", least=0) == 0


def test_too_large_states_the_limit_in_both_languages() -> None:
    for lang, expected in (("en", "at most 100,000 cartons"), ("zh-hans", "不能超过100,000条")):
        with translation.override(lang), pytest.raises(CellError) as exc:
            quantity(str(MAX_QUANTITY + 1))
        assert expected in str(exc.value)


@pytest.mark.parametrize("text", ["abc", "1.5", "-2", "NaN"])
def test_bad_cells_are_refused(text: str) -> None:
    with pytest.raises(CellError):
        quantity(text, least=0)
