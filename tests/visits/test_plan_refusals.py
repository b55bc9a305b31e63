"""A month whose visits cannot all meet their frequency: the plan service refuses naming the
retailers left short, in Chinese and English, on the rules page and in the CLI (issue 23
item 5); a month that can is planned with every weekly retailer in every week."""

from collections import Counter

import pytest
from django.test import Client
from django.utils import translation
from typer.testing import CliRunner

from jinye.cli import app
from jinye.engines.stars import StarLevel
from jinye.errors import Invalid
from jinye.org.models import Role
from jinye.visits.models import PlanStop, VisitPlan, VisitSettings
from jinye.visits.services import do_generate_month_plans
from tests.factories import make_staff
from tests.visits.factories import fix_stars, make_cm_with_retailers

pytestmark = pytest.mark.django_db


def _capacity(stops: int) -> None:
    cfg = VisitSettings.current()
    cfg.daily_capacity = stops
    cfg.route_seconds = 0.01
    cfg.save()


def _weekly_month_too_full(monkeypatch, weekly: int = 37):
    """April 2027 at 12 stops a day: its first week (Thu 1 – Sat 3 Apr; the week's Thursday is
    in April, so April owns it) holds 36 stops; ``weekly`` retailers visited weekly need one
    visit each there."""
    _capacity(12)
    cm, rs = make_cm_with_retailers(weekly)
    fix_stars(monkeypatch, {r.pk: StarLevel.FOUR_1 for r in rs})
    return cm, rs


def test_the_refusal_names_the_short_retailer_and_the_full_days(monkeypatch):
    cm, rs = _weekly_month_too_full(monkeypatch)
    with translation.override("en"), pytest.raises(Invalid) as english:
        do_generate_month_plans(department=cm.department, month="2027-04")
    assert english.value.code == "plan_impossible"
    head, *short = [str(p) for p in english.value.problems]
    assert head.startswith(f"{cm.name} ({cm.employee_no}): No plan meets every retailer")
    assert "1 of the 185 visits due cannot be placed" in head
    assert "3 working days these visits could use (2027-04-01 to 2027-04-03) are full" in head
    assert len(short) == 1
    licences = {f"{r.licence_no} {r.name}" for r in rs}
    named, detail = short[0].split(": ", 1)
    assert named in licences
    assert detail == "1 of 1 visits from 2027-04-01 to 2027-04-03 cannot be placed."
    assert not VisitPlan.objects.exists() and not PlanStop.objects.exists()


def test_the_refusal_reads_in_chinese(monkeypatch):
    cm, _ = _weekly_month_too_full(monkeypatch)
    with translation.override("zh-hans"), pytest.raises(Invalid) as chinese:
        do_generate_month_plans(department=cm.department, month="2027-04")
    head, short = [str(p) for p in chinese.value.problems]
    assert "应拜访 185 次，其中 1 次无法安排" in head
    assert "3 个工作日（2027-04-01 至 2027-04-03）已全部排满" in head
    assert short.endswith("：2027-04-01 至 2027-04-03 应拜访 1 次，缺 1 次。")


def test_many_short_retailers_are_listed_up_to_twenty_then_counted(monkeypatch):
    cm, _ = _weekly_month_too_full(monkeypatch, weekly=36 + 23)
    with translation.override("en"), pytest.raises(Invalid) as english:
        do_generate_month_plans(department=cm.department, month="2027-04")
    lines = [str(p) for p in english.value.problems]
    assert "23 of the 295 visits due cannot be placed" in lines[0]
    assert len(lines) == 1 + 20 + 1
    assert lines[-1] == "…and 3 more shortfalls."


def test_the_rules_page_shows_the_refusal_as_messages(monkeypatch):
    cm, _ = _weekly_month_too_full(monkeypatch)
    director = make_staff(Role.DIRECTOR, dept=cm.department)
    c = Client()
    c.force_login(director.user)
    resp = c.post(
        "/visits/rules/",
        {"action": "generate", "m-month": "2027-04"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert resp.status_code == 200
    shown = [str(m) for m in resp.context["messages"]]
    assert len(shown) == 2
    assert "其中 1 次无法安排" in shown[0] and "缺 1 次" in shown[1]
    assert "其中 1 次无法安排" in resp.content.decode()
    assert not VisitPlan.objects.exists()


def test_the_cli_prints_the_refusal_and_exits_2(monkeypatch):
    _weekly_month_too_full(monkeypatch)
    monkeypatch.setattr("jinye.clikit.setup_django", lambda: None)
    monkeypatch.setattr("jinye.visits.cli.setup_django", lambda: None)
    result = CliRunner().invoke(app, ["plan-visits", "--month", "2027-04"])
    assert result.exit_code == 2, result.output
    assert "无法安排" in result.output and "缺 1 次" in result.output
    assert "Traceback" not in result.output


def test_a_nearly_full_month_gives_every_weekly_retailer_every_week(monkeypatch):
    """The issue's month: 12 stops a day, March 2027, 94% load (305 of 324 stops)."""
    _capacity(12)
    cm, rs = make_cm_with_retailers(121)
    stars = [StarLevel.FOUR_1] * 25 + [StarLevel.THREE] * 26 + [StarLevel.TWO] * 6
    fix_stars(
        monkeypatch,
        {r.pk: s for r, s in zip(rs, stars, strict=False)} | {r.pk: StarLevel.ONE for r in rs[57:]},
    )
    do_generate_month_plans(department=cm.department, month="2027-03")
    stops = list(PlanStop.objects.filter(plan_day__plan__staff=cm).select_related("plan_day"))
    # March owns ISO weeks 9–12; 29–31 Mar belong to week 13, whose Thursday is 1 April.
    assert len(stops) == 25 * 4 + 26 * 4 + 6 * 2 + 64
    assert max(Counter(s.plan_day.day for s in stops).values()) <= 12
    weeks = Counter((s.retailer_id, s.plan_day.day.isocalendar()[1]) for s in stops)
    for r in rs[:25]:
        assert [weeks[(r.pk, w)] for w in range(9, 14)] == [1, 1, 1, 1, 0]
