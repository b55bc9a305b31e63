"""Pages render in Chinese and keep each reader to their scope."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from jinye.org.models import Role
from jinye.people.documents import do_draft_document, do_submit_document
from jinye.people.models import COMMITTEE_GROUP, CareerDecision, DecisionStatus
from jinye.people.services import do_compute_kpis, do_run_career_window
from tests.factories import make_area, make_retailer, make_staff
from tests.people.factories import profile, scores

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> dict:
    area, other_area = make_area(), None
    cm = make_staff(Role.CUSTOMER_MANAGER, area=area)
    cm2 = make_staff(Role.CUSTOMER_MANAGER, area=area)
    other_area = make_area(area.department)
    far = make_staff(Role.CUSTOMER_MANAGER, area=other_area)
    mm = make_staff(Role.MARKET_MANAGER, area=area)
    director = make_staff(Role.DIRECTOR, dept=area.department)
    for m in (cm, cm2, far):
        make_retailer(manager=m)
    do_compute_kpis(department=area.department, month="2026-11")
    return locals()


def client(staff) -> Client:  # type: ignore[no-untyped-def]
    c = Client()
    c.force_login(staff.user)
    return c


def test_customer_manager_sees_only_own_kpis(world: dict) -> None:
    c = client(world["cm"])
    r = c.get("/people/kpis/?month=2026-11")
    assert r.status_code == 302 and r["Location"].endswith(f"/people/kpis/{world['cm'].pk}/")
    page = c.get(f"/people/kpis/{world['cm'].pk}/?month=2026-11").content.decode()
    assert "加权得分" in page and "暂无数据" in page  # forecast accuracy has no source yet
    assert c.get(f"/people/kpis/{world['cm2'].pk}/?month=2026-11").status_code == 404


def test_market_manager_sees_their_area_ranking(world: dict) -> None:
    page = client(world["mm"]).get("/people/kpis/?month=2026-11").content.decode()
    assert world["cm"].name in page and world["cm2"].name in page
    assert world["far"].name not in page
    assert "echarts-5.6.0.min.js" in page


def test_director_sees_the_department_and_computes(world: dict) -> None:
    c = client(world["director"])
    page = c.get("/people/kpis/?month=2026-11").content.decode()
    assert world["far"].name in page
    assert c.post("/people/kpis/", {"month": "2026-11"}).status_code == 302
    assert client(world["mm"]).post("/people/kpis/", {"month": "2026-11"}).status_code == 403


def test_bad_month_is_404(world: dict) -> None:
    assert client(world["director"]).get("/people/kpis/?month=2026-13").status_code == 404


def test_career_page_shows_the_gap(world: dict) -> None:
    profile(world["cm"], 3)
    page = client(world["cm"]).get("/people/career/").content.decode()
    assert "初级A" in page and "中级C" in page
    assert client(world["cm"]).get(f"/people/career/{world['cm2'].pk}/").status_code == 404


def test_committee_actions_need_the_committee(world: dict) -> None:
    profile(world["cm"], 3)
    scores(world["cm"], ["2026-07", "2026-08", "2026-09"], 85)
    do_run_career_window(department=world["cm"].department, window="2026Q3")
    d = CareerDecision.objects.get(staff=world["cm"])
    mm = client(world["mm"])
    page = mm.get("/people/committee/").content.decode()
    assert "待决定的晋升" not in page  # not a member: only the public notices
    resp = mm.post("/people/committee/", {"action": "approve", "decision": d.pk, "reason": "x"})
    assert resp.status_code == 403
    world["mm"].user.groups.add(Group.objects.get_or_create(name=COMMITTEE_GROUP)[0])
    assert "待决定的晋升" in mm.get("/people/committee/").content.decode()
    mm.post("/people/committee/", {"action": "approve", "decision": d.pk, "reason": "成绩好"})
    d.refresh_from_db()
    assert d.status == DecisionStatus.NOTICE
    # anyone may object during the notice
    resp = client(world["cm2"]).post(
        "/people/committee/", {"action": "objection", "decision": d.pk, "text": "有异议"}
    )
    assert resp.status_code == 302 and d.objections.count() == 1


def test_committee_error_names_the_field(world: dict) -> None:
    profile(world["cm"], 3)
    scores(world["cm"], ["2026-07", "2026-08", "2026-09"], 85)
    do_run_career_window(department=world["cm"].department, window="2026Q3")
    d = CareerDecision.objects.get(staff=world["cm"])
    c = client(world["director"])
    page = c.post(
        "/people/committee/", {"action": "approve", "decision": d.pk, "reason": ""}, follow=True
    ).content.decode()
    assert "reason" in page and "请填写决定理由" in page


def test_documents_scope_and_review(world: dict) -> None:
    cm = client(world["cm"])
    resp = cm.post("/people/docs/", {"kind": "monthly_summary", "period": "2026-11"})
    assert resp.status_code == 302
    doc = world["cm"].work_documents.get()
    assert "一、销售情况" in cm.get(f"/people/docs/{doc.pk}/").content.decode()
    assert client(world["cm2"]).get(f"/people/docs/{doc.pk}/").status_code == 404
    assert (
        f"/people/docs/{doc.pk}/" not in client(world["far"]).get("/people/docs/").content.decode()
    )
    cm.post(f"/people/docs/{doc.pk}/", {"action": "submit"})
    client(world["mm"]).post(f"/people/docs/{doc.pk}/", {"action": "review", "comment": "好"})
    doc.refresh_from_db()
    assert doc.state == "reviewed" and doc.review_comment == "好"


def test_bad_period_message(world: dict) -> None:
    page = (
        client(world["cm"])
        .post("/people/docs/", {"kind": "weekly_summary", "period": "2026-11-03"}, follow=True)
        .content.decode()
    )
    assert "period" in page and "不是周一" in page


def test_market_manager_cannot_draft(world: dict) -> None:
    resp = client(world["mm"]).post("/people/docs/", {"kind": "monthly_plan", "period": "2026-11"})
    assert resp.status_code == 403


def test_other_pages_render(world: dict) -> None:
    c = client(world["director"])
    doc = do_draft_document(
        staff=world["cm"], kind="monthly_plan", period="2026-11", by=world["cm"].user
    )
    do_submit_document(doc=doc, by=world["cm"].user)
    for url in (
        "/people/experts/?quarter=2026Q4",
        "/people/docs/",
        f"/people/daily/{world['cm'].pk}/?month=2026-11",
        "/people/committee/",
        f"/people/career/{world['cm'].pk}/",
    ):
        assert c.get(url).status_code == 200, url
    assert "四个专家" in c.get("/people/experts/").content.decode()


def test_profile_form_names_bad_fields_and_needs_committee(world: dict) -> None:
    url = f"/people/career/{world['cm'].pk}/profile/"
    good = {
        "rank": "2",
        "in_post_since": "2024-01-01",
        "level_since": "2025-01-01",
        "education": "2",
        "training_passed": "on",
    }
    assert client(world["mm"]).post(url, good).status_code == 403
    director = client(world["director"])
    page = director.post(url, {**good, "level_since": "2025/01/01"}, follow=True).content.decode()
    assert "level_since:" not in page
    assert "现级别起始日期: " in page and "YYYY-MM-DD" in page
    director.post(url, good)
    assert world["cm"].career.rank == 2
    page = director.get(f"/people/career/{world['cm'].pk}/").content.decode()
    assert "初级B" in page and "建立档案" in page


def test_experts_page_ranks_and_chooses(world: dict) -> None:
    director = client(world["director"])
    director.post("/people/experts/?quarter=2026Q4", {"action": "rank"})
    page = director.get("/people/experts/?quarter=2026Q4").content.decode()
    assert world["cm"].name in page
    director.post(
        "/people/experts/?quarter=2026Q4",
        {"field": "brand", "staff": world["cm"].pk, "reason": "品规最多"},
    )
    assert "品规最多" in director.get("/people/experts/?quarter=2026Q4").content.decode()
    resp = client(world["mm"]).post("/people/experts/?quarter=2026Q4", {"action": "rank"})
    assert resp.status_code == 403


def test_director_changes_kpi_weights(world: dict) -> None:
    from jinye.people.forms import KpiSettingsForm
    from jinye.people.models import KpiSettings

    row = KpiSettings.objects.get(department=world["cm"].department)
    data = {name: field.initial for name, field in KpiSettingsForm(instance=row).fields.items()}
    data.update({k: getattr(row, k) for k in data})
    director = client(world["director"])
    resp = director.post("/people/kpis/", {**data, "action": "settings", "w_sales": "50"})
    assert resp.status_code == 302
    row.refresh_from_db()
    assert row.w_sales == 50
    zero = {k: 0 for k in data if k.startswith("w_")}
    page = director.post(
        "/people/kpis/", {**data, **zero, "action": "settings"}, follow=True
    ).content.decode()
    assert "至少一项须大于0" in page
    resp = client(world["mm"]).post("/people/kpis/", {**data, "action": "settings"})
    assert resp.status_code == 403
