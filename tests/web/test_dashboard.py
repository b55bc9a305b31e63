"""Dashboard figures against hand-computed values on a constructed data set."""

from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from jinye.orders import selectors
from jinye.org.models import Role
from tests.factories import make_area, make_order, make_retailer, make_sku, make_staff

# Latest order on Wed 2026-11-18 → its week starts Mon 2026-11-16; last full week 2026-11-09.
pytestmark = pytest.mark.django_db

W = date(2026, 11, 9)


def login(client: Client, staff) -> Client:  # type: ignore[no-untyped-def]
    client.force_login(staff.user)
    return client


@pytest.fixture
def world(dept):  # type: ignore[no-untyped-def]
    area1, area2 = make_area(dept), make_area(dept)
    cm1 = make_staff(Role.CUSTOMER_MANAGER, area=area1)
    cm2 = make_staff(Role.CUSTOMER_MANAGER, area=area1)
    cm3 = make_staff(Role.CUSTOMER_MANAGER, area=area2)
    mm1 = make_staff(Role.MARKET_MANAGER, area=area1)
    director = make_staff(Role.DIRECTOR, dept=dept)
    hi = make_sku(wholesale="120.00", transfer="100.00")  # class 1
    lo = make_sku(wholesale="20.00", transfer="17.00")  # class 4
    r1 = make_retailer(manager=cm1)
    r2 = make_retailer(manager=cm2, status="suspended")
    r3 = make_retailer(manager=cm3)
    # Week W: r1 500 条 hi (60,000 元) + 250 条 lo (5,000); r2 250 hi (30,000); r3 1000 lo (20,000)
    make_order(r1, [(hi, 500), (lo, 250)], on=W + timedelta(days=1))
    make_order(r2, [(hi, 250)], on=W + timedelta(days=2))
    make_order(r3, [(lo, 1000)], on=W + timedelta(days=4))
    # Cancelled in week W: must not count.
    make_order(r1, [(hi, 9999)], on=W + timedelta(days=3), status="cancelled")
    # Previous week: r1 250 hi (30,000 元)
    make_order(r1, [(hi, 250)], on=W - timedelta(days=5))
    # Same week last year (W - 52 weeks): r1 125 hi (15,000 元)
    make_order(r1, [(hi, 125)], on=W - timedelta(weeks=52))
    # Current (partial) week: r1 50 lo, sets the reference but is not "last full week".
    make_order(r1, [(lo, 50)], on=date(2026, 11, 18))
    return {
        "cm1": cm1,
        "cm2": cm2,
        "cm3": cm3,
        "mm1": mm1,
        "director": director,
        "r1": r1,
        "r2": r2,
        "r3": r3,
    }


def test_last_full_week_is_before_latest_orders_week(world):  # type: ignore[no-untyped-def]
    assert selectors.last_full_week() == W


@pytest.mark.django_db
def test_last_full_week_none_without_orders():
    assert selectors.last_full_week() is None


def test_director_figures(client, world):  # type: ignore[no-untyped-def]
    resp = login(client, world["director"]).get(reverse("home"))
    assert resp.status_code == 200
    ctx = resp.context
    assert ctx["retailer_total"] == 3 and ctx["retailer_open"] == 2
    # Week W: 500+250+250+1000 = 2000 条 = 8.0 箱; 60,000+5,000+30,000+20,000 = 115,000 元
    assert ctx["this"].cartons == 2000
    assert ctx["cases"] == "8.0"
    assert ctx["revenue"] == "115,000.00"
    # vs previous week: 250 条 → +700%; 30,000 → +283.3%
    assert ctx["cases_wow"] == "+700.0%"
    assert ctx["revenue_wow"] == "+283.3%"
    # vs last year: 125 条 → +1500%; 15,000 → +666.7%
    assert ctx["cases_yoy"] == "+1500.0%"
    assert ctx["revenue_yoy"] == "+666.7%"
    chart = ctx["chart"]
    assert len(chart["weeks"]) == 52 and chart["weeks"][-1] == W.isoformat()
    assert chart["cases"][-1] == 8.0 and chart["cases"][-2] == 1.0
    # Structure over the last 4 weeks: class 1 = 500+250+250 = 1000 条 = 4 箱; class 4 = 1250 = 5
    shares = {d["name"]: d["value"] for d in chart["structure"]}
    assert list(shares.values()) == [4.0, 0, 0, 5.0, 0]
    html = resp.content.decode()
    assert "115,000.00" in html and "2026-11-09" in html and "2026-11-15" in html
    assert 'id="dashboard-data"' in html


def test_customer_manager_sees_only_own(client, world):  # type: ignore[no-untyped-def]
    ctx = login(client, world["cm1"]).get(reverse("home")).context
    assert ctx["retailer_total"] == 1
    # r1 only, week W: 750 条, 65,000 元; cancelled 9,999 excluded
    assert ctx["this"].cartons == 750
    assert ctx["revenue"] == "65,000.00"
    assert ctx["cases"] == "3.0"


def test_market_manager_sees_area(client, world):  # type: ignore[no-untyped-def]
    ctx = login(client, world["mm1"]).get(reverse("home")).context
    assert ctx["retailer_total"] == 2 and ctx["retailer_open"] == 1
    assert ctx["this"].cartons == 1000  # r1 750 + r2 250


def test_no_change_when_base_week_empty(client, world):  # type: ignore[no-untyped-def]
    ctx = login(client, world["cm3"]).get(reverse("home")).context
    assert ctx["this"].cartons == 1000
    assert ctx["cases_wow"] == "—" and ctx["cases_yoy"] == "—"


@pytest.mark.django_db
def test_anonymous_redirected_to_login(client):  # type: ignore[no-untyped-def]
    for url in (reverse("home"), reverse("retailers:list"), reverse("retailers:detail", args=[1])):
        resp = client.get(url)
        assert resp.status_code == 302
        assert resp["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_login_page_and_login(client):  # type: ignore[no-untyped-def]
    staff = make_staff(Role.DIRECTOR, username="boss")
    page = client.get(reverse("login"))
    assert page.status_code == 200 and "登录" in page.content.decode()
    bad = client.post(reverse("login"), {"username": "boss", "password": "nope"})
    assert bad.status_code == 200 and "密码" in bad.content.decode()
    ok = client.post(reverse("login"), {"username": "boss", "password": "pw-12345678"})
    assert ok.status_code == 302 and ok["Location"] == reverse("home")
    assert staff.name in client.get(reverse("home")).content.decode()


def test_english_via_language_switch(client, world):  # type: ignore[no-untyped-def]
    login(client, world["director"])
    assert "Open retailers" not in client.get(reverse("home")).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("home")).content.decode()
    assert "Open retailers" in html and "Last full week" in html


def test_number_formats():
    from decimal import Decimal

    from jinye.orders.views import fmt_cases, fmt_int, fmt_money, fmt_pct

    assert fmt_int(1234567) == "1,234,567"
    assert fmt_cases(312_625) == "1,250.5"  # 312,625 条 / 250
    assert fmt_money(Decimal("1234567.5")) == "1,234,567.50"
    assert fmt_pct(-2.345) == "-2.3%" and fmt_pct(None) == "—"
