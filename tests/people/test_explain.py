"""Career reasons, ranks, kinds and education render in the reader's language: English
without Chinese, Chinese exactly as the engine wrote it before reasons became codes."""

import re

import pytest
from django.utils.translation import override

from jinye.engines.careers import (
    Candidate,
    Education,
    Kind,
    breach,
    check_standards,
    default_standards,
    evaluate,
    next_tier_gap,
)
from jinye.people import explain

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
STD = check_standards(default_standards())


def cand(rank: int, score: float | None, **kw: object) -> Candidate:
    base: dict[str, object] = {
        "staff_id": 1,
        "rank": rank,
        "scores": (score, score, score),
        "months_in_post": 60,
        "months_at_level": 24,
        "education": Education.BACHELOR,
        "training_passed": True,
    }
    base.update(kw)
    return Candidate(**base)  # type: ignore[arg-type]


CASES = [
    (cand(1, 76), ["考核均分76，达到初级B标准75", "自动晋升一档：初级C→初级B"]),
    (
        cand(3, 84),
        [
            "考核均分84，达到中级C标准83",
            "晋级初级A→中级C须经考评委员会评定并公示一周，无异议后执行",
        ],
    ),
    (
        cand(
            3,
            90,
            education=Education.HIGH_SCHOOL,
            training_passed=False,
            months_in_post=6,
            months_at_level=1,
        ),
        [
            "考核均分90，达到初级A标准80，保持初级A",
            "晋升中级C尚缺：任职6个月，不足24个月；现级别任职1个月，不足12个月；"
            "学历高中（职高、中专），须大专及以上；未完成规定培训或考试未通过",
        ],
    ),
    (
        cand(1, 81, outstanding=True),
        [
            "表现优异，考核均分81，达到初级A标准80",
            "跳档初级C→初级A，考评委员会核定、分局（公司）领导批准后执行",
        ],
    ),
    (
        cand(2, 84, outstanding=True),
        [
            "表现优异，考核均分84，达到中级C标准83",
            "跳级初级B→中级C，考评委员会核定并报局长（经理）批准、公示一周无异议后执行",
        ],
    ),
    (cand(3, 77), ["考核均分77，未达到现任初级A标准80", "降档：初级A→初级B"]),
    (
        cand(6, 70),
        ["考核均分70，未达到现任中级A标准89", "亦低于中级C标准83", "降级：中级A→初级A"],
    ),
    (
        cand(3, 50, after_level_down=True),
        [
            "考核均分50，未达到现任初级A标准80",
            "亦低于初级C标准70",
            "降级：初级A→见习",
            "连续两次降级为见习，调整现工作岗位",
        ],
    ),
    (cand(3, 90, scores=(90.0, None, 90.0)), ["测评期三个月考核成绩不全，保持初级A，待补齐后再评"]),
    (cand(9, 99), ["考核均分99，达到高级A标准96，保持高级A"]),
]


@pytest.mark.parametrize(("candidate", "chinese"), CASES)
def test_window_reasons_in_english_and_chinese(candidate: Candidate, chinese: list[str]) -> None:
    reasons = evaluate(candidate, STD).reasons
    stored = [r.as_dict() for r in reasons]  # what services keep in CareerDecision.reasons
    with override("zh-hans"):
        assert explain.reason_texts(reasons) == chinese
        assert explain.reason_texts(stored) == chinese
    with override("en"):
        english = explain.reason_texts(stored)
    assert len(english) == len(chinese) and not any(CJK.search(e) for e in english), english


def test_breach_and_gap_reasons_in_english_and_chinese() -> None:
    tier = breach(1, 5, by_level=False, what="late orders").reasons
    level = breach(1, 2, by_level=True, after_level_down=True, what="x").reasons
    gap = next_tier_gap(cand(3, 81, education=Education.HIGH_SCHOOL, months_at_level=2), STD)
    unknown = next_tier_gap(cand(3, 81, scores=(81.0, None, None)), STD)
    with override("zh-hans"):
        assert explain.reason_texts(tier) == [
            "违反规定且情节较严重：late orders",
            "经考评委员会讨论决定即时降档：中级B→中级C",
        ]
        assert explain.reason_texts(level)[1:] == [
            "经考评委员会讨论决定即时降级：初级B→见习",
            "连续两次降级为见习，调整现工作岗位",
        ]
        assert explain.reason_texts(gap.gaps) == [
            "考核均分81低于83",
            "现级别任职2个月，不足12个月",
            "学历高中（职高、中专），须大专及以上",
        ]
        assert explain.reason_texts(unknown.gaps) == ["考核均分须达到83（测评期成绩不全）"]
    with override("en"):
        english = explain.reason_texts([*tier, *level, *gap.gaps, *unknown.gaps])
        assert (
            english[1] == "The committee decided to move down one tier at once: Middle B → Middle C"
        )
        assert english[6] == "2 months at the current level, 12 needed"
    assert not any(CJK.search(e) for e in english), english


def test_ranks_kinds_and_education_in_both_languages() -> None:
    with override("zh-hans"):
        assert [explain.rank_name(r) for r in (0, 1, 6, 9)] == ["见习", "初级C", "中级A", "高级A"]
        assert str(explain.KIND_LABELS[Kind.BREACH_TIER_DOWN]) == "违规降档"
        assert explain.education_name(Education.HIGH_SCHOOL) == "高中（职高、中专）"
    with override("en"):
        assert [explain.rank_name(r) for r in (0, 1, 6, 9)] == [
            "Trainee",
            "Junior C",
            "Middle A",
            "Senior A",
        ]
        labels = [
            str(v) for d in (explain.KIND_LABELS, explain.EDUCATION_LABELS) for v in d.values()
        ]
        assert not any(CJK.search(v) for v in labels)


def test_old_sentences_are_shown_as_stored() -> None:
    with override("en"):
        assert explain.reason_texts(["考核均分76，达到初级B标准75"]) == [
            "考核均分76，达到初级B标准75"
        ]


def test_kpi_names_in_both_languages() -> None:
    from jinye.engines.kpi import Kpi
    from jinye.people.selectors import kpi_name

    with override("zh-hans"):
        assert [kpi_name(k) for k in Kpi] == [
            "销量完成率",
            "预测准确率",
            "拜访完成率",
            "市场信息采集",
            "经营指导覆盖率",
            "经营指导有效率",
            "投诉",
        ]
    with override("en"):
        assert not any(CJK.search(kpi_name(k)) for k in Kpi)


def test_people_refusals_in_both_languages() -> None:
    from jinye.errors import Invalid
    from jinye.people.documents import check_period

    for lang, expected in (
        ("en", "2026-11-03 is not a Monday."),
        ("zh-hans", "2026-11-03不是周一"),
    ):
        with override(lang), pytest.raises(Invalid) as exc:
            check_period("weekly_summary", "2026-11-03")
        assert (exc.value.field, exc.value.message) == ("period", expected)
    with override("en"), pytest.raises(Invalid) as exc:
        check_period("monthly_plan", "2026/11")
    assert exc.value.field == "period"
    assert not CJK.search(str(exc.value.message))


NEW_REASONS = [
    (
        {
            "code": "skip_rejected",
            "params": {"kind": "skip_tier", "from": 1, "to": 3, "by": "committee"},
        },
        "跳档初级C→初级A未获考评委员会通过；改按本测评期不跳档（跳级）的评定执行",
        "Skip a tier Junior C → Junior A not approved by the committee; the window's decision "
        "without the skip applies in its place",
    ),
    (
        {
            "code": "skip_rejected",
            "params": {"kind": "skip_level", "from": 5, "to": 7, "by": "leadership"},
        },
        "跳级中级B→高级C未获领导批准；改按本测评期不跳档（跳级）的评定执行",
        "Skip a level Middle B → Senior C not approved by the leadership; the window's decision "
        "without the skip applies in its place",
    ),
    (
        {
            "code": "skip_rejected",
            "params": {"kind": "skip_level", "from": 2, "to": 4, "by": "objection"},
        },
        "跳级初级B→中级C因异议成立不予执行；改按本测评期不跳档（跳级）的评定执行",
        "Skip a level Junior B → Middle C not applied: an objection was upheld; the window's "
        "decision without the skip applies in its place",
    ),
    (
        {"code": "lowest_rank", "params": {"rank": 0}},
        "见习为最低职级：保持见习，不属降级",
        "Trainee is the lowest rank: stays Trainee, which is no demotion",
    ),
    (
        {"code": "tier_leaves_level", "params": {"from": 4, "to": 3}},
        "降一档中级C→初级A已离开本级别，按降级记录",
        "One tier down, Middle C → Junior A, leaves the level: recorded as a level demotion",
    ),
    (
        {"code": "fallback_stale", "params": {"rank": 3}},
        "测评期后职级已变动（现为初级A），该测评期的晋档不再执行",
        "The rank has changed since the window (now Junior A): the one-tier step up of that "
        "window is not applied",
    ),
]


@pytest.mark.parametrize(("stored", "chinese", "english"), NEW_REASONS)
def test_issue_23_reasons_in_both_languages(stored: dict, chinese: str, english: str) -> None:
    """The reasons added for issue 23: a skip not approved, the 见习 floor, a breach tier
    move that leaves the level, a fallback the rank has outgrown."""
    with override("zh-hans"):
        assert explain.reason_text(stored) == chinese
    with override("en"):
        assert explain.reason_text(stored) == english
