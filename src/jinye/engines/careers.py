"""The customer-manager career ladder (seed 004): 见习 → 初级 C/B/A → 中级 C/B/A → 高级 C/B/A.

Pure Python, no Django. One call evaluates one person over a three-month window and returns
a deterministic ``Decision`` with its reasons in Chinese. The ladder is a list of ten ranks
(0 = 见习 … 9 = 高级A); each rank has a ``TierStandard`` (score threshold and eligibility),
all of which is data passed in by the caller.

Rules (seed 004 三、(二)(三)):
- meeting the next rank's standard inside the same level → up one tier, applied at once (晋档);
- meeting the next rank's standard across a level (见习→初级C, 初级A→中级C, 中级A→高级C)
  → pending: committee decision and a one-week public notice, applied only if no objection
  is upheld (晋级);
- an outstanding 初级C or 中级C may skip a tier (C → A, 跳档) and an outstanding 初级B or
  中级B may skip a level (B → next level's C, 跳级), both with committee approval and
  leadership approval, provided they meet the target rank's standard;
- missing the current rank's standard → down one tier (降档) when the score still meets the
  level's C standard, otherwise down one level (降级) to the A tier of the level below
  (初级 → 见习);
- a serious breach → the committee demotes at once, by a tier or a level;
- a level demotion ending at 见习 when the person's previous rank change was also a level
  demotion → flagged for reassignment (调整工作岗位).
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum

from jinye.engines.reasons import Reason, Refusal


class Level(StrEnum):
    TRAINEE = "trainee"
    JUNIOR = "junior"
    MIDDLE = "middle"
    SENIOR = "senior"


LEVEL_ZH = {Level.TRAINEE: "见习", Level.JUNIOR: "初级", Level.MIDDLE: "中级", Level.SENIOR: "高级"}


class Education(IntEnum):
    """Highest education, ordered."""

    BELOW_HIGH_SCHOOL = 0
    HIGH_SCHOOL = 1  # 高中、职高、中专
    COLLEGE = 2  # 大专
    BACHELOR = 3  # 本科
    POSTGRADUATE = 4  # 研究生


TRAINEE = 0
TOP = 9
RANK_COUNT = 10


_LEVELS = (Level.TRAINEE, *[Level.JUNIOR] * 3, *[Level.MIDDLE] * 3, *[Level.SENIOR] * 3)
_GRADES = ("", *"CBA" * 3)
_LABELS = tuple(LEVEL_ZH[lv] + g for lv, g in zip(_LEVELS, _GRADES, strict=True))


def level_of(rank: int) -> Level:
    """The level of a rank 0–9."""
    _check_rank(rank)
    return _LEVELS[rank]


def grade_of(rank: int) -> str:
    """'C', 'B' or 'A' (empty for 见习)."""
    _check_rank(rank)
    return _GRADES[rank]


def rank_label(rank: int) -> str:
    """The rank's stable name in the seed's words (e.g. '中级B'), used as a key in stored
    inputs and in developer errors; pages name ranks in the reader's language instead."""
    _check_rank(rank)
    return _LABELS[rank]


def level_floor(rank: int) -> int:
    """The C rank of ``rank``'s level (见习 for 见习)."""
    return TRAINEE if rank == TRAINEE else 1 + 3 * ((rank - 1) // 3)


def _check_rank(rank: int) -> None:
    if not 0 <= rank <= TOP:
        raise ValueError(f"rank must be 0–{TOP}, got {rank}")


@dataclass(frozen=True)
class TierStandard:
    """What a rank requires: the three-month average score, and to be promoted into it,
    months in post, months at the current level, education and training/exam passed."""

    rank: int
    min_score: float
    min_months_in_post: int = 0
    min_months_at_level: int = 0
    min_education: Education = Education.BELOW_HIGH_SCHOOL
    training_required: bool = False


def default_standards() -> list[TierStandard]:
    """Seed defaults. Seed 004's 附表 is not in the seed text, so the score thresholds are ours;
    the eligibility follows the sister scheme in the same seed (专卖管理员: 初级 one year and
    high school, 中级 college with two years and a year at 初级, 高级 three years, training
    and exam passed)."""
    hs, col = Education.HIGH_SCHOOL, Education.COLLEGE
    return [
        TierStandard(0, 0.0),
        TierStandard(1, 70.0, 12, 0, hs, True),
        TierStandard(2, 75.0, 12, 3, hs, True),
        TierStandard(3, 80.0, 12, 6, hs, True),
        TierStandard(4, 83.0, 24, 12, col, True),
        TierStandard(5, 86.0, 24, 3, col, True),
        TierStandard(6, 89.0, 24, 6, col, True),
        TierStandard(7, 92.0, 36, 12, col, True),
        TierStandard(8, 94.0, 36, 3, col, True),
        TierStandard(9, 96.0, 36, 6, col, True),
    ]


def check_standards(standards: Sequence[TierStandard]) -> dict[int, TierStandard]:
    """The standards by rank; raises ValueError naming the rank if any is missing, duplicated
    or the scores are not increasing up the ladder."""
    by_rank: dict[int, TierStandard] = {}
    for s in standards:
        _check_rank(s.rank)
        if s.rank in by_rank:
            raise ValueError(f"rank {rank_label(s.rank)}: standard given twice")
        if s.min_score < 0 or s.min_score > 100:
            raise ValueError(f"rank {rank_label(s.rank)}: min_score must be 0–100")
        by_rank[s.rank] = s
    missing = [rank_label(r) for r in range(RANK_COUNT) if r not in by_rank]
    if missing:
        raise ValueError(f"missing standards for: {', '.join(missing)}")
    for r in range(1, RANK_COUNT):
        if by_rank[r].min_score < by_rank[r - 1].min_score:
            raise ValueError(
                f"rank {rank_label(r)}: min_score {by_rank[r].min_score} is below "
                f"{rank_label(r - 1)}'s {by_rank[r - 1].min_score}"
            )
    return by_rank


class Kind(StrEnum):
    STAY = "stay"  # 保持
    TIER_UP = "tier_up"  # 晋档
    LEVEL_UP = "level_up"  # 晋级
    SKIP_TIER = "skip_tier"  # 跳档
    SKIP_LEVEL = "skip_level"  # 跳级
    TIER_DOWN = "tier_down"  # 降档
    LEVEL_DOWN = "level_down"  # 降级
    BREACH_TIER_DOWN = "breach_tier_down"  # 违规降档
    BREACH_LEVEL_DOWN = "breach_level_down"  # 违规降级
    NO_DATA = "no_data"  # 考核数据不全


LEVEL_DOWN_KINDS = frozenset({Kind.LEVEL_DOWN, Kind.BREACH_LEVEL_DOWN})
UP_KINDS = frozenset({Kind.TIER_UP, Kind.LEVEL_UP, Kind.SKIP_TIER, Kind.SKIP_LEVEL})
# Most ranks a move of each kind may cross (the property the tests check).
MAX_STEP = {
    Kind.STAY: 0,
    Kind.NO_DATA: 0,
    Kind.TIER_UP: 1,
    Kind.LEVEL_UP: 1,
    Kind.SKIP_TIER: 2,
    Kind.SKIP_LEVEL: 2,
    Kind.TIER_DOWN: 1,
    Kind.BREACH_TIER_DOWN: 1,
    Kind.LEVEL_DOWN: 3,
    Kind.BREACH_LEVEL_DOWN: 3,
}


class Status(StrEnum):
    APPLIED = "applied"  # takes effect now
    PENDING = "pending"  # waits for committee (+ notice, + leadership for skips)


@dataclass(frozen=True)
class Candidate:
    """One person at the end of a window. ``scores`` are the window's monthly assessment
    scores (0–100); ``last_change`` is the kind of their most recent rank change, if any."""

    staff_id: int
    rank: int
    scores: tuple[float | None, ...]
    months_in_post: int
    months_at_level: int
    education: Education
    training_passed: bool
    outstanding: bool = False
    last_change: Kind | None = None


@dataclass(frozen=True)
class Decision:
    staff_id: int
    from_rank: int
    to_rank: int
    kind: Kind
    status: Status
    score: float | None
    needs_committee: bool = False
    needs_notice: bool = False
    needs_leadership: bool = False
    reassign: bool = False
    reasons: tuple[Reason, ...] = field(default_factory=tuple)

    @property
    def step(self) -> int:
        return self.to_rank - self.from_rank


WINDOW_MONTHS = 3


def window_score(scores: Sequence[float | None]) -> float | None:
    """Mean of the window's monthly scores, rounded to 0.01; None unless all three exist."""
    if len(scores) != WINDOW_MONTHS or any(s is None for s in scores):
        return None
    return round(sum(s for s in scores if s is not None) / WINDOW_MONTHS, 2)


def unmet(c: Candidate, std: TierStandard, score: float) -> list[Reason]:
    """Why ``c`` does not meet ``std`` (empty when met)."""
    gaps = []
    if score < std.min_score:
        gaps.append(Reason("score_below", {"score": score, "min": std.min_score}))
    if c.months_in_post < std.min_months_in_post:
        gaps.append(
            Reason("months_in_post", {"months": c.months_in_post, "min": std.min_months_in_post})
        )
    if c.months_at_level < std.min_months_at_level:
        gaps.append(
            Reason("months_at_level", {"months": c.months_at_level, "min": std.min_months_at_level})
        )
    if c.education < std.min_education:
        gaps.append(
            Reason("education", {"education": int(c.education), "min": int(std.min_education)})
        )
    if std.training_required and not c.training_passed:
        gaps.append(Reason("training"))
    return gaps


def evaluate(c: Candidate, standards: dict[int, TierStandard]) -> Decision:
    """The window decision for ``c``; ``standards`` from ``check_standards``."""
    _check_rank(c.rank)
    score = window_score(c.scores)
    if score is None:
        return Decision(
            c.staff_id,
            c.rank,
            c.rank,
            Kind.NO_DATA,
            Status.APPLIED,
            None,
            reasons=(Reason("no_data", {"rank": c.rank}),),
        )
    keep = standards[c.rank]
    if score < keep.min_score:
        return _demote(c, standards, score)
    promoted = _promote(c, standards, score)
    if promoted is not None:
        return promoted
    reasons = [Reason("stay", {"score": score, "rank": c.rank, "min": keep.min_score})]
    if c.rank < TOP:
        gaps = unmet(c, standards[c.rank + 1], score)
        reasons.append(Reason("next_lacks", {"rank": c.rank + 1, "gaps": gaps}))
    return Decision(
        c.staff_id, c.rank, c.rank, Kind.STAY, Status.APPLIED, score, reasons=(*reasons,)
    )


def _promote(c: Candidate, standards: dict[int, TierStandard], score: float) -> Decision | None:
    skip = _skip(c, standards, score)
    if skip is not None:
        return skip
    if c.rank == TOP:
        return None
    target = c.rank + 1
    if unmet(c, standards[target], score):
        return None
    met = Reason("met", {"score": score, "rank": target, "min": standards[target].min_score})
    move = {"from": c.rank, "to": target}
    if level_of(target) == level_of(c.rank):
        return Decision(
            c.staff_id,
            c.rank,
            target,
            Kind.TIER_UP,
            Status.APPLIED,
            score,
            reasons=(met, Reason("tier_up", move)),
        )
    return Decision(
        c.staff_id,
        c.rank,
        target,
        Kind.LEVEL_UP,
        Status.PENDING,
        score,
        needs_committee=True,
        needs_notice=True,
        reasons=(met, Reason("level_up_pending", move)),
    )


def _skip(c: Candidate, standards: dict[int, TierStandard], score: float) -> Decision | None:
    if not c.outstanding or c.rank == TRAINEE or level_of(c.rank) == Level.SENIOR:
        return None
    grade = grade_of(c.rank)
    if grade == "C":
        kind, target = Kind.SKIP_TIER, c.rank + 2
    elif grade == "B":
        kind, target = Kind.SKIP_LEVEL, c.rank + 2
    else:
        return None
    if unmet(c, standards[target], score):
        return None
    return Decision(
        c.staff_id,
        c.rank,
        target,
        kind,
        Status.PENDING,
        score,
        needs_committee=True,
        needs_notice=kind == Kind.SKIP_LEVEL,
        needs_leadership=True,
        reasons=(
            Reason(
                "outstanding", {"score": score, "rank": target, "min": standards[target].min_score}
            ),
            Reason(f"{kind.value}_pending", {"from": c.rank, "to": target}),
        ),
    )


def _demote(c: Candidate, standards: dict[int, TierStandard], score: float) -> Decision:
    missed = Reason("missed", {"score": score, "rank": c.rank, "min": standards[c.rank].min_score})
    floor = level_floor(c.rank)
    if c.rank != floor and score >= standards[floor].min_score:
        target = c.rank - 1
        return Decision(
            c.staff_id,
            c.rank,
            target,
            Kind.TIER_DOWN,
            Status.APPLIED,
            score,
            reasons=(missed, Reason("tier_down", {"from": c.rank, "to": target})),
        )
    target = max(TRAINEE, floor - 1)
    reasons = [missed]
    if c.rank != floor:
        reasons.append(Reason("also_below", {"rank": floor, "min": standards[floor].min_score}))
    reasons.append(Reason("level_down", {"from": c.rank, "to": target}))
    reassign = target == TRAINEE and c.last_change in LEVEL_DOWN_KINDS
    if reassign:
        reasons.append(Reason("reassign"))
    return Decision(
        c.staff_id,
        c.rank,
        target,
        Kind.LEVEL_DOWN,
        Status.APPLIED,
        score,
        reassign=reassign,
        reasons=tuple(reasons),
    )


def breach(
    staff_id: int, rank: int, *, by_level: bool, last_change: Kind | None = None, what: str
) -> Decision:
    """The committee's immediate demotion for a serious breach (``what``): one tier, or one
    level to the A tier of the level below; a 见习 cannot go lower."""
    _check_rank(rank)
    if rank == TRAINEE:
        raise Refusal("trainee_floor", "a trainee (见习) cannot be demoted further")
    if by_level:
        kind, target = Kind.BREACH_LEVEL_DOWN, max(TRAINEE, level_floor(rank) - 1)
    else:
        kind, target = Kind.BREACH_TIER_DOWN, rank - 1
    reasons = [Reason("breach", {"what": what}), Reason(kind.value, {"from": rank, "to": target})]
    reassign = (
        kind == Kind.BREACH_LEVEL_DOWN and target == TRAINEE and last_change in LEVEL_DOWN_KINDS
    )
    if reassign:
        reasons.append(Reason("reassign"))
    return Decision(
        staff_id,
        rank,
        target,
        kind,
        Status.APPLIED,
        None,
        needs_committee=True,
        reassign=reassign,
        reasons=tuple(reasons),
    )


@dataclass(frozen=True)
class Gap:
    """How far a person is from the next rank: the target and each unmet condition."""

    target: int | None
    score_needed: float | None
    gaps: tuple[Reason, ...]


def next_tier_gap(c: Candidate, standards: dict[int, TierStandard]) -> Gap:
    """What the next rank needs and what ``c`` still lacks (score from the window if known)."""
    if c.rank == TOP:
        return Gap(None, None, ())
    target = c.rank + 1
    std = standards[target]
    score = window_score(c.scores)
    gaps = unmet(c, std, score if score is not None else 0.0)
    if score is None:
        gaps = [g for g in gaps if g.code != "score_below"]
        gaps.insert(0, Reason("score_needed", {"min": std.min_score}))
    return Gap(target, std.min_score, tuple(gaps))
