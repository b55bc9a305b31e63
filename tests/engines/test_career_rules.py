"""Issue 23 items 1–4: the ladder's rules where the engine got them wrong or the seed is silent.

Every expected value below was worked out by hand from the seed standards
(``default_standards``: 见习 0, 初级 C/B/A 70/75/80, 中级 83/86/89, 高级 92/94/96; months at the
level 0/3/6, 12/3/6, 12/3/6) and the candidate of ``cand`` (60 months in post, 24 at the
level, a bachelor's degree, training passed).
"""

from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jinye.engines.career_record import Entry, follows_level_down, window_ordinal
from jinye.engines.career_scores import meets, shown_score, window_mean
from jinye.engines.careers import (
    LEVEL_DOWN_KINDS,
    TOP,
    TRAINEE,
    Candidate,
    Education,
    Kind,
    Status,
    TierStandard,
    breach,
    check_standards,
    default_standards,
    evaluate,
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


def standards_with(**changes: dict[str, object]) -> dict[int, TierStandard]:
    """The seed standards with some ranks changed, e.g. ``r2={"min_months_at_level": 30}``."""
    rows = {s.rank: s for s in default_standards()}
    for key, fields in changes.items():
        rank = int(key[1:])
        rows[rank] = replace(rows[rank], **fields)  # type: ignore[arg-type]
    return check_standards(list(rows.values()))


def level_text(rank: int) -> str:
    """The level as the seed writes it (见习, 初级, 中级, 高级): an oracle independent of Kind."""
    return rank_label(rank)[:2]


def exact_meets(scores: tuple[float, ...], min_score: float) -> bool:
    """Unrounded comparison done another way: sum of decimals against three times the bar."""
    return sum(Decimal(str(s)) for s in scores) >= 3 * Decimal(str(min_score))


# ---- item 1: a skip that is not approved falls back to the automatic one-tier step ----------


@pytest.mark.parametrize(
    ("rank", "score", "stds", "kind", "to", "fallback_kind", "fallback_to"),
    [
        # 初级C, outstanding, 81 ≥ 初级A's 80 (and so ≥ 初级B's 75): skip C → A, else C → B
        (1, 81, STD, Kind.SKIP_TIER, 3, Kind.TIER_UP, 2),
        # 中级C, 90 ≥ 中级A's 89: skip C → A, else 中级B (86)
        (4, 90, STD, Kind.SKIP_TIER, 6, Kind.TIER_UP, 5),
        # 初级B, 84 ≥ 中级C's 83: skip a level, else 初级A (80)
        (2, 84, STD, Kind.SKIP_LEVEL, 4, Kind.TIER_UP, 3),
        # 中级B, 93 ≥ 高级C's 92: skip a level, else 中级A (89, 6 months at the level ≤ 24)
        (5, 93, STD, Kind.SKIP_LEVEL, 7, Kind.TIER_UP, 6),
        # 初级B asking 30 months at the level (the person has 24) while 初级A asks 6: the skip
        # target is met but the one-tier step is not, so a rejected skip stays 初级C
        (
            1,
            81,
            standards_with(r2={"min_months_at_level": 30}),
            Kind.SKIP_TIER,
            3,
            Kind.STAY,
            1,
        ),
    ],
)
def test_a_skip_carries_the_one_tier_step_it_falls_back_to(
    rank: int,
    score: float,
    stds: dict[int, TierStandard],
    kind: Kind,
    to: int,
    fallback_kind: Kind,
    fallback_to: int,
) -> None:
    """Seed 004 三、(二): “1.晋档：在测评期（连续三个月）考核后，达到晋档要求的客户经理、市场
    管理员可以自动晋升一档。” “3.跳档：初级和中级的C档客户经理、市场管理员如果表现优异或有突出
    贡献，通过考评委员会核定，分局（公司）领导批准后，予以跳档。” “4.跳级：初级或中级B档客户
    经理、市场管理员如果表现优异或有突出贡献，可以跳级。” The step up is automatic, so a skip
    that is not approved leaves the one-tier step standing in the same window."""
    d = evaluate(cand(rank, score, outstanding=True), stds)
    assert (d.kind, d.to_rank, d.status) == (kind, to, Status.PENDING)
    assert d.fallback is not None
    assert (d.fallback.kind, d.fallback.to_rank) == (fallback_kind, fallback_to)
    assert d.fallback.status == Status.APPLIED and d.fallback.fallback is None


def test_the_fallback_step_has_its_own_reasons() -> None:
    """“达到晋档要求的……可以自动晋升一档”: the fallback states the standard it meets."""
    fallback = evaluate(cand(1, 81, outstanding=True), STD).fallback
    assert fallback is not None
    assert [(r.code, dict(r.params)) for r in fallback.reasons] == [
        ("met", {"score": 81.0, "rank": 2, "min": 75.0}),
        ("tier_up", {"from": 1, "to": 2}),
    ]


def test_only_skips_carry_a_fallback() -> None:
    """A level promotion that is not approved simply stays (“无异议后正式执行”)."""
    assert evaluate(cand(3, 84), STD).fallback is None  # 初级A → 中级C pending
    assert evaluate(cand(1, 76), STD).fallback is None  # 初级C → 初级B applied


@st.composite
def ladders(draw: st.DrawFn) -> dict[int, TierStandard]:
    """Standards with rising scores and any months at the level (they restart each tier)."""
    steps = draw(st.lists(st.integers(0, 8), min_size=9, max_size=9))
    at_level = draw(st.lists(st.integers(0, 30), min_size=10, max_size=10))
    score, rows = 0, []
    for rank in range(TOP + 1):
        score += steps[rank - 1] if rank else 0
        rows.append(TierStandard(rank, float(score), 0, at_level[rank]))
    return check_standards(rows)


def qualifies(c: Candidate, s: TierStandard) -> bool:
    """The oracle for one standard (no engine code): exact score, months at the level."""
    assert all(x is not None for x in c.scores)
    return exact_meets(tuple(c.scores), s.min_score) and c.months_at_level >= s.min_months_at_level  # type: ignore[arg-type]


@given(
    stds=ladders(),
    rank=st.sampled_from([1, 2, 4, 5]),  # the C and B tiers of 初级 and 中级
    score=st.floats(0, 100, allow_nan=False).map(lambda x: round(x, 2)),
    at_level=st.integers(0, 30),
)
def test_a_rejected_skip_never_leaves_a_person_below_their_one_tier_step(
    stds: dict[int, TierStandard], rank: int, score: float, at_level: int
) -> None:
    """“可以自动晋升一档”: whenever a skip is proposed, what stands without it is the next
    tier exactly when its standard is met, and staying otherwise."""
    c = cand(rank, score, outstanding=True, months_at_level=at_level)
    d = evaluate(c, stds)
    if d.kind not in (Kind.SKIP_TIER, Kind.SKIP_LEVEL):
        return
    assert d.fallback is not None
    one_step = rank + 1 if qualifies(c, stds[rank + 1]) else rank
    assert d.fallback.to_rank == one_step
    assert d.fallback.kind == (Kind.TIER_UP if one_step > rank else Kind.STAY)
    assert d.fallback.to_rank < d.to_rank


# ---- item 2: a breach demotion that leaves the level is a level demotion ------------------


@pytest.mark.parametrize(
    ("rank", "by_level", "kind", "to"),
    [
        (4, False, Kind.BREACH_LEVEL_DOWN, 3),  # 中级C → 初级A leaves 中级
        (1, False, Kind.BREACH_LEVEL_DOWN, 0),  # 初级C → 见习 leaves 初级
        (7, False, Kind.BREACH_LEVEL_DOWN, 6),  # 高级C → 中级A leaves 高级
        (5, False, Kind.BREACH_TIER_DOWN, 4),  # 中级B → 中级C stays in 中级
        (9, False, Kind.BREACH_TIER_DOWN, 8),  # 高级A → 高级B
        (6, True, Kind.BREACH_LEVEL_DOWN, 3),  # 中级A → 初级A
        (4, True, Kind.BREACH_LEVEL_DOWN, 3),  # 中级C → 初级A, the same move chosen as a level
        (3, True, Kind.BREACH_LEVEL_DOWN, 0),  # 初级A → 见习
    ],
)
def test_a_breach_is_recorded_by_the_move_it_makes(
    rank: int, by_level: bool, kind: Kind, to: int
) -> None:
    """Seed 004 三、(三)1: “在平时工作中，违反分局（公司）相关规定且情节比较严重者，经考评委员会
    讨论决定，可即时作降档、降级处理。” A move into the level below is a 降级 whichever button the
    committee pressed, as the window path records the same move."""
    d = breach(1, rank, by_level=by_level, what="代客订货")
    assert (d.kind, d.to_rank, d.status) == (kind, to, Status.APPLIED)
    codes = [r.code for r in d.reasons]
    assert ("tier_leaves_level" in codes) == (not by_level and kind == Kind.BREACH_LEVEL_DOWN)


def test_window_and_breach_record_the_same_move_alike() -> None:
    """“分别按照评定标准作降档、降级处理”: 中级C → 初级A is a level demotion either way."""
    window = evaluate(cand(4, 80), STD)  # 80 < 中级C's 83, ≥ 初级A's 80 → 初级A
    by_breach = breach(1, 4, by_level=False, what="x")
    assert window.to_rank == by_breach.to_rank == 3
    assert window.kind in LEVEL_DOWN_KINDS and by_breach.kind in LEVEL_DOWN_KINDS


def test_a_breach_to_a_lower_level_then_a_window_to_trainee_flags_reassignment() -> None:
    """“连续两次降级为见习客户经理、市场管理员者，调整现工作岗位。” 中级C → 初级A by a breach in
    2026Q3, then 初级A → 见习 in the 2026Q4 window: two level demotions in a row."""
    first = breach(1, 4, by_level=False, what="x")
    record = [Entry(first.kind, window_ordinal(2026, 3))]
    after = follows_level_down(record, window_ordinal(2026, 4))
    second = evaluate(cand(3, 50, after_level_down=after), STD)
    assert (second.kind, second.to_rank, second.reassign) == (Kind.LEVEL_DOWN, TRAINEE, True)


@given(rank=st.integers(1, TOP), by_level=st.booleans())
def test_every_breach_kind_matches_whether_the_level_changes(rank: int, by_level: bool) -> None:
    """Level demotion iff the level's name changes (oracle: the seed's rank labels)."""
    d = breach(1, rank, by_level=by_level, what="x")
    assert d.to_rank < rank
    assert (d.kind in LEVEL_DOWN_KINDS) == (level_text(d.to_rank) != level_text(rank))


# ---- item 3: a 见习 who misses the 见习 standard stays, and is never flagged ---------------

TRAINEE_BAR = standards_with(r0={"min_score": 50.0})


@pytest.mark.parametrize(
    ("rank", "score", "after", "kind", "to", "reassign", "codes"),
    [
        # 见习 below the committee's 见习 bar of 50: stays, no demotion, no flag
        (0, 40, True, Kind.STAY, 0, False, ["missed", "lowest_rank"]),
        (0, 40, False, Kind.STAY, 0, False, ["missed", "lowest_rank"]),
        # 见习 meeting 50 but not 初级C's 70: an ordinary stay
        (0, 50, True, Kind.STAY, 0, False, ["stay", "next_lacks"]),
        # 初级C below 70: a real level demotion to 见习, flagged only after another one
        (1, 60, True, Kind.LEVEL_DOWN, 0, True, ["missed", "level_down", "reassign"]),
        (1, 60, False, Kind.LEVEL_DOWN, 0, False, ["missed", "level_down"]),
    ],
)
def test_staying_trainee_is_no_demotion(
    rank: int, score: float, after: bool, kind: Kind, to: int, reassign: bool, codes: list[str]
) -> None:
    """Seed 004 三、(三)2: “连续两次降级为见习客户经理、市场管理员者，调整现工作岗位。” Only two
    actual level demotions ending at 见习 count; 见习 has no level below it to go to."""
    d = evaluate(cand(rank, score, after_level_down=after), TRAINEE_BAR)
    assert (d.kind, d.to_rank, d.reassign) == (kind, to, reassign)
    assert [r.code for r in d.reasons] == codes


# ---- item 4: where the seed is silent ---------------------------------------------------------


@pytest.mark.parametrize(
    ("rank", "scores", "stds", "kind", "to", "shown"),
    [
        # (80 + 80 + 79.99) / 3 = 79.99666… < 初级A's 80; ≥ 初级C's 70 → 初级B; shown 79.99
        (3, (80, 80, 79.99), STD, Kind.TIER_DOWN, 2, 79.99),
        (3, (80, 80, 80), STD, Kind.STAY, 3, 80.0),
        # the figure: (65 + 65 + 64.99) / 3 = 64.99666… does not meet 65
        (1, (65, 65, 64.99), standards_with(r1={"min_score": 65.0}), Kind.LEVEL_DOWN, 0, 64.99),
        # three scores of 70.1 meet 70.1 (binary floats would make the mean 70.0999…)
        (1, (70.1, 70.1, 70.1), standards_with(r1={"min_score": 70.1}), Kind.STAY, 1, 70.1),
        # 64.996 rounds to 65.00 where no bar lies between them: shown rounded
        (0, (64.996, 64.996, 64.996), STD, Kind.STAY, 0, 65.0),
    ],
)
def test_scores_are_compared_unrounded(
    rank: int,
    scores: tuple[float, ...],
    stds: dict[int, TierStandard],
    kind: Kind,
    to: int,
    shown: float,
) -> None:
    """Seed 004 三、(二)1 and (三)1: “达到晋档要求的……” / “对未达到现任职级考核要求的……”. The
    seed does not round; we compare the exact mean, and the score shown never reads as
    meeting a bar the exact mean misses."""
    d = evaluate(cand(rank, None, scores=scores), stds)
    assert (d.kind, d.to_rank, d.score) == (kind, to, shown)


@given(
    scores=st.tuples(*[st.integers(0, 10000).map(lambda n: n / 100)] * 3),
    bars=st.lists(st.integers(0, 10000).map(lambda n: n / 100), min_size=1, max_size=4),
)
def test_meets_and_shown_score_agree_with_decimal_arithmetic(
    scores: tuple[float, float, float], bars: list[float]
) -> None:
    """Meeting a bar is decided on the exact mean; the shown score is within 0.01 of it, has
    two decimals and lies on the same side of every bar."""
    mean = window_mean(scores)
    assert mean is not None
    shown = shown_score(mean, bars)
    exact_mean = sum(Decimal(str(s)) for s in scores) / 3
    assert abs(Decimal(str(shown)) - exact_mean) < Decimal("0.01")
    assert Decimal(str(shown)) == Decimal(str(shown)).quantize(Decimal("0.01"))
    for bar in bars:
        assert meets(mean, bar) == exact_meets(scores, bar)
        assert (Fraction(str(shown)) >= Fraction(str(bar))) == exact_meets(scores, bar)


LD, BLD, BTD = Kind.LEVEL_DOWN, Kind.BREACH_LEVEL_DOWN, Kind.BREACH_TIER_DOWN


@pytest.mark.parametrize(
    ("record", "window", "expected"),
    [
        ([], 10, False),
        ([Entry(LD, 9)], 10, True),  # level down in the window just before
        ([Entry(LD, 8)], 10, False),  # a window between was never evaluated
        ([Entry(LD, 9), Entry(Kind.STAY, 10)], 11, False),  # a window kept the rank
        ([Entry(LD, 9), Entry(Kind.TIER_DOWN, 10)], 11, False),  # a tier move in between
        ([Entry(LD, 9), Entry(Kind.NO_DATA, 10)], 11, False),  # incomplete window kept it
        ([Entry(Kind.LEVEL_UP, 9)], 10, False),  # a level promotion (pending or rejected)
        ([Entry(BLD, 10)], 10, True),  # a breach level demotion in the same window
        ([Entry(BLD, 10)], 11, True),
        ([Entry(LD, 9), Entry(BTD, 10)], 10, False),  # a breach tier demotion in between
        ([Entry(Kind.STAY, 8), Entry(LD, 9)], 10, True),
    ],
)
def test_consecutive_means_adjacent_windows_with_nothing_between(
    record: list[Entry], window: int, expected: bool
) -> None:
    """Seed 004 三、(三)2: “连续两次降级为见习……” — 连续 read as consecutive assessment windows
    (“测评期（连续三个月）”): the previous entry of the record is a level demotion in the same
    or the adjacent window."""
    assert follows_level_down(record, window) is expected


def test_level_skips_go_on_public_notice_tier_skips_do_not() -> None:
    """Seed 004 三、(二)2: every 晋级 “进行公示，公示期为一周，无异议后正式执行”; a 跳级 is a
    晋级, a 跳档 stays inside the level."""
    level_skip = evaluate(cand(2, 84, outstanding=True), STD)
    tier_skip = evaluate(cand(1, 81, outstanding=True), STD)
    assert (level_skip.kind, level_skip.needs_notice) == (Kind.SKIP_LEVEL, True)
    assert (tier_skip.kind, tier_skip.needs_notice) == (Kind.SKIP_TIER, False)


# ---- the reassignment flag over a person's whole record ------------------------------------

events = st.lists(
    st.one_of(
        st.tuples(st.just("window"), st.integers(1, 2), st.integers(0, 100)),
        st.tuples(st.just("breach"), st.just(0), st.booleans()),
    ),
    max_size=12,
)


@given(start=st.integers(0, TOP), history=events)
def test_reassignment_iff_two_level_demotions_in_consecutive_windows_end_at_trainee(
    start: int, history: list[tuple[str, int, object]]
) -> None:
    """“连续两次降级为见习……调整现工作岗位”, checked over random records: windows one or two
    quarters apart (a gap is a window never evaluated) with breaches between them. The oracle
    looks only at the moves (from and to ranks) and the windows, not at the engine's kinds."""
    rank, window, record = start, 100, []
    moves: list[tuple[int, int, int]] = []  # (window, from, to) of every entry
    for what, gap, value in history:
        window += gap
        after = follows_level_down(record, window)
        if what == "window":
            d = evaluate(cand(rank, float(value), after_level_down=after), STD)  # type: ignore[arg-type]
        elif rank == TRAINEE:
            continue
        else:
            d = breach(1, rank, by_level=bool(value), after_level_down=after, what="x")
        applied = d.to_rank if d.status == Status.APPLIED else rank
        down_a_level = applied < rank and level_text(applied) != level_text(rank)
        previous = moves[-1] if moves else None
        previous_down_a_level = (
            previous is not None
            and previous[2] < previous[1]
            and level_text(previous[2]) != level_text(previous[1])
            and abs(previous[0] - window) <= 1
        )
        expected = down_a_level and applied == TRAINEE and previous_down_a_level
        assert d.reassign is expected
        moves.append((window, rank, applied))
        record.append(Entry(d.kind, window))
        rank = applied
