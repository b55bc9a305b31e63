"""Report wording (issue 13 item 4): 持平 for no change, 减少/下降 with the magnitude,
top-N lists that say how many they hold."""

from decimal import Decimal
from fractions import Fraction

from django.utils import translation

from jinye.engines.analysis import Mover, total_change
from jinye.reports import builder


def _change(now: int, before: int, amount=builder.cases) -> str:
    return builder.change(Fraction(now), Fraction(before), amount)


def test_unchanged_says_chipping_not_up_by_zero():
    with translation.override("zh-hans"):
        assert _change(6, 6) == "持平"
        assert _change(0, 0) == "持平"
        assert _change(2, 2, builder.retailers_count) == "持平"
    with translation.override("en"):
        assert _change(6, 6) == "unchanged"
        assert _change(2, 2, builder.retailers_count) == "unchanged"


def test_decrease_says_down_with_the_magnitude():
    with translation.override("zh-hans"):
        assert _change(1, 2) == "减少1箱，下降50%"
        assert _change(1, 3, builder.retailers_count) == "减少2户，下降66.67%"
    with translation.override("en"):
        assert _change(1, 2) == "down by 1 case, a fall of 50%"
        assert _change(1, 3, builder.retailers_count) == "down by 2 retailers, a fall of 66.67%"


def test_increase_says_up():
    with translation.override("zh-hans"):
        assert _change(3, 2) == "增加1箱，上升50%"
        assert _change(2, 0, builder.retailers_count) == "增加2户"
    with translation.override("en"):
        assert _change(3, 2) == "up by 1 case, a rise of 50%"
        assert _change(2, 0, builder.retailers_count) == "up by 2 retailers"


GROWERS = [Mover("甲", 500, 250), Mover("乙", 250, 0), Mover("丙", 750, 500)]
FALLER = [Mover("丁", 0, 500)]


def test_top_list_shorter_than_five_says_how_many():
    up, down = total_change(GROWERS), total_change(FALLER)
    with translation.override("zh-hans"):
        assert builder._top_brands_up(GROWERS, up) == "增长量前3位品牌是甲、乙、丙，合计增长3箱"
        assert builder._top_brands_down(FALLER, down) == "减少量前1位品牌是丁，合计减少2箱"
        assert builder._top_skus_up(GROWERS, up) == "增长量前3位的规格是甲、乙、丙，一共增长3箱"
        assert builder._top_skus_down([], down) == "没有规格减少"
    with translation.override("en"):
        assert builder._top_brands_up(GROWERS, up) == (
            "The 3 brands that grew most: 甲, 乙, 丙, together up 3 cases"
        )
        assert builder._top_brands_down(FALLER, down) == (
            "the brand that fell most: 丁, down 2 cases"
        )
        assert builder._top_skus_up(GROWERS, up) == (
            "The 3 SKUs that grew most: 甲, 乙, 丙, up 3 cases in all"
        )
        assert builder._top_skus_down([], down) == "no SKU fell"
        assert builder._top_brands_up([], up) == "No brand grew"


def test_share_points_unchanged_down_and_up():
    with translation.override("zh-hans"):
        assert builder.pp(Decimal("0")) == "持平"
        assert builder.pp(Decimal("-1.25")) == "减少1.25个百分点"
        assert builder.pp(Decimal("2")) == "增加2个百分点"
    with translation.override("en"):
        assert builder.pp(Decimal("0")) == "unchanged"
        assert builder.pp(Decimal("-1.25")) == "down 1.25 percentage points"
