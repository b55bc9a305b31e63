"""jinye.limits: full-width digits are read once, other digit-like characters and values
outside a limit are refused with a message naming the limit and its unit, in both languages."""

import unicodedata

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from jinye import limits
from jinye.errors import Invalid

FULL_WIDTH = str.maketrans("0123456789,-+", "０１２３４５６７８９，－＋")


def test_full_width_digits_commas_and_signs_read_as_ascii():
    assert limits.whole("１２０", limits.STOCK) == 120
    assert limits.whole("１，２００", limits.STOCK) == 1200
    assert limits.whole(" 1,200 ", limits.STOCK) == 1200
    assert limits.whole("\u3000３\u3000", limits.STOCK) == 3


@pytest.mark.parametrize("typed", ["①", "²", "1²", "٣", "三", "Ⅻ", "½"])
def test_other_digit_like_characters_are_refused_naming_them(typed):
    with translation.override("zh-hans"), pytest.raises(Invalid) as refused:
        limits.whole(typed, limits.STOCK, label="库存")
    assert refused.value.code == "not_a_digit"
    odd = next(ch for ch in typed if not ch.isascii())
    assert f"“{odd}”" in refused.value.message and "不是数字" in refused.value.message


def test_too_large_states_the_limit_and_unit_in_both_languages():
    huge = "9223372036854775807"
    with translation.override("zh-hans"), pytest.raises(Invalid) as zh:
        limits.whole(huge, limits.STOCK, label="中华(软)")
    assert zh.value.code == "too_large"
    assert zh.value.message == f"中华(软)：{huge} 数值过大，最多 100,000 条。"
    with translation.override("en"), pytest.raises(Invalid) as en:
        limits.whole(huge, limits.STOCK, label="Zhonghua")
    assert en.value.message == f"Zhonghua: {huge} is too large; at most 100,000 cartons (条)."


def test_too_small_and_not_whole_state_the_range():
    with translation.override("zh-hans"), pytest.raises(Invalid) as small:
        limits.whole("-1", limits.STOCK)
    assert small.value.code == "too_small" and "最少 0 条" in small.value.message
    with translation.override("en"), pytest.raises(Invalid) as fraction:
        limits.whole("2.5", limits.ORDER_LINE)
    assert fraction.value.code == "not_whole"
    assert "from 1–10,000 cartons (条)" in fraction.value.message


def test_a_thousand_digit_number_is_too_large_not_a_crash():
    with pytest.raises(Invalid) as refused:
        limits.whole("9" * 5000, limits.FORECAST)
    assert refused.value.code == "too_large"
    assert len(refused.value.message) < 200  # the echo of what was typed is clipped


def test_record_numbers_that_cannot_be_keys_are_none():
    assert limits.record_number("42") == 42
    assert limits.record_number("４２") == 42
    for bad in ["①", "", None, "0", "-3", "1" * 21, "abc", "2147483648"]:
        assert limits.record_number(bad) is None


@given(st.integers(min_value=-(10**40), max_value=10**40), st.booleans())
def test_whole_agrees_with_the_bounds(number, wide):
    """Any integer typed (ASCII or full-width, with thousands separators or not) is accepted
    exactly when it lies within the limit, and then read as itself."""
    for typed in (str(number), f"{number:,}"):
        text = typed.translate(FULL_WIDTH) if wide else typed
        inside = limits.STOCK.low <= number <= limits.STOCK.high
        if inside:
            assert limits.whole(text, limits.STOCK) == number
        else:
            with pytest.raises(Invalid) as refused:
                limits.whole(text, limits.STOCK)
            assert refused.value.code == ("too_large" if number > 0 else "too_small")


@given(st.text(max_size=40))
def test_any_text_is_a_number_within_the_limit_or_an_invalid(text):
    try:
        value = limits.whole(text, limits.ORDER_LINE)
    except Invalid as refused:
        assert refused.code in {"not_whole", "not_a_digit", "too_large", "too_small"}
    else:
        assert limits.ORDER_LINE.low <= value <= limits.ORDER_LINE.high
        digits = [ch for ch in text if unicodedata.numeric(ch, None) is not None]
        assert all(ch.isascii() or "０" <= ch <= "９" for ch in digits)
