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


RATED_LEVELS_HIGH_TO_LOW = [level for level in StarLevel if level is not StarLevel.NEW]
