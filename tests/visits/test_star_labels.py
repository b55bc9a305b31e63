"""Star levels are named in the reader's language (the engine has codes only)."""

import re

from django.utils.translation import override

from jinye.engines.stars import StarLevel
from jinye.visits.selectors import star_label

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def test_star_levels_in_both_languages() -> None:
    with override("zh-hans"):
        assert [star_label(s) for s in StarLevel] == [
            "五星二级",
            "五星一级",
            "四星二级",
            "四星一级",
            "三星",
            "二星",
            "一星",
            "新增户",
        ]
    with override("en"):
        assert star_label(StarLevel.NEW) == "New retailer"
        assert not any(CJK.search(star_label(s)) for s in StarLevel)
