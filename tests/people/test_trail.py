"""The career audit trail reads in the reader's language, whatever language wrote it."""

import pytest
from django.utils import translation

from jinye.people import trail

DETAILS = {
    "kind": "tier_up",
    "from_rank": "中级C",  # written by a Chinese session
    "to_rank": "Middle B",  # written by an English one
    "reasons": [{"code": "tier_up", "params": {"from": 4, "to": 5}}],
    "training_passed": True,
    "education": 2,
    "note": "approved",
}


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            [
                ("Kind", "Tier up"),
                ("From", "Middle C"),
                ("To", "Middle B"),
                ("Reasons", "Up one tier automatically: Middle C → Middle B"),
                ("Note", "after the committee's approval"),
                ("Education", "College"),
                ("Training done and exam passed", "yes"),
            ],
        ),
        (
            "zh-hans",
            [
                ("类型", "晋档"),
                ("原职级", "中级C"),
                ("新职级", "中级B"),
                ("理由", "自动晋升一档：中级C→中级B"),
                ("备注", "经考评委员会通过"),
                ("学历", "大专"),
                ("已完成培训并考试合格", "是"),
            ],
        ),
    ],
)
def test_details_are_labelled_and_rendered(lang: str, expected: list[tuple[str, str]]) -> None:
    with translation.override(lang):
        assert trail.details_shown(DETAILS) == expected


def test_unknown_keys_and_actions_show_as_stored_and_empty_values_are_left_out() -> None:
    with translation.override("en"):
        assert trail.details_shown({"since": "2026-01-01", "extra": 3, "note": ""}) == [
            ("In post since", "2026-01-01"),
            ("extra", "3"),
        ]
        assert str(trail.ACTIONS["profile_created"]) == "Profile created"
