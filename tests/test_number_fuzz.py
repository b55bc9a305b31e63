"""Every form field and query parameter that reads a number (issue 15 items 1 and 9), fed
unicode digits, huge and negative numbers and long strings: the answer is never a 5xx, and a
stored value is always within its domain limit (jinye.limits)."""

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db.models import Max
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jinye import limits
from jinye.forecasts.models import CollectedForecast
from jinye.forecasts.services import Entry, do_enter_forecasts, do_open_round
from jinye.org.models import Role, Staff
from jinye.supply.models import Allowance, MonthlyQuota
from jinye.targets import services as targets
from jinye.targets.models import StockCount
from jinye.visits.models import VisitSkuInfo
from tests.factories import make_staff
from tests.supply.factories import World, make_world

pytestmark = pytest.mark.django_db

FULL_WIDTH = str.maketrans("0123456789-", "０１２３４５６７８９－")

NUMBERS = st.one_of(
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.integers(min_value=-(10**25), max_value=10**25).map(lambda n: str(n).translate(FULL_WIDTH)),
    st.text(st.characters(categories=["Nd", "No", "Nl"]), min_size=1, max_size=6),
    st.text(max_size=300),
    st.sampled_from(["①", "²", "1²", "9" * 25, "1e5", "NaN", "Infinity", "0x10", "", " "]),
)


@dataclass
class Place:
    world: World
    director: Staff
    pages: dict[str, Callable[[Client, str], object]]


def _place() -> Place:
    world = make_world(on=timezone.localdate())
    dept = world.retailer.area.department
    director = make_staff(Role.DIRECTOR, dept=dept)
    quota, allowance = MonthlyQuota.objects.get(), Allowance.objects.get()
    rnd = do_open_round(
        department=dept,
        month=date(2027, 1, 1),
        sku_ids=[world.plain.pk],
        deadline=timezone.now() + timedelta(days=5),
        scope="all",
    )
    do_enter_forecasts(
        round=rnd, user=world.manager.user, entries=[Entry(world.retailer.pk, world.plain.pk, 3)]
    )
    forecast = CollectedForecast.objects.get()
    survey = targets.do_create_survey(
        department=dept, name="全采", taken_on=date(2026, 11, 30), sample_share=Decimal(1), seed=1
    )
    shop, sku = world.retailer, world.plain
    visit_form = {
        "checked_in_at": "2026-11-02T09:30",
        "retailer": str(shop.pk),
        "sku-TOTAL_FORMS": "1",
        "sku-INITIAL_FORMS": "0",
        "sku-MIN_NUM_FORMS": "0",
        "sku-MAX_NUM_FORMS": "30",
        "sku-0-sku": str(sku.pk),
    }
    run = allowance.run_id
    pages: dict[str, Callable[[Client, str], object]] = {
        "quota ceiling": lambda c, v: c.post(
            f"/supply/quotas/{quota.pk}/adjust/", {"ceiling": v, "reason": "r"}
        ),
        "allowance": lambda c, v: c.post(
            f"/supply/runs/{run}/allowances/{allowance.pk}/adjust/", {"quantity": v, "reason": "r"}
        ),
        "committee decision": lambda c, v: c.post(
            "/people/committee/", {"action": "approve", "decision": v, "reason": "r"}
        ),
        "forecast correction": lambda c, v: c.post(
            f"/forecasts/round/{rnd.pk}/review/", {"forecast": forecast.pk, "qty": v, "reason": "r"}
        ),
        "forecast id": lambda c, v: c.post(
            f"/forecasts/round/{rnd.pk}/review/", {"forecast": v, "qty": "1"}
        ),
        "annual target": lambda c, v: c.post(
            "/targets/", {"year": "2027", "volume_cases": v, "revenue": v, "basis": "even"}
        ),
        "month target": lambda c, v: c.post(
            "/targets/?year=2027", {"cell": v, "volume_cases": v, "revenue": v}
        ),
        "area query": lambda c, v: c.get("/retailers/", {"area": v, "manager": v}),
        "export query": lambda c, v: c.get("/data/export/retailers/", {"area": v}),
        "targets year": lambda c, v: c.get("/targets/", {"year": v, "quarter": v}),
        "quota month": lambda c, v: c.get("/supply/quotas/", {"month": v}),
        "report month": lambda c, v: c.get("/reports/", {"month": v}),
    }
    manager_pages: dict[str, Callable[[Client, str], object]] = {
        "stock count": lambda c, v: c.post(
            f"/targets/surveys/{survey.pk}/retailers/{shop.pk}/", {f"sku-{sku.pk}": v}
        ),
        "forecast entry": lambda c, v: c.post(
            f"/forecasts/round/{rnd.pk}/retailer/{shop.pk}/", {f"sku_{sku.pk}": v}
        ),
        "demand": lambda c, v: c.post(
            "/supply/demands/new/",
            {"retailer": shop.licence_no, "sku": [sku.code], "quantity": [v]},
        ),
        "order demand record": lambda c, v: c.post(
            "/supply/orders/new/",
            {"retailer": shop.licence_no, "demand": v, "sku": [sku.code], "quantity": [v]},
        ),
        "visit stock": lambda c, v: c.post(
            "/visits/log/", {**visit_form, "sku-0-stock": v, "sku-0-retail_price": v}
        ),
        "visit retailer": lambda c, v: c.get("/visits/log/", {"retailer": v}),
    }
    return Place(world, director, {**pages, **{f"cm {k}": p for k, p in manager_pages.items()}})


@pytest.fixture
def place() -> Place:
    return _place()


@settings(
    max_examples=150,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_no_number_field_answers_5xx_or_stores_beyond_its_limit(place: Place, data) -> None:  # type: ignore[no-untyped-def]
    name = data.draw(st.sampled_from(sorted(place.pages)), label="field")
    value = data.draw(NUMBERS, label="value")
    client = Client()
    staff = place.world.manager if name.startswith("cm ") else place.director
    client.force_login(staff.user)
    response = place.pages[name](client, value)
    assert response.status_code < 500  # type: ignore[attr-defined]
    biggest = {
        "quota": MonthlyQuota.objects.aggregate(m=Max("ceiling"))["m"],
        "allowance": Allowance.objects.aggregate(m=Max("quantity"))["m"],
        "forecast": CollectedForecast.objects.aggregate(m=Max("qty"))["m"],
        "stock": StockCount.objects.aggregate(m=Max("cartons"))["m"],
        "seen": VisitSkuInfo.objects.aggregate(m=Max("stock"))["m"],
    }
    assert (biggest["quota"] or 0) <= limits.MONTH_TOTAL.high
    assert (biggest["allowance"] or 0) <= limits.ALLOWANCE.high
    assert (biggest["forecast"] or 0) <= limits.FORECAST.high
    assert (biggest["stock"] or 0) <= limits.STOCK.high
    assert (biggest["seen"] or 0) <= limits.STOCK.high


JSON_NUMBERS = st.one_of(
    NUMBERS,
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    st.none(),
    st.booleans(),
)


@settings(
    max_examples=120,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_no_api_number_answers_5xx_or_stores_beyond_its_limit(place: Place, data) -> None:  # type: ignore[no-untyped-def]
    world = place.world
    value = data.draw(JSON_NUMBERS, label="value")
    which = data.draw(st.sampled_from(["order", "demand", "visit", "price", "week"]), label="field")
    at = (timezone.localtime() - timedelta(days=1)).isoformat()
    line = {"sku": world.plain.code, "quantity": value}
    requests = {
        "order": ("/api/v1/orders", {"retailer": world.retailer.licence_no, "lines": [line]}),
        "demand": (
            "/api/v1/orders",
            {"retailer": world.retailer.licence_no, "lines": [line], "demand_record": value},
        ),
        "visit": (
            "/api/v1/visits",
            {
                "visits": [
                    {
                        "retailer": world.retailer.licence_no,
                        "checked_in_at": at,
                        "skus": [{"sku": world.plain.code, "stock": value}],
                    }
                ]
            },
        ),
        "price": (
            "/api/v1/visits",
            {
                "visits": [
                    {
                        "retailer": world.retailer.licence_no,
                        "checked_in_at": at,
                        "skus": [{"sku": world.plain.code, "stock": 1, "retail_price": value}],
                    }
                ]
            },
        ),
    }
    client = Client()
    client.force_login(world.manager.user if which in ("visit", "price") else world.clerk.user)
    if which == "week":
        response = client.get(
            f"/api/v1/retailers/{world.retailer.licence_no}/allowance", {"week": str(value)}
        )
    else:
        url, body = requests[which]
        response = client.post(url, json.dumps(body), content_type="application/json")
    assert response.status_code < 500
    if response.status_code >= 400:
        assert response.json()["errors"][0]["message"]  # a sentence, not pydantic's list
    assert (VisitSkuInfo.objects.aggregate(m=Max("stock"))["m"] or 0) <= limits.STOCK.high


def _settings_posts(place: Place) -> dict[str, Callable[[Client, str, str], object]]:
    """The settings forms (visit plans, KPIs, ratings): every field of the current settings
    posted back with one field replaced by the drawn value."""
    from django.forms.models import model_to_dict

    from jinye.people.forms import KpiSettingsForm
    from jinye.people.services import kpi_settings
    from jinye.ratings.forms import SettingsForm
    from jinye.ratings.selectors import rating_settings
    from jinye.visits.forms import VisitSettingsForm
    from jinye.visits.models import VisitSettings

    dept = place.world.retailer.area.department

    def filled(form_class, instance, prefix: str) -> dict[str, object]:  # type: ignore[no-untyped-def]
        values = model_to_dict(instance, fields=list(form_class.base_fields))
        pre = f"{prefix}-" if prefix else ""
        return {f"{pre}{k}": "" if v is None else v for k, v in values.items()}

    def post(url: str, form_class, instance, prefix: str) -> Callable[[Client, str, str], object]:  # type: ignore[no-untyped-def]
        base = filled(form_class, instance, prefix)
        fields = sorted(base)

        def send(client: Client, field: str, value: str) -> object:
            return client.post(url, {**base, "action": "settings", field: value})

        send.fields = fields  # type: ignore[attr-defined]
        send.base = base  # type: ignore[attr-defined]
        return send

    return {
        "visit settings": post("/visits/rules/", VisitSettingsForm, VisitSettings.current(), "s"),
        "kpi settings": post("/people/kpis/", KpiSettingsForm, kpi_settings(dept), ""),
        "rating settings": post("/ratings/run/", SettingsForm, rating_settings(dept), "cfg"),
    }


@settings(
    max_examples=90,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_no_settings_field_answers_5xx(place: Place, data) -> None:  # type: ignore[no-untyped-def]
    posts = _settings_posts(place)
    form = data.draw(st.sampled_from(sorted(posts)), label="form")
    field = data.draw(st.sampled_from(posts[form].fields), label="field")  # type: ignore[attr-defined]
    value = data.draw(NUMBERS, label="value")
    client = Client()
    client.force_login(place.director.user)
    response = posts[form](client, field, value)
    assert response.status_code < 500  # type: ignore[attr-defined]


def test_the_settings_harness_reaches_the_save(place: Place) -> None:
    """Each form posted back unchanged is saved (a redirect), so the drawn values above meet
    the forms' real validation and save paths."""
    client = Client()
    client.force_login(place.director.user)
    for name, send in _settings_posts(place).items():
        field = send.fields[0]  # type: ignore[attr-defined]
        response = send(client, field, send.base[field])  # type: ignore[attr-defined]
        assert response.status_code == 302, name  # type: ignore[attr-defined]
