"""Star levels of the retailer star rating (seed 001 第一篇), high to low, plus 新增户."""

from enum import StrEnum


class StarLevel(StrEnum):
    FIVE_2 = "5S2"  # 五星二级
    FIVE_1 = "5S1"  # 五星一级
    FOUR_2 = "4S2"  # 四星二级
    FOUR_1 = "4S1"  # 四星一级
    THREE = "3S"  # 三星
    TWO = "2S"  # 二星
    ONE = "1S"  # 一星
    NEW = "NEW"  # 新增户: too new to rate

    @property
    def label_zh(self) -> str:
        return STAR_LABELS_ZH[self]


STAR_LABELS_ZH = {
    StarLevel.FIVE_2: "五星二级",
    StarLevel.FIVE_1: "五星一级",
    StarLevel.FOUR_2: "四星二级",
    StarLevel.FOUR_1: "四星一级",
    StarLevel.THREE: "三星",
    StarLevel.TWO: "二星",
    StarLevel.ONE: "一星",
    StarLevel.NEW: "新增户",
}

RATED_LEVELS_HIGH_TO_LOW = [level for level in StarLevel if level is not StarLevel.NEW]
