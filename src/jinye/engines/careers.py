"""The customer-manager career ladder (seed 004): 见习 → 初级 C/B/A → 中级 C/B/A → 高级 C/B/A.

Pure Python, no Django. One call evaluates one person over a three-month window and returns
a deterministic ``Decision`` with its reasons as codes. The ladder is a list of ten ranks
(0 = 见习 … 9 = 高级A); each rank has a ``TierStandard`` (score threshold and eligibility),
all of which is data passed in by the caller.

Rules (seed 004 三、(二)(三)):
- meeting the next rank's standard inside the same level → up one tier, applied at once (晋档:
  “达到晋档要求的……可以自动晋升一档”);
- meeting the next rank's standard across a level (见习→初级C, 初级A→中级C, 中级A→高级C)
  → pending: committee decision and a one-week public notice, applied only if no objection
  is upheld (晋级);
- an outstanding 初级C or 中级C may skip a tier (C → A, 跳档) and an outstanding 初级B or
  中级B may skip a level (B → next level's C, 跳级), both with committee approval and
  leadership approval, provided they meet the target rank's standard. A skip carries its
  ``fallback``: the decision without the skip (the automatic one-tier step up when its
  standard is met, else staying). A skip that is not approved falls back to it in the same
  window, because the one-tier step needs nobody's approval;
- missing the current rank's standard → down one tier (降档) when the score still meets the
  level's C standard, otherwise down one level (降级) to the A tier of the level below
  (初级 → 见习). A 见习 who misses the 见习 standard stays 见习: there is no lower rank, and
  staying is not a demotion;
- a serious breach → the committee demotes at once, by a tier or a level. A move that leaves
  the level (one tier down from a C tier: 中级C → 初级A, 初级C → 见习) is a level demotion,
  whichever the committee chose, exactly as a window demotion records the same move;
- a level demotion ending at 见习 that follows a level demotion in the same or the preceding
  assessment window → flagged for reassignment (“连续两次降级为见习……调整现工作岗位”).

Where the seed is silent (also in the user guide, docs/guide.md §10):
- scores are compared with thresholds unrounded, as exact decimals (``career_scores``): a
  mean of 64.9967 does not meet 65 (and three scores of 70.1 do meet 70.1). The score shown is
  rounded to 0.01, but never on the other side of a threshold: 64.9967 shows as 64.99;
- “连续两次降级” means level demotions in consecutive assessment windows (a breach demotion
  counts in the window it is decided in): a window in between that keeps the rank, moves by a
  tier or was never evaluated breaks the sequence (``career_record.follows_level_down``);
- a dismissed objection does not block a promotion on notice; an upheld one does (for a skip,
  the fallback then applies);
- level skips (跳级) go on public notice like every 晋级; a tier skip inside a level (跳档) does
  not, as it is no 晋级.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum

from jinye.engines.career_scores import Score, meets, shown_score, window_mean
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
    scores (0–100); ``after_level_down`` says the person's latest career entry is a level
    demotion in this or the preceding window (``career_record.follows_level_down``)."""

    staff_id: int
    rank: int
    scores: tuple[float | None, ...]
    months_in_post: int
    months_at_level: int
    education: Education
    training_passed: bool
    outstanding: bool = False
    after_level_down: bool = False


@dataclass(frozen=True)
class Decision:
    """One decision; a skip's ``fallback`` is the decision that stands if it is not approved."""

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
    fallback: "Decision | None" = None

    @property
    def step(self) -> int:
        return self.to_rank - self.from_rank


def unmet(c: Candidate, std: TierStandard, score: Score | None) -> list[Reason]:
    """Why ``c`` does not meet ``std`` (empty when met); the score is not checked when None."""
    gaps = []
    if score is not None and not meets(score.exact, std.min_score):
        gaps.append(Reason("score_below", {"score": score.shown, "min": std.min_score}))
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
    mean = window_mean(c.scores)
    if mean is None:
        return Decision(
            c.staff_id,
            c.rank,
            c.rank,
            Kind.NO_DATA,
            Status.APPLIED,
            None,
            reasons=(Reason("no_data", {"rank": c.rank}),),
        )
    score = Score(mean, shown_score(mean, (s.min_score for s in standards.values())))
    if not meets(mean, standards[c.rank].min_score):
        return _demote(c, standards, score)
    stay = _stay(c, standards, score)
    step = _one_step(c, standards, score)
    return _skip(c, standards, score, fallback=step or stay) or step or stay


def _stay(c: Candidate, standards: dict[int, TierStandard], score: Score) -> Decision:
    keep = standards[c.rank]
    reasons = [Reason("stay", {"score": score.shown, "rank": c.rank, "min": keep.min_score})]
    if c.rank < TOP:
        gaps = unmet(c, standards[c.rank + 1], score)
        reasons.append(Reason("next_lacks", {"rank": c.rank + 1, "gaps": gaps}))
    return Decision(
        c.staff_id, c.rank, c.rank, Kind.STAY, Status.APPLIED, score.shown, reasons=(*reasons,)
    )


def _one_step(c: Candidate, standards: dict[int, TierStandard], score: Score) -> Decision | None:
    """Up one rank when its standard is met: 晋档 at once, 晋级 pending."""
    if c.rank == TOP:
        return None
    target = c.rank + 1
    if unmet(c, standards[target], score):
        return None
    met = Reason("met", {"score": score.shown, "rank": target, "min": standards[target].min_score})
    move = {"from": c.rank, "to": target}
    if level_of(target) == level_of(c.rank):
        return Decision(
            c.staff_id,
            c.rank,
            target,
            Kind.TIER_UP,
            Status.APPLIED,
            score.shown,
            reasons=(met, Reason("tier_up", move)),
        )
    return Decision(
        c.staff_id,
        c.rank,
        target,
        Kind.LEVEL_UP,
        Status.PENDING,
        score.shown,
        needs_committee=True,
        needs_notice=True,
        reasons=(met, Reason("level_up_pending", move)),
    )


def _skip(
    c: Candidate, standards: dict[int, TierStandard], score: Score, *, fallback: Decision
) -> Decision | None:
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
        score.shown,
        needs_committee=True,
        needs_notice=kind == Kind.SKIP_LEVEL,
        needs_leadership=True,
        reasons=(
            Reason(
                "outstanding",
                {"score": score.shown, "rank": target, "min": standards[target].min_score},
            ),
            Reason(f"{kind.value}_pending", {"from": c.rank, "to": target}),
        ),
        fallback=fallback,
    )


def _demote(c: Candidate, standards: dict[int, TierStandard], score: Score) -> Decision:
    missed = Reason(
        "missed", {"score": score.shown, "rank": c.rank, "min": standards[c.rank].min_score}
    )
    if c.rank == TRAINEE:
        return Decision(
            c.staff_id,
            c.rank,
            c.rank,
            Kind.STAY,
            Status.APPLIED,
            score.shown,
            reasons=(missed, Reason("lowest_rank", {"rank": c.rank})),
        )
    floor = level_floor(c.rank)
    if c.rank != floor and meets(score.exact, standards[floor].min_score):
        target = c.rank - 1
        return Decision(
            c.staff_id,
            c.rank,
            target,
            Kind.TIER_DOWN,
            Status.APPLIED,
            score.shown,
            reasons=(missed, Reason("tier_down", {"from": c.rank, "to": target})),
        )
    target = floor - 1
    reasons = [missed]
    if c.rank != floor:
        reasons.append(Reason("also_below", {"rank": floor, "min": standards[floor].min_score}))
    reasons.append(Reason("level_down", {"from": c.rank, "to": target}))
    reassign = target == TRAINEE and c.after_level_down
    if reassign:
        reasons.append(Reason("reassign"))
    return Decision(
        c.staff_id,
        c.rank,
        target,
        Kind.LEVEL_DOWN,
        Status.APPLIED,
        score.shown,
        reassign=reassign,
        reasons=tuple(reasons),
    )


def breach(
    staff_id: int, rank: int, *, by_level: bool, after_level_down: bool = False, what: str
) -> Decision:
    """The committee's immediate demotion for a serious breach (``what``): one tier, or one
    level to the A tier of the level below; a 见习 cannot go lower. One tier down from a C
    tier leaves the level, so it is recorded as a level demotion. ``after_level_down`` as in
    ``Candidate``."""
    _check_rank(rank)
    if rank == TRAINEE:
        raise Refusal("trainee_floor", "a trainee (见习) cannot be demoted further")
    target = level_floor(rank) - 1 if by_level else rank - 1
    crosses = level_of(target) != level_of(rank)
    kind = Kind.BREACH_LEVEL_DOWN if crosses else Kind.BREACH_TIER_DOWN
    reasons = [Reason("breach", {"what": what})]
    if crosses and not by_level:
        reasons.append(Reason("tier_leaves_level", {"from": rank, "to": target}))
    reasons.append(Reason(kind.value, {"from": rank, "to": target}))
    reassign = crosses and target == TRAINEE and after_level_down
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
    mean = window_mean(c.scores)
    score = None if mean is None else Score(mean, shown_score(mean, [std.min_score]))
    gaps = unmet(c, std, score)
    if score is None:
        gaps.insert(0, Reason("score_needed", {"min": std.min_score}))
    return Gap(target, std.min_score, tuple(gaps))
