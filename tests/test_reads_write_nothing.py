"""Reads write nothing: a selector, or a GET of a page, leaves every table as it was, even
where a department's settings row does not exist yet (the defaults are shown unsaved)."""

import pytest
from django.apps import apps
from django.test import Client
from django.utils import timezone

from jinye.org.models import Role
from jinye.ratings.selectors import rating_settings
from jinye.supply.models import QuotaPolicy
from jinye.supply.selectors import quota_policy, quota_review
from jinye.supply.services import do_compute_quotas
from jinye.visits.models import VisitSettings
from tests.factories import make_department, make_staff
from tests.supply.factories import make_world

pytestmark = pytest.mark.django_db


def _row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def _client(staff) -> Client:  # type: ignore[no-untyped-def]
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(staff.user)
    return client


def test_quota_policy_read_gives_the_defaults_unsaved() -> None:
    dept = make_department()
    before = _row_counts()
    policy = quota_policy(dept)
    assert policy.pk is None and policy.band_medium == pytest.approx(0.2)
    assert _row_counts() == before


def test_quota_review_selector_and_page_write_nothing() -> None:
    world = make_world(on=timezone.localdate())
    dept = world.retailer.area.department
    director = make_staff(Role.DIRECTOR, dept=dept)
    client = _client(director)
    before = _row_counts()
    month = timezone.localdate().strftime("%Y-%m")
    rows = quota_review(world.retailer.area.retailers.all(), month, department=dept)
    page = client.get("/supply/quotas/")
    assert rows and page.status_code == 200 and world.retailer.name in page.content.decode()
    assert _row_counts() == before


def test_computing_quotas_keeps_the_saved_policy_row() -> None:
    dept = make_department()
    do_compute_quotas(month="2026-12", department=dept)
    assert QuotaPolicy.objects.filter(department=dept).count() == 1


def test_director_settings_pages_write_nothing_before_the_rules_are_saved() -> None:
    director = make_staff(Role.DIRECTOR, dept=make_department())
    client = _client(director)
    before = _row_counts()
    for url in ("/ratings/run/", "/visits/rules/"):
        assert client.get(url).status_code == 200
    assert _row_counts() == before
    assert rating_settings(director.department).pk is None
    assert VisitSettings.current().pk == 1 and not VisitSettings.objects.exists()
