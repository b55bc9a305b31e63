"""Targets: decomposition stored exactly, director-only editing, completion; surveys: sample,
entry scope, import errors and idempotence."""

import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import Workbook

from jinye.engines.analysis import Period
from jinye.errors import Forbidden, Invalid
from jinye.targets import selectors, services
from jinye.targets.models import MonthTarget, StockCount
from tests.factories import make_area, make_order, make_retailer, make_sku, make_staff

pytestmark = pytest.mark.django_db


def _setup(dept):
    a1, a2 = make_area(dept), make_area(dept)
    director = make_staff("director", dept=dept)
    cm = make_staff("customer_manager", area=a1)
    r1 = make_retailer(manager=cm)
    r2 = make_retailer(area=a2)
    sku = make_sku()
    # last year: a1 sells 750 条 in January, a2 250 条 in January and 1000 in July
    make_order(r1, [(sku, 750)], on=date(2025, 1, 10))
    make_order(r2, [(sku, 250)], on=date(2025, 1, 11))
    make_order(r2, [(sku, 1000)], on=date(2025, 7, 11))
    return a1, a2, director, cm, r1, r2, sku


def test_target_decomposed_by_last_years_shape_sums_exactly(dept):
    a1, a2, director, *_ = _setup(dept)
    t = services.do_set_annual_target(
        department=dept,
        year=2026,
        volume_cases=1001,
        revenue=10_000_001,
        basis="last_year",
        by=director.user,
    )
    cells = MonthTarget.objects.filter(target=t)
    assert sum(c.volume_cases for c in cells) == 1001
    assert sum(c.revenue for c in cells) == 10_000_001
    jan = {c.area_id: c.volume_cases for c in cells.filter(month=1)}
    # January had 1000 of 2000 条 → 500.5 箱 → largest remainder gives 501 (earlier month wins
    # the tie with July); within January a1:a2 = 3:1 → 375.75 / 125.25 → 376 / 125
    assert jan == {a1.pk: 376, a2.pk: 125}
    assert cells.filter(month=7).get(area=a2).volume_cases == 500
    assert cells.filter(month=3).get(area=a1).volume_cases == 0


def test_even_basis_and_cell_edit_keeps_totals_consistent(dept):
    _, _, director, *_ = _setup(dept)
    t = services.do_set_annual_target(
        department=dept, year=2026, volume_cases=120, revenue=1200, basis="even", by=director.user
    )
    cell = MonthTarget.objects.filter(target=t).first()
    assert cell.volume_cases == 5  # 120 / 12 months / 2 areas
    services.do_edit_month_target(cell=cell, volume_cases=8, revenue=50, by=director.user)
    t.refresh_from_db()
    assert t.volume_cases == sum(c.volume_cases for c in t.months.all()) == 123


def test_only_the_director_sets_targets(dept):
    _, _, _, cm, *_ = _setup(dept)
    with pytest.raises(Forbidden) as exc:
        services.do_set_annual_target(
            department=dept, year=2026, volume_cases=10, revenue=10, basis="even", by=cm.user
        )
    assert exc.value.code == "forbidden"


def test_completion_and_yoy_exclude_cancelled(dept):
    a1, _, director, cm, r1, r2, sku = _setup(dept)
    services.do_set_annual_target(
        department=dept, year=2026, volume_cases=120, revenue=1200, basis="even", by=director.user
    )
    make_order(r1, [(sku, 500)], on=date(2026, 1, 10))
    make_order(r1, [(sku, 500)], on=date(2026, 1, 12), status="cancelled")
    jan = Period(date(2026, 1, 1), date(2026, 1, 31))
    from jinye.retailers.models import Retailer

    rows = selectors.completion_rows(dept, jan, retailers=Retailer.objects.all())
    assert rows[0].plan == 10 and rows[0].actual == Decimal("2.00")
    assert rows[0].completion_pct == Decimal("20.00")
    assert rows[0].yoy_pct == Decimal("-50.00")  # 2 箱 vs 4 箱 (750 + 250 条)
    area_row = next(r for r in rows if r.name == str(a1))
    assert area_row.plan == 5 and area_row.yoy_pct == Decimal("-33.33")  # 2 vs 3 箱


def test_running_period_compares_the_same_days_last_year(dept):
    _, _, director, _, r1, _, sku = _setup(dept)
    services.do_set_annual_target(
        department=dept, year=2026, volume_cases=120, revenue=1200, basis="even", by=director.user
    )
    make_order(r1, [(sku, 250)], on=date(2026, 1, 5))
    jan = Period(date(2026, 1, 1), date(2026, 1, 31))
    from jinye.retailers.models import Retailer

    rows = selectors.completion_rows(
        dept, jan, retailers=Retailer.objects.all(), today=date(2026, 1, 10)
    )
    # last year up to 10 January: only a1's 750 条 (a2's 250 came on the 11th)
    assert rows[0].plan == 10 and rows[0].actual == Decimal("1.00")
    assert rows[0].before == Decimal("3.00") and rows[0].yoy_pct == Decimal("-66.67")


def _survey(dept):
    return services.do_create_survey(
        department=dept,
        name="3月全采",
        taken_on=date(2026, 3, 31),
        sample_share=Decimal("1"),
        seed=1,
    )


def test_sample_is_reproducible(dept):
    area = make_area(dept)
    for _ in range(20):
        make_retailer(area=area)
    s1 = services.do_create_survey(
        department=dept, name="a", taken_on=date(2026, 3, 1), sample_share=Decimal("0.1"), seed=7
    )
    s2 = services.do_create_survey(
        department=dept, name="b", taken_on=date(2026, 3, 2), sample_share=Decimal("0.1"), seed=7
    )
    ids = set(s1.retailers.values_list("pk", flat=True))
    assert len(ids) == 2 and ids == set(s2.retailers.values_list("pk", flat=True))


def test_customer_manager_enters_only_own_retailers(dept):
    *_, cm, r1, r2, sku = _setup(dept)
    survey = _survey(dept)
    services.do_record_counts(survey=survey, retailer=r1, counts={sku: 40}, by=cm.user)
    assert StockCount.objects.get(survey=survey, retailer=r1).cartons == 40
    with pytest.raises(Forbidden) as exc:
        services.do_record_counts(survey=survey, retailer=r2, counts={sku: 5}, by=cm.user)
    assert exc.value.code == "not_your_retailer"


def _xlsx(rows):
    wb = Workbook()
    ws = wb.active
    ws.append(["licence_no", "sku_code", "cartons"])
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf


def test_bad_import_names_rows_and_stores_nothing(dept):
    *_, director, cm, r1, r2, sku = _setup(dept)
    survey = _survey(dept)
    fh = _xlsx(
        [[r1.licence_no, sku.code, 10], [r1.licence_no, "NOPE", 3], [r2.licence_no, sku.code, -1]]
    )
    with pytest.raises(Invalid) as exc:
        services.do_import_counts(survey=survey, fh=fh, by=director.user)
    assert exc.value.code == "import_rejected"
    got = [(p.row, p.field, p.code) for p in exc.value.problems]
    assert got == [(3, "sku_code", "unknown_sku"), (4, "cartons", "bad_cartons")]
    assert not StockCount.objects.exists()


def test_import_scoped_and_idempotent(dept):
    *_, director, cm, r1, r2, sku = _setup(dept)
    survey = _survey(dept)
    with pytest.raises(Invalid) as exc:
        services.do_import_counts(
            survey=survey, fh=_xlsx([[r2.licence_no, sku.code, 1]]), by=cm.user
        )
    got = [(p.row, p.field, p.code) for p in exc.value.problems]
    assert got == [(2, "licence_no", "not_your_retailer")]
    rows = [[r1.licence_no, sku.code, 30], [r2.licence_no, sku.code, 70]]
    assert services.do_import_counts(survey=survey, fh=_xlsx(rows), by=director.user) == 2
    services.do_import_counts(survey=survey, fh=_xlsx(rows), by=director.user)
    assert StockCount.objects.count() == 2


def test_survey_summary_ratios_and_warnings(dept):
    *_, director, cm, r1, r2, sku = _setup(dept)
    survey = _survey(dept)
    make_order(r1, [(sku, 100)], on=date(2026, 3, 20))  # monthly sales 100 条
    services.do_import_counts(
        survey=survey,
        fh=_xlsx([[r1.licence_no, sku.code, 30], [r2.licence_no, sku.code, 70]]),
        by=director.user,
    )
    s = selectors.survey_summary(survey)
    assert s.total_cartons == 100 and s.ratio == Decimal("1.00")
    assert s.ratio_excess == Decimal("0.50")
    assert s.low_stock == {50: 1, 100: 2}  # 30 and 70 条
    assert s.few_skus == {20: 2, 10: 2}
    assert s.skus[0].holding_rate == Decimal("100.00")


def test_entry_page_only_for_own_retailers(client, dept):
    *_, cm, r1, r2, sku = _setup(dept)
    survey = _survey(dept)
    client.force_login(cm.user)
    assert client.get(f"/targets/surveys/{survey.pk}/retailers/{r2.pk}/").status_code == 404
    url = f"/targets/surveys/{survey.pk}/retailers/{r1.pk}/"
    bad = client.post(url, {f"sku-{sku.pk}": "abc"})
    assert "abc" in bad.content.decode() and not StockCount.objects.exists()
    assert client.post(url, {f"sku-{sku.pk}": "12"}).status_code == 302
    assert StockCount.objects.get().cartons == 12
    assert client.get(f"/targets/surveys/{survey.pk}/").status_code == 200


def test_completion_and_yoy_come_from_raw_cartons_rounded_once():
    # 251 条 against 250 条 a year before: both print as 1箱 (1.004, 1.00), but the growth
    # is 0.40%, not the 0% of the rounded cases; 1 条 of a 3箱 plan is 0.13%, not 0%
    row = selectors.Completion("x", 3, 251, 250)
    assert row.actual == row.before == Decimal("1.00")
    assert row.yoy_pct == Decimal("0.40")
    assert selectors.Completion("x", 3, 1, 0).completion_pct == Decimal("0.13")
    assert row.completion_pct == Decimal("33.47")  # 251 / 750
