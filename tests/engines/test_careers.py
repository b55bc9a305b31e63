"""The career ladder engine: one table row per rule, plus the step-size property."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jinye.engines.careers import (
    MAX_STEP,
    TOP,
    TRAINEE,
    UP_KINDS,
    Candidate,
    Education,
    Kind,
    Status,
    TierStandard,
    breach,
    check_standards,
    default_standards,
    evaluate,
    next_tier_gap,
    rank_label,
)

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


@pytest.mark.parametrize(
    ("rank", "score", "extra", "kind", "to", "status"),
    [
        # auto tier up within a level
        (1, 76, {}, Kind.TIER_UP, 2, Status.APPLIED),
        (2, 81, {}, Kind.TIER_UP, 3, Status.APPLIED),
        (8, 97, {}, Kind.TIER_UP, 9, Status.APPLIED),
        # level promotion → pending committee and notice
        (0, 71, {}, Kind.LEVEL_UP, 1, Status.PENDING),
        (3, 84, {}, Kind.LEVEL_UP, 4, Status.PENDING),
        (6, 93, {}, Kind.LEVEL_UP, 7, Status.PENDING),
        # meets own standard but not the next → stay
        (2, 76, {}, Kind.STAY, 2, Status.APPLIED),
        (9, 99, {}, Kind.STAY, 9, Status.APPLIED),
        # eligibility blocks the step up
        (3, 90, {"education": Education.HIGH_SCHOOL}, Kind.STAY, 3, Status.APPLIED),
        (1, 80, {"training_passed": False}, Kind.STAY, 1, Status.APPLIED),
        (0, 90, {"months_in_post": 6}, Kind.STAY, 0, Status.APPLIED),
        (4, 90, {"months_at_level": 1}, Kind.STAY, 4, Status.APPLIED),
        # outstanding: skip tier (C → A) and skip level (B → next C)
        (1, 81, {"outstanding": True}, Kind.SKIP_TIER, 3, Status.PENDING),
        (4, 90, {"outstanding": True}, Kind.SKIP_TIER, 6, Status.PENDING),
        (2, 84, {"outstanding": True}, Kind.SKIP_LEVEL, 4, Status.PENDING),
        (5, 93, {"outstanding": True}, Kind.SKIP_LEVEL, 7, Status.PENDING),
        # outstanding but not meeting the skip target → the normal single step
        (1, 76, {"outstanding": True}, Kind.TIER_UP, 2, Status.APPLIED),
        # outstanding at A or at 高级 → no skip rule
        (3, 95, {"outstanding": True}, Kind.LEVEL_UP, 4, Status.PENDING),
        (7, 99, {"outstanding": True}, Kind.TIER_UP, 8, Status.APPLIED),
        # missing the standard: tier down inside the level
        (3, 77, {}, Kind.TIER_DOWN, 2, Status.APPLIED),
        (6, 84, {}, Kind.TIER_DOWN, 5, Status.APPLIED),
        # below the level's C standard: level down to the A tier below
        (4, 80, {}, Kind.LEVEL_DOWN, 3, Status.APPLIED),
        (6, 70, {}, Kind.LEVEL_DOWN, 3, Status.APPLIED),
        (2, 60, {}, Kind.LEVEL_DOWN, 0, Status.APPLIED),
        # trainee missing nothing can't go lower
        (0, 10, {}, Kind.STAY, 0, Status.APPLIED),
    ],
)
def test_window_rules(
    rank: int, score: float, extra: dict[str, object], kind: Kind, to: int, status: Status
) -> None:
    d = evaluate(cand(rank, score, **extra), STD)
    assert (d.kind, d.to_rank, d.status) == (kind, to, status)
    assert d.reasons


def test_level_up_needs_committee_and_notice() -> None:
    d = evaluate(cand(3, 84), STD)
    assert d.needs_committee and d.needs_notice and not d.needs_leadership
    assert d.reasons[-1].code == "level_up_pending"


def test_skips_need_leadership() -> None:
    tier = evaluate(cand(1, 81, outstanding=True), STD)
    level = evaluate(cand(2, 84, outstanding=True), STD)
    assert tier.needs_leadership and not tier.needs_notice
    assert level.needs_leadership and level.needs_notice


def test_missing_month_means_no_decision() -> None:
    d = evaluate(cand(3, 90, scores=(90.0, None, 90.0)), STD)
    assert (d.kind, d.to_rank) == (Kind.NO_DATA, 3)


def test_window_score_is_the_mean() -> None:
    d = evaluate(cand(1, None, scores=(70.0, 80.0, 78.0)), STD)
    assert d.score == 76.0 and d.kind == Kind.TIER_UP


def test_second_level_demotion_to_trainee_flags_reassignment() -> None:
    first = evaluate(cand(4, 60), STD)
    assert first.kind == Kind.LEVEL_DOWN and first.to_rank == 3 and not first.reassign
    second = evaluate(cand(3, 50, after_level_down=first.kind == Kind.LEVEL_DOWN), STD)
    assert second.to_rank == TRAINEE and second.reassign
    assert second.reasons[-1].code == "reassign"


def test_first_level_demotion_to_trainee_is_not_reassignment() -> None:
    d = evaluate(cand(1, 50, after_level_down=False), STD)
    assert d.to_rank == TRAINEE and not d.reassign


def test_breach_demotes_at_once() -> None:
    tier = breach(1, 5, by_level=False, what="违规代客订货")
    level = breach(1, 5, by_level=True, what="违规代客订货")
    assert (tier.kind, tier.to_rank) == (Kind.BREACH_TIER_DOWN, 4)
    assert (level.kind, level.to_rank) == (Kind.BREACH_LEVEL_DOWN, 3)
    assert tier.status == Status.APPLIED and tier.reasons[0].params["what"] == "违规代客订货"


def test_breach_level_to_trainee_after_level_demotion_flags_reassignment() -> None:
    d = breach(1, 2, by_level=True, after_level_down=True, what="x")
    assert d.to_rank == TRAINEE and d.reassign


def test_trainee_cannot_be_demoted_for_breach() -> None:
    with pytest.raises(ValueError, match="见习"):
        breach(1, 0, by_level=False, what="x")


def test_gap_lists_what_is_missing() -> None:
    gap = next_tier_gap(cand(3, 81, education=Education.HIGH_SCHOOL, months_at_level=2), STD)
    assert gap.target == 4 and gap.score_needed == 83.0
    assert [g.code for g in gap.gaps] == ["score_below", "months_at_level", "education"]
    assert gap.gaps[0].params["min"] == 83
    assert gap.gaps[2].params["min"] == Education.COLLEGE


def test_labels() -> None:
    assert [rank_label(r) for r in (0, 1, 6, 9)] == ["见习", "初级C", "中级A", "高级A"]


def test_standards_checked() -> None:
    bad = default_standards()
    bad[5] = TierStandard(5, 10.0)
    with pytest.raises(ValueError, match="中级B"):
        check_standards(bad)
    with pytest.raises(ValueError, match="missing"):
        check_standards(default_standards()[:-1])


scores = st.one_of(st.none(), st.floats(0, 100, allow_nan=False))


@given(
    rank=st.integers(0, TOP),
    s=st.tuples(scores, scores, scores),
    months=st.integers(0, 120),
    at_level=st.integers(0, 120),
    edu=st.sampled_from(list(Education)),
    training=st.booleans(),
    outstanding=st.booleans(),
    after=st.booleans(),
)
def test_no_transition_skips_more_than_allowed(
    rank: int,
    s: tuple[float | None, float | None, float | None],
    months: int,
    at_level: int,
    edu: Education,
    training: bool,
    outstanding: bool,
    after: bool,
) -> None:
    c = Candidate(1, rank, s, months, at_level, edu, training, outstanding, after)
    d = evaluate(c, STD)
    assert 0 <= d.to_rank <= TOP
    assert abs(d.step) <= MAX_STEP[d.kind]
    if d.kind in UP_KINDS:
        assert d.step > 0
        # crossing a level is never applied without the committee
        if rank_label(d.to_rank)[:2] != rank_label(d.from_rank)[:2]:
            assert d.status == Status.PENDING and d.needs_notice
        if d.step > 1:
            assert outstanding and d.needs_leadership
    elif d.step < 0:
        assert d.score is not None and d.score < STD[rank].min_score
    if d.reassign:
        assert d.to_rank == TRAINEE < rank and after and d.kind == Kind.LEVEL_DOWN
