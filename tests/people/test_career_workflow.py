"""The ladder as a workflow: window runs, committee, notice, objections, breaches, audit."""

from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.utils import translation

from jinye.errors import Conflict, Invalid
from jinye.org.models import Role
from jinye.people.models import (
    COMMITTEE_GROUP,
    CareerAudit,
    CareerDecision,
    CareerProfile,
    DecisionStatus,
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
from tests.factories import make_area, make_staff
from tests.people.factories import profile, scores

pytestmark = pytest.mark.django_db
Q3 = ["2026-07", "2026-08", "2026-09"]


@pytest.fixture
def setup() -> dict:
    area = make_area()
    cm = make_staff(Role.CUSTOMER_MANAGER, area=area)
    director = make_staff(Role.DIRECTOR, dept=area.department)
    mm = make_staff(Role.MARKET_MANAGER, area=area)
    member = make_staff(Role.MARKET_MANAGER, area=area)
    member.user.groups.add(Group.objects.get_or_create(name=COMMITTEE_GROUP)[0])
    return {"cm": cm, "director": director, "mm": mm, "member": member, "dept": area.department}


def run(s: dict) -> CareerDecision:
    (d,) = do_run_career_window(department=s["dept"], window="2026Q3")
    return d


def on_notice(s: dict) -> CareerDecision:
    """A level-up the director approved on 8 October: on public notice until the 14th."""
    profile(s["cm"], 3)
    scores(s["cm"], Q3, 85)
    return do_committee_decide(
        decision=run(s), approve=True, reason="ok", by=s["director"].user, today=date(2026, 10, 8)
    )


def rank(s: dict) -> int:
    return CareerProfile.objects.get(staff=s["cm"]).rank


def test_tier_up_applies_at_once(setup: dict) -> None:
    profile(setup["cm"], 1)
    scores(setup["cm"], Q3, 76)
    d = run(setup)
    assert (d.kind, d.status, rank(setup)) == ("tier_up", DecisionStatus.APPLIED, 2)
    assert d.inputs["scores"] == [76, 76, 76]
    assert CareerAudit.objects.filter(decision=d, action="applied").exists()


def test_level_up_waits_for_committee_then_notice(setup: dict) -> None:
    profile(setup["cm"], 3)
    scores(setup["cm"], Q3, 85)
    d = run(setup)
    assert d.status == DecisionStatus.PENDING and rank(setup) == 3
    d = do_committee_decide(
        decision=d,
        approve=True,
        reason="成绩优良",
        by=setup["member"].user,
        today=date(2026, 10, 8),
    )
    assert d.status == DecisionStatus.NOTICE and d.notice_end == date(2026, 10, 14)
    # still on notice on its last day
    assert do_close_notices(department=setup["dept"], today=date(2026, 10, 14)) == []
    assert do_close_notices(department=setup["dept"], today=date(2026, 10, 15)) == [d]
    assert rank(setup) == 4
    assert CareerProfile.objects.get(staff=setup["cm"]).level_since is not None


def test_upheld_objection_blocks_the_promotion(setup: dict) -> None:
    d = on_notice(setup)
    obj = do_record_objection(
        decision=d, text="拜访记录造假", by=setup["mm"].user, today=date(2026, 10, 9)
    )
    # an open objection holds the promotion past the notice end
    assert do_close_notices(department=setup["dept"], today=date(2026, 10, 20)) == []
    do_rule_objection(objection=obj, uphold=True, ruling="经核实属实", by=setup["member"].user)
    d.refresh_from_db()
    assert d.status == DecisionStatus.REJECTED and "经核实属实" in d.decision_reason
    assert rank(setup) == 3


def test_dismissed_objection_lets_it_apply(setup: dict) -> None:
    d = on_notice(setup)
    obj = do_record_objection(decision=d, text="不服", by=setup["mm"].user, today=date(2026, 10, 9))
    do_rule_objection(objection=obj, uphold=False, ruling="查无实据", by=setup["director"].user)
    do_close_notices(department=setup["dept"], today=date(2026, 10, 15))
    assert rank(setup) == 4


def test_objection_after_notice_is_refused(setup: dict) -> None:
    d = on_notice(setup)
    with pytest.raises(Conflict, match="公示期") as exc:
        do_record_objection(decision=d, text="晚了", by=setup["mm"].user, today=date(2026, 10, 15))
    assert exc.value.code == "notice_ended"


def test_committee_actions_need_the_committee(setup: dict) -> None:
    profile(setup["cm"], 3)
    scores(setup["cm"], Q3, 85)
    d = run(setup)
    for outsider in (setup["mm"], setup["cm"]):
        with pytest.raises(PermissionDenied):
            do_committee_decide(decision=d, approve=True, reason="x", by=outsider.user)
        with pytest.raises(PermissionDenied):
            do_breach_demotion(staff=setup["cm"], by_level=False, what="x", by=outsider.user)


def test_committee_rejection_with_reason(setup: dict) -> None:
    profile(setup["cm"], 3)
    scores(setup["cm"], Q3, 85)
    d = run(setup)
    with pytest.raises(Invalid) as exc:
        do_committee_decide(decision=d, approve=False, reason=" ", by=setup["director"].user)
    assert (exc.value.code, exc.value.field) == ("required", "reason")
    d = do_committee_decide(
        decision=d, approve=False, reason="培训未结业", by=setup["director"].user
    )
    assert d.status == DecisionStatus.REJECTED and rank(setup) == 3


def test_skip_tier_needs_the_director_after_a_member(setup: dict) -> None:
    profile(setup["cm"], 1, outstanding=True)
    scores(setup["cm"], Q3, 81)
    d = run(setup)
    assert d.kind == "skip_tier" and d.needs_leadership
    d = do_committee_decide(decision=d, approve=True, reason="突出贡献", by=setup["member"].user)
    assert d.status == DecisionStatus.LEADERSHIP
    with pytest.raises(PermissionDenied):
        do_leadership_decide(decision=d, approve=True, reason="x", by=setup["member"].user)
    do_leadership_decide(decision=d, approve=True, reason="同意", by=setup["director"].user)
    assert rank(setup) == 3  # 初级C → 初级A, no notice for a skip inside the level
    assert not CareerProfile.objects.get(staff=setup["cm"]).outstanding


def test_missing_standard_demotes_and_second_level_drop_flags_reassignment(setup: dict) -> None:
    profile(setup["cm"], 4)
    scores(setup["cm"], Q3, 60)
    d = run(setup)
    assert (d.kind, rank(setup)) == ("level_down", 3)
    scores(setup["cm"], ["2026-10", "2026-11", "2026-12"], 50)
    (d2,) = do_run_career_window(department=setup["dept"], window="2026Q4")
    assert d2.to_rank == 0 and d2.reassign
    assert CareerProfile.objects.get(staff=setup["cm"]).reassign


def test_breach_demotes_immediately(setup: dict) -> None:
    profile(setup["cm"], 5)
    d = do_breach_demotion(
        staff=setup["cm"], by_level=False, what="代客订货", by=setup["member"].user
    )
    assert (d.kind, d.status, rank(setup)) == ("breach_tier_down", DecisionStatus.APPLIED, 4)
    assert "代客订货" in d.reason_texts[0]


def test_a_trainee_cannot_be_demoted_for_a_breach_in_either_language(setup: dict) -> None:
    profile(setup["cm"], 0)
    for language, text in (("en", "is a trainee"), ("zh-hans", "为见习")):
        with translation.override(language), pytest.raises(Invalid, match=text) as refused:
            do_breach_demotion(
                staff=setup["cm"], by_level=False, what="代客订货", by=setup["member"].user
            )
        assert refused.value.code == "cannot_demote"
        assert setup["cm"].name in str(refused.value)
    assert rank(setup) == 0


def test_missing_scores_record_no_data_and_can_be_rerun(setup: dict) -> None:
    profile(setup["cm"], 1)
    scores(setup["cm"], Q3[:2], 76)
    assert run(setup).kind == "no_data"
    scores(setup["cm"], Q3[2:], 76)
    d = run(setup)
    assert d.kind == "tier_up" and CareerDecision.objects.filter(staff=setup["cm"]).count() == 1
    kinds = [a.details.get("kind") for a in CareerAudit.objects.filter(action="evaluated")]
    assert kinds == ["no_data", "tier_up"]
    # an evaluated window is not evaluated twice
    assert do_run_career_window(department=setup["dept"], window="2026Q3") == []


def test_rank_changed_meanwhile_is_refused(setup: dict) -> None:
    d = on_notice(setup)
    CareerProfile.objects.filter(staff=setup["cm"]).update(rank=2)
    with pytest.raises(Conflict, match="不符") as exc:
        do_close_notices(department=setup["dept"], today=date(2026, 10, 15))
    assert exc.value.code == "rank_changed"
    d.refresh_from_db()
    assert d.status == DecisionStatus.NOTICE


def test_seed_standards_apply_when_none_are_stored(setup: dict) -> None:
    from jinye.people.models import TierStandard

    TierStandard.objects.all().delete()
    profile(setup["cm"], 1)
    scores(setup["cm"], Q3, 76)
    assert run(setup).kind == "tier_up"
