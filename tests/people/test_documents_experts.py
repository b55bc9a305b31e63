"""135 documents (draft → edit → submit → review) and the four experts."""

from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied

from jinye.errors import Conflict, Invalid
from jinye.org.models import Role
from jinye.people.documents import (
    do_draft_document,
    do_edit_document,
    do_review_document,
    do_submit_document,
)
from jinye.people.experts import do_choose_expert, do_rank_experts
from jinye.people.models import COMMITTEE_GROUP, DocState, ExpertNomination
from jinye.people.services import do_compute_kpis
from tests.factories import make_area, make_retailer, make_sku, make_staff
from tests.people.factories import plan, sell, set_target, visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> dict:
    area = make_area()
    cm = make_staff(Role.CUSTOMER_MANAGER, area=area)
    cm2 = make_staff(Role.CUSTOMER_MANAGER, area=area)
    mm = make_staff(Role.MARKET_MANAGER, area=area)
    other_mm = make_staff(Role.MARKET_MANAGER)
    director = make_staff(Role.DIRECTOR, dept=area.department)
    sku = make_sku()
    rs = [make_retailer(manager=cm) for _ in range(3)]
    make_retailer(manager=cm2)
    set_target(cm, 2026, 11, 2)
    sell(rs[0], sku, 300, date(2026, 11, 3))
    sell(rs[1], sku, 100, date(2026, 10, 3))
    stops = plan(cm, [(date(2026, 11, 2), rs[0]), (date(2026, 11, 3), rs[1])])
    visit(cm, rs[0], date(2026, 11, 2), stop=stops[0], guidance=True, info=[(sku, 12)])
    visit(cm, rs[2], date(2026, 11, 4), complaints="价格不稳", observations="竞品促销")
    return locals()


def test_monthly_summary_follows_the_seed_structure(world: dict) -> None:
    do_compute_kpis(department=world["cm"].department, month="2026-11")
    doc = do_draft_document(
        staff=world["cm"], kind="monthly_summary", period="2026-11", by=world["cm"].user
    )
    for part in (
        "一、销售情况",
        "二、行动报告",
        "三、市场情况",
        "四、下月工作打算",
        "五、工作自我评价",
    ):
        assert part in doc.body
    assert (
        "本月销量1.20箱" in doc.body and "目标1.00箱" in doc.body
    )  # the area's 2 cases split evenly
    assert "价格不稳" in doc.body and "考核得分" in doc.body
    assert doc.data["sold_cartons"] == 300 and doc.data["visits"] == 2


def test_monthly_plan_breaks_down_to_retailers(world: dict) -> None:
    doc = do_draft_document(
        staff=world["cm"], kind="monthly_plan", period="2026-11", by=world["cm"].user
    )
    plans = [r["plan"] for r in doc.data["retailers"]]
    assert plans == [0, 250, 0]  # cm's 1 case, all to the one retailer that sold in October
    assert "四、分解到户" in doc.body


def test_weekly_documents(world: dict) -> None:
    arr = do_draft_document(
        staff=world["cm"], kind="weekly_arrangement", period="2026-11-02", by=world["cm"].user
    )
    assert "周一（11-02）：1户" in arr.body
    summ = do_draft_document(
        staff=world["cm"], kind="weekly_summary", period="2026-11-02", by=world["cm"].user
    )
    assert summ.data["planned"] == 2 and summ.data["done_planned"] == 1


def test_bad_period_is_named(world: dict) -> None:
    with pytest.raises(Invalid, match="不是周一"):
        do_draft_document(
            staff=world["cm"], kind="weekly_summary", period="2026-11-03", by=world["cm"].user
        )
    with pytest.raises(Invalid, match="YYYY-MM"):
        do_draft_document(
            staff=world["cm"], kind="monthly_plan", period="2026/11", by=world["cm"].user
        )


def test_workflow_and_access(world: dict) -> None:
    cm, cm2, mm = world["cm"], world["cm2"], world["mm"]
    with pytest.raises(PermissionDenied):
        do_draft_document(staff=cm, kind="monthly_plan", period="2026-11", by=cm2.user)
    doc = do_draft_document(staff=cm, kind="monthly_plan", period="2026-11", by=cm.user)
    with pytest.raises(PermissionDenied):
        do_edit_document(doc=doc, body="改", by=cm2.user)
    do_edit_document(doc=doc, body="我的计划", by=cm.user)
    with pytest.raises(Conflict) as exc:
        do_review_document(doc=doc, comment="好", by=mm.user)  # not submitted yet
    assert exc.value.code == "not_submitted"
    do_submit_document(doc=doc, by=cm.user)
    with pytest.raises(Conflict) as exc:
        do_edit_document(doc=doc, body="再改", by=cm.user)
    assert exc.value.code == "not_draft"
    with pytest.raises(PermissionDenied):
        do_review_document(doc=doc, comment="好", by=world["other_mm"].user)
    with pytest.raises(PermissionDenied):
        do_review_document(doc=doc, comment="好", by=cm.user)
    do_review_document(doc=doc, comment="目标分解偏粗，请细化", send_back=True, by=mm.user)
    assert doc.state == DocState.DRAFT
    do_edit_document(doc=doc, body="细化后的计划", by=cm.user)
    do_submit_document(doc=doc, by=cm.user)
    do_review_document(doc=doc, comment="同意", by=world["director"].user)
    assert doc.state == DocState.REVIEWED and doc.review_comment == "同意"
    with pytest.raises(Conflict, match="不能重新起草"):
        do_draft_document(staff=cm, kind="monthly_plan", period="2026-11", by=cm.user)


def test_experts_ranked_and_chosen(world: dict) -> None:
    dept = world["cm"].department
    do_compute_kpis(department=dept, month="2026-11")
    assert do_rank_experts(department=dept, quarter="2026Q4") == 8
    info = ExpertNomination.objects.get(quarter="2026Q4", field="information", rank=1)
    assert info.staff == world["cm"] and info.evidence["records"] == 2
    with pytest.raises(PermissionDenied):
        do_choose_expert(
            department=dept,
            quarter="2026Q4",
            field="information",
            staff=world["cm"],
            reason="x",
            by=world["mm"].user,
        )
    member = world["mm"]
    member.user.groups.add(Group.objects.get_or_create(name=COMMITTEE_GROUP)[0])
    e = do_choose_expert(
        department=dept,
        quarter="2026Q4",
        field="information",
        staff=world["cm"],
        reason="信息采集最多",
        by=member.user,
    )
    assert e.staff == world["cm"]
    with pytest.raises(Invalid, match="候选"):
        do_choose_expert(
            department=dept,
            quarter="2026Q3",
            field="information",
            staff=world["cm"],
            reason="x",
            by=member.user,
        )


def test_drafts_read_in_the_drafters_language(world: dict) -> None:
    import re

    from django.utils.translation import override

    from jinye.catalog.models import Sku
    from jinye.people.drafting import draft
    from jinye.retailers.models import Retailer

    cm = world["cm"]
    do_compute_kpis(department=cm.department, month="2026-11")
    names = [cm.name, "价格不稳", *Retailer.objects.values_list("name", flat=True)]
    names += list(Sku.objects.values_list("name", flat=True))
    cjk = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
    kinds = [
        ("monthly_plan", "2026-11"),
        ("monthly_summary", "2026-11"),
        ("monthly_summary", "2026-12"),
        ("weekly_arrangement", "2026-11-02"),
        ("weekly_summary", "2026-11-02"),
    ]
    for kind, period in kinds:
        with override("en"):
            text, _data = draft(cm, kind, period)
        for name in sorted(names, key=len, reverse=True):
            text = text.replace(name, "")
        assert not cjk.search(text), text
    with override("zh-hans"):
        arrangement, _data = draft(cm, "weekly_arrangement", "2026-11-02")
        summary, _data = draft(cm, "monthly_summary", "2026-11")
    assert "周一（11-02）：1户：" in arrangement
    assert "本月销量1.20箱，目标1.00箱，完成目标的120.0%，超额完成。" in summary
    assert "预测准确率：暂无数据" in summary
