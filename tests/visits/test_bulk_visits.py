"""do_record_visits: a batch is all or none, matches stops like single visits, and costs a
fixed number of statements whatever its size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jinye.errors import Invalid
from jinye.visits.models import ClosedMonth, Visit, VisitSkuInfo
from jinye.visits.services import (
    SkuSeen,
    VisitIn,
    do_generate_month_plans,
    do_record_visits,
)
from tests.factories import make_sku, make_staff
from tests.visits.factories import LATER, at, fix_stars, make_cm_with_retailers

pytestmark = pytest.mark.django_db


def test_a_batch_links_each_visit_to_its_days_open_stop(monkeypatch):
    fix_stars(monkeypatch, {})
    cm, shops = make_cm_with_retailers(3)
    do_generate_month_plans(department=cm.department, month="2026-12")
    stops = [r.plan_stops.order_by("plan_day__day").first() for r in shops]
    days = [s.plan_day.day for s in stops]
    sku = make_sku()
    visits = [
        VisitIn(r.pk, at(d.year, d.month, d.day), skus=[SkuSeen(sku.pk, 5)])
        for r, d in zip(shops, days, strict=True)
    ]
    # The same retailer twice on one day: the second visit finds no open stop left.
    visits.append(VisitIn(shops[0].pk, at(days[0].year, days[0].month, days[0].day, 15)))
    stored = do_record_visits(user=cm.user, visits=visits, now=LATER)
    assert [v.stop_id for v in stored] == [s.pk for s in stops] + [None]
    assert Visit.objects.count() == 4 and VisitSkuInfo.objects.count() == 3


def test_one_bad_visit_refuses_the_batch_naming_it():
    cm, (mine,) = make_cm_with_retailers(1)
    _, (theirs,) = make_cm_with_retailers(1)
    visits = [
        VisitIn(mine.pk, at(2026, 12, 3)),
        VisitIn(theirs.pk, at(2026, 12, 3)),
        VisitIn(mine.pk, at(2026, 12, 4), guidance=True),
        VisitIn(mine.pk, at(2026, 12, 5), skus=[SkuSeen(999_999, -1)]),
    ]
    with pytest.raises(Invalid) as refused:
        do_record_visits(user=cm.user, visits=visits)
    assert refused.value.code == "visits_refused"
    got = [(p.row, p.field, p.code) for p in refused.value.problems]
    assert got == [
        (2, "retailer", "retailer_out_of_scope"),
        (3, "guidance_content", "guidance_missing"),
        (4, "skus", "unknown_sku"),
        (4, "skus", "negative_stock"),
    ]
    assert not Visit.objects.exists()


def test_a_closed_month_refuses_only_its_visits():
    cm, (r,) = make_cm_with_retailers(1)
    director = make_staff("director", dept=cm.department)
    ClosedMonth.objects.create(department=cm.department, month="2026-11", closed_by=director.user)
    with pytest.raises(Invalid) as refused:
        do_record_visits(
            user=cm.user,
            visits=[VisitIn(r.pk, at(2026, 12, 1)), VisitIn(r.pk, at(2026, 11, 30))],
        )
    got = [(p.row, p.field, p.code) for p in refused.value.problems]
    assert got == [(2, "checked_in_at", "month_closed")]


def test_a_check_in_outside_sane_years_is_refused():
    cm, (r,) = make_cm_with_retailers(1)
    with pytest.raises(Invalid) as refused:
        do_record_visits(user=cm.user, visits=[VisitIn(r.pk, at(1999, 12, 31))])
    got = [(p.row, p.field, p.code) for p in refused.value.problems]
    assert got == [(1, "checked_in_at", "date_out_of_range")]
    assert not Visit.objects.exists()


def test_statements_do_not_grow_with_the_batch():
    cm, shops = make_cm_with_retailers(4)
    sku = make_sku()

    def statements(n: int, first_hour: int) -> int:
        # One visit per shop and hour: two check-ins at one shop within minutes are one visit.
        visits = [
            VisitIn(
                shops[i % 4].pk,
                at(2026, 12, 1 + i % 20, first_hour + i // 20),
                skus=[SkuSeen(sku.pk, i)],
            )
            for i in range(n)
        ]
        with CaptureQueriesContext(connection) as queries:
            do_record_visits(user=cm.user, visits=visits, now=LATER)
        return len(queries.captured_queries)

    assert statements(3, 7) == statements(60, 8)
    assert Visit.objects.count() == 63
