"""Issue 23 items 1–4 through the services and pages: window runs, committee, notice, breaches.

Profiles from ``tests.people.factories.profile``: in post since 2020-01, at the level since
2024-01 (so 80 months in post and 32 at the level at the end of 2026Q3), a bachelor's degree,
training passed; the seed standards (初级 70/75/80, 中级 83/86/89, 高级 92/94/96).
"""

from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from jinye.org.models import Role, Staff
from jinye.people.models import (
    COMMITTEE_GROUP,
    CareerAudit,
    CareerDecision,
    CareerProfile,
    DecisionStatus,
    TierStandard,
)
from jinye.people.services import (
    do_breach_demotion,
    do_close_notices,
    do_committee_decide,
    do_leadership_decide,
    do_record_objection,
    do_rule_objection,
    do_run_career_window,
)
from jinye.periods import Quarter
from tests.factories import make_area, make_staff
from tests.people.factories import profile, scores

pytestmark = pytest.mark.django_db


@pytest.fixture
def s() -> dict:
    area = make_area()
    member = make_staff(Role.MARKET_MANAGER, area=area)
    member.user.groups.add(Group.objects.get_or_create(name=COMMITTEE_GROUP)[0])
    return {
        "cm": make_staff(Role.CUSTOMER_MANAGER, area=area),
        "director": make_staff(Role.DIRECTOR, dept=area.department),
        "mm": make_staff(Role.MARKET_MANAGER, area=area),
        "member": member,
        "dept": area.department,
    }


def window(s: dict, name: str, score: float | None = None) -> CareerDecision:
    """Evaluate ``name`` for the customer manager, with ``score`` in each of its months."""
    if score is not None:
        scores(s["cm"], [str(m) for m in Quarter.parse(name).months()], score)
    (d,) = do_run_career_window(department=s["dept"], window=name)
    return d


def rank(s: dict) -> int:
    return CareerProfile.objects.get(staff=s["cm"]).rank


def reject(s: dict, d: CareerDecision, who: str) -> CareerDecision:
    """The skip is not approved by ``who``: the committee, the director after a member's
    approval, or an objection upheld during the notice."""
    if who == "committee":
        do_committee_decide(decision=d, approve=False, reason="贡献不足", by=s["member"].user)
    elif who == "leadership":
        d = do_committee_decide(decision=d, approve=True, reason="优秀", by=s["member"].user)
        assert d.status == DecisionStatus.LEADERSHIP
        do_leadership_decide(decision=d, approve=False, reason="名额已满", by=s["director"].user)
    else:
        d = do_committee_decide(
            decision=d, approve=True, reason="优秀", by=s["director"].user, today=date(2026, 10, 8)
        )
        assert d.status == DecisionStatus.NOTICE
        obj = do_record_objection(
            decision=d, text="业绩不实", by=s["mm"].user, today=date(2026, 10, 9)
        )
        do_rule_objection(objection=obj, uphold=True, ruling="经核实属实", by=s["member"].user)
    d.refresh_from_db()
    return d


@pytest.mark.parametrize(
    ("start", "score", "who", "skip", "after"),
    [
        (1, 81, "committee", "skip_tier", 2),  # 初级C, 81 ≥ 初级A 80 → else 初级B (75)
        (1, 81, "leadership", "skip_tier", 2),
        (4, 90, "committee", "skip_tier", 5),  # 中级C, 90 ≥ 中级A 89 → else 中级B (86)
        (2, 84, "leadership", "skip_level", 3),  # 初级B, 84 ≥ 中级C 83 → else 初级A (80)
        (5, 93, "committee", "skip_level", 6),  # 中级B, 93 ≥ 高级C 92 → else 中级A (89)
        (5, 93, "objection", "skip_level", 6),
    ],
)
def test_a_rejected_skip_falls_back_to_the_automatic_step_in_the_same_window(
    s: dict, start: int, score: float, who: str, skip: str, after: int
) -> None:
    """Seed 004 三、(二)1: “在测评期（连续三个月）考核后，达到晋档要求的客户经理、市场管理员
    可以自动晋升一档。” A skip (“跳档……通过考评委员会核定，分局（公司）领导批准后，予以跳档”;
    “跳级……”) that is not approved leaves that automatic step in force for the same window."""
    profile(s["cm"], start, outstanding=True)
    d = window(s, "2026Q3", score)
    assert (d.kind, d.status, rank(s)) == (skip, DecisionStatus.PENDING, start)
    d = reject(s, d, who)
    assert (d.kind, d.status, d.to_rank, rank(s)) == (
        "tier_up",
        DecisionStatus.APPLIED,
        after,
        after,
    )
    assert [r["code"] for r in d.reasons][-3:] == ["skip_rejected", "met", "tier_up"]
    assert d.reasons[-3]["params"] == {"kind": skip, "from": start, "to": start + 2, "by": who}
    fell_back = CareerAudit.objects.get(decision=d, action="fell_back")
    assert fell_back.details["kind"] == "tier_up"
    assert CareerAudit.objects.filter(decision=d, action="applied").count() == 1
    assert CareerDecision.objects.filter(staff=s["cm"]).count() == 1


def test_a_rejected_skip_stays_when_the_one_tier_step_is_not_met(s: dict) -> None:
    """“达到晋档要求的……自动晋升一档”: with 初级B asking 40 months at the level (the person has
    32) the step is not met, so the rejected skip leaves 初级C."""
    TierStandard.objects.filter(rank=2).update(min_months_at_level=40)
    profile(s["cm"], 1, outstanding=True)
    d = reject(s, window(s, "2026Q3", 81), "committee")
    assert (d.kind, d.status, rank(s)) == ("skip_tier", DecisionStatus.REJECTED, 1)
    assert [r["code"] for r in d.reasons][-3:] == ["skip_rejected", "stay", "next_lacks"]


def test_a_rejected_skip_after_a_breach_does_not_step_up_from_the_old_rank(s: dict) -> None:
    """The fallback belongs to the window's rank; a breach demotion since then (中级C → 初级A)
    leaves the rejection without a step up, and says so."""
    profile(s["cm"], 4, outstanding=True)
    d = window(s, "2026Q3", 90)
    do_breach_demotion(
        staff=s["cm"], by_level=False, what="代客订货", by=s["member"].user, today=date(2026, 10, 5)
    )
    d = reject(s, d, "committee")
    assert (d.status, rank(s)) == (DecisionStatus.REJECTED, 3)
    assert d.reasons[-1] == {"code": "fallback_stale", "params": {"rank": 3}}


def page(user_staff: Staff, url: str, lang: str) -> str:
    c = Client(HTTP_ACCEPT_LANGUAGE=lang)
    c.force_login(user_staff.user)
    response = c.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("lang", "texts"),
    [
        (
            "zh-hans",
            [
                "跳档初级C→初级A未获考评委员会通过",
                "自动晋升一档：初级C→初级B",
                "跳档（跳级）未获批准，按不跳档的评定执行",
                "跳档（跳级）未获批准，自动晋升一档",
            ],
        ),
        (
            "en",
            [
                "Skip a tier Junior C → Junior A not approved by the committee",
                "Up one tier automatically: Junior C → Junior B",
                "Skip not approved: decision without the skip",
                "automatic one-tier step up, the skip not approved",
            ],
        ),
    ],
)
def test_the_career_page_shows_the_fallback_and_its_reasons(
    s: dict, lang: str, texts: list[str]
) -> None:
    """Every decision is recorded with its reasons, in the reader's language: the committee
    rejects on its page, the person reads the step up and why on theirs."""
    profile(s["cm"], 1, outstanding=True)
    d = window(s, "2026Q3", 81)
    committee = page(s["member"], "/people/committee/", lang)
    pending_hint = {"zh-hans": "如未获批准：", "en": "If not approved:"}[lang]
    assert pending_hint in committee and texts[1] in committee
    c = Client(HTTP_ACCEPT_LANGUAGE=lang)
    c.force_login(s["member"].user)
    posted = c.post(
        "/people/committee/", {"action": "reject", "decision": d.pk, "reason": "贡献不足"}
    )
    assert posted.status_code == 302 and rank(s) == 2
    mine = page(s["cm"], "/people/career/", lang)
    for text in texts:
        assert text in mine


# ---- item 2 and 4b: what counts as 连续两次降级 -----------------------------------------


def test_a_breach_across_a_level_then_a_window_to_trainee_flags_reassignment(s: dict) -> None:
    """Seed 004 三、(三): “违反……规定且情节比较严重者……可即时作降档、降级处理” and
    “连续两次降级为见习……调整现工作岗位”. 中级C → 初级A by a breach in 2026Q3 is a level
    demotion; 初级A → 见习 in the 2026Q3 window (50 < 初级C 70) is the second in a row."""
    profile(s["cm"], 4)
    b = do_breach_demotion(
        staff=s["cm"], by_level=False, what="代客订货", by=s["member"].user, today=date(2026, 9, 1)
    )
    assert (b.kind, rank(s)) == ("breach_level_down", 3)
    d = window(s, "2026Q3", 50)
    assert (d.kind, d.to_rank, d.reassign) == ("level_down", 0, True)
    assert CareerProfile.objects.get(staff=s["cm"]).reassign


@pytest.mark.parametrize(
    ("windows", "reassign"),
    [
        # 中级C 60 → 初级A (level); 初级A 50 → 见习 (level) in the next window
        ([("2026Q3", 60), ("2026Q4", 50)], True),
        # a window that keeps 初级A between (81 ≥ 80, < 中级C 83)
        ([("2026Q3", 60), ("2026Q4", 81), ("2027Q1", 50)], False),
        # 2026Q4 never evaluated: the windows are not consecutive
        ([("2026Q3", 60), ("2027Q1", 50)], False),
        # a tier down between (初级A 75 → 初级B), then 初级B 50 → 见习
        ([("2026Q3", 60), ("2026Q4", 75), ("2027Q1", 50)], False),
    ],
)
def test_consecutive_level_demotions_are_in_consecutive_windows(
    s: dict, windows: list[tuple[str, float]], reassign: bool
) -> None:
    """Seed 004 三、(三)2: “连续两次降级为见习客户经理、市场管理员者，调整现工作岗位。”
    连续 is read as consecutive assessment windows with nothing in between."""
    profile(s["cm"], 4)
    decisions = [window(s, name, score) for name, score in windows]
    assert decisions[0].kind == "level_down" and decisions[-1].to_rank == 0
    assert decisions[-1].reassign is reassign
    assert CareerProfile.objects.get(staff=s["cm"]).reassign is reassign


# ---- item 3: a 见习 is never demoted ---------------------------------------------------------


def test_a_trainee_below_the_trainee_bar_stays_and_is_not_flagged(s: dict) -> None:
    """“连续两次降级为见习……”: with the committee's 见习 bar at 50, a 见习 scoring 40 in two
    windows in a row stays 见习 both times; staying is not a demotion."""
    TierStandard.objects.filter(rank=0).update(min_score=50)
    profile(s["cm"], 0)
    first, second = window(s, "2026Q3", 40), window(s, "2026Q4", 40)
    for d in (first, second):
        assert (d.kind, d.to_rank, d.reassign) == ("stay", 0, False)
        assert [r["code"] for r in d.reasons] == ["missed", "lowest_rank"]
    assert not CareerProfile.objects.get(staff=s["cm"]).reassign


# ---- item 4: unrounded scores, objections, notices ------------------------------------------


def test_a_mean_just_under_the_bar_does_not_meet_it_and_reads_under_it(s: dict) -> None:
    """“对未达到现任职级考核要求的……作降档”: (80 + 80 + 79.99) / 3 = 79.9967 misses 初级A's
    80 (but meets 初级C's 70): 初级A → 初级B, shown as 79.99, never as 80."""
    profile(s["cm"], 3)
    scores(s["cm"], ["2026-07", "2026-08"], 80)
    scores(s["cm"], ["2026-09"], 79.99)
    d = window(s, "2026Q3")
    assert (d.kind, d.to_rank, d.score) == ("tier_down", 2, 79.99)
    assert "考核均分79.99，未达到现任初级A标准80" in page(s["cm"], "/people/career/", "zh-hans")


@pytest.mark.parametrize(
    ("rulings", "applied"),
    [
        ([False], True),  # dismissed: does not block
        ([True], False),  # upheld: blocks
        ([False, True], False),  # one dismissed, one upheld
        ([False, False], True),
    ],
)
def test_only_an_upheld_objection_blocks_a_promotion(
    s: dict, rulings: list[bool], applied: bool
) -> None:
    """Seed 004 三、(二)2: “进行公示，公示期为一周，无异议后正式执行。” An objection the committee
    dismisses is no 异议 that stands; an upheld one stops the 晋级 初级A → 中级C."""
    profile(s["cm"], 3)
    d = window(s, "2026Q3", 84)
    d = do_committee_decide(
        decision=d, approve=True, reason="ok", by=s["director"].user, today=date(2026, 10, 8)
    )
    for uphold in rulings:
        obj = do_record_objection(decision=d, text="异议", by=s["mm"].user, today=date(2026, 10, 9))
        do_rule_objection(objection=obj, uphold=uphold, ruling="裁定", by=s["member"].user)
        d.refresh_from_db()
        if d.status != DecisionStatus.NOTICE:
            break
    do_close_notices(department=s["dept"], today=date(2026, 10, 15))
    assert rank(s) == (4 if applied else 3)


@pytest.mark.parametrize(
    ("start", "score", "status", "after"),
    [
        (2, 84, DecisionStatus.NOTICE, 2),  # 初级B → 中级C: a 跳级 is a 晋级, on notice
        (1, 81, DecisionStatus.APPLIED, 3),  # 初级C → 初级A: a 跳档, no notice
    ],
)
def test_level_skips_go_on_public_notice(
    s: dict, start: int, score: float, status: str, after: int
) -> None:
    """“晋级……经考评委员会评定后，进行公示，公示期为一周，无异议后正式执行。” applies to every
    晋级, a level skip included; a tier skip stays inside the level."""
    profile(s["cm"], start, outstanding=True)
    d = window(s, "2026Q3", score)
    d = do_committee_decide(
        decision=d, approve=True, reason="优秀", by=s["director"].user, today=date(2026, 10, 8)
    )
    assert (d.status, rank(s)) == (status, after)


def test_a_skip_stored_before_fallbacks_existed_still_falls_back(s: dict) -> None:
    """A pending 跳档 recorded before this change has no stored fallback: the window is
    evaluated again without the skip (初级C, 81 ≥ 初级B's 75 → 初级B)."""
    profile(s["cm"], 1, outstanding=True)
    d = window(s, "2026Q3", 81)
    CareerDecision.objects.filter(pk=d.pk).update(fallback=None)
    d = reject(s, d, "committee")
    assert (d.kind, d.status, rank(s)) == ("tier_up", DecisionStatus.APPLIED, 2)
